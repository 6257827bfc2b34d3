/** The one code path from a document's words to labels, shared by training, evaluation and the product. */
import { documentCasingOf, sentenceFeatures, withHistory, type FeatureLexicons, type SentenceFeatures } from './features.ts';
import { documentHistory } from './history.ts';
import type { NerModel } from './model.ts';
import { normalizeDocument, type NormalizedSentence } from './normalize.ts';
import { spansFromBilou, type Span } from './tags.ts';

export interface PreparedDocument {
  sentences: NormalizedSentence[];
  features: SentenceFeatures[];
}

/** First-pass features of every sentence. */
export function prepareDocument(words: string[][], lexicons: FeatureLexicons, truecasing: boolean): PreparedDocument {
  const sentences = normalizeDocument(words, lexicons, truecasing);
  const casing = documentCasingOf(sentences);
  return { sentences, features: sentences.map((s) => sentenceFeatures(s, casing, lexicons)) };
}

/** Second-pass features: the first-pass ones plus what the first pass said about the same words elsewhere. */
export function secondPassFeatures(doc: PreparedDocument, firstPass: Span[][]): SentenceFeatures[] {
  const history = documentHistory(doc.sentences, firstPass);
  return doc.sentences.map((s, k) => withHistory(doc.features[k], s, history[k]));
}

/** Spans of every sentence (sentence-relative token indexes), after all passes of the model. */
export function tagDocument(model: NerModel, words: string[][]): Span[][] {
  const doc = prepareDocument(words, model.lexicons, model.truecasing);
  let spans = doc.features.map((f) => spansFromBilou(model.stages[0].tag(f)));
  for (let stage = 1; stage < model.stages.length; stage++) {
    const table = model.stages[stage];
    spans = secondPassFeatures(doc, spans).map((f) => spansFromBilou(table.tag(f)));
  }
  return spans;
}
