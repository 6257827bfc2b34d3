/** The one code path from a document's words to labels, shared by training, evaluation and the product. */
import {
  documentCasingOf,
  sentenceFeatures,
  withHistory,
  type FeatureLexicons,
  type SentenceFeatures,
} from './features.ts';
import { documentHistory } from './history.ts';
import type { NerModel } from './model.ts';
import { normalizeDocument, type NormalizedSentence } from './normalize.ts';
import { spansFromBilou, type Span } from './tags.ts';

export interface PreparedDocument {
  sentences: NormalizedSentence[];
  features: SentenceFeatures[];
}

const NO_FEATURES: SentenceFeatures = { hashes: new Uint32Array(0), offsets: new Uint32Array(1) };

/** First-pass features of every sentence (or, given `only`, of those it marks; the rest get none). */
export function prepareDocument(
  words: string[][],
  lexicons: FeatureLexicons,
  truecasing: boolean,
  only?: boolean[],
): PreparedDocument {
  const sentences = normalizeDocument(words, lexicons, truecasing);
  const casing = documentCasingOf(sentences);
  return {
    sentences,
    features: sentences.map((s, k) => (!only || only[k] ? sentenceFeatures(s, casing, lexicons) : NO_FEATURES)),
  };
}

/**
 * Whether a sentence may hold a name at all: some word with a capital letter, other than a common word that opens
 * it ("The", "He") and that the document never capitalises elsewhere ("Marks said" where "Richard Marks" is named).
 * A name in lower case is all but unknown in edited news, and about one sentence in five of newswire has none:
 * tagging those would only cost time.
 */
export function mayHoldName(words: string[], lexicons: FeatureLexicons, capitalisedInDocument: Set<string>): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.toLowerCase() === w) continue;
    const lower = w.toLowerCase();
    const openingCommonWord =
      i === 0 &&
      w.slice(1).toLowerCase() === w.slice(1) &&
      lexicons.lowerWords.has(lower) &&
      !capitalisedInDocument.has(lower);
    if (!openingCommonWord) return true;
  }
  return false;
}

/** Lower-case forms of the words a document capitalises inside its sentences. */
function capitalisedWords(sentences: string[][]): Set<string> {
  const out = new Set<string>();
  for (const words of sentences)
    for (let i = 1; i < words.length; i++) if (words[i].toLowerCase() !== words[i]) out.add(words[i].toLowerCase());
  return out;
}

/** Second-pass features: the first-pass ones plus what the first pass said about the same words elsewhere. */
export function secondPassFeatures(doc: PreparedDocument, firstPass: Span[][]): SentenceFeatures[] {
  const history = documentHistory(doc.sentences, firstPass);
  return doc.sentences.map((s, k) => withHistory(doc.features[k], s, history[k]));
}

/** Spans of every sentence (sentence-relative token indexes), after all passes of the model. */
export function tagDocument(model: NerModel, words: string[][]): Span[][] {
  const capitalised = capitalisedWords(words);
  const taggable = words.map((w) => mayHoldName(w, model.lexicons, capitalised));
  const doc = prepareDocument(words, model.lexicons, model.truecasing, taggable);
  const tag = (stage: number) => (f: SentenceFeatures, k: number) =>
    taggable[k] ? spansFromBilou(model.stages[stage].tag(f)) : [];
  let spans = doc.features.map(tag(0));
  for (let stage = 1; stage < model.stages.length; stage++) spans = secondPassFeatures(doc, spans).map(tag(stage));
  return spans;
}
