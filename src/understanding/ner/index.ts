/**
 * Named entities of one document: an averaged-perceptron BILOU tagger trained on CoNLL-2003
 * (models/ner.bin, written by `npm run train:ner`), run over the document's own tokens and sentences.
 */
import type { EntityMention, MentionType, Sentence, Token } from '../types.ts';
import { NerModel } from './model.ts';
import { tagDocument } from './pipeline.ts';
import { type NerType, type Span } from './tags.ts';
import { isPersonalHonorific, isTitleWord } from './titles.ts';

export const MODEL_URL = new URL('../../../models/ner.bin', import.meta.url);

let model: NerModel | null = null;

/** The model, loaded on first use (once per process or worker thread). */
export function nerModel(): NerModel {
  if (!model) {
    try {
      model = NerModel.load(MODEL_URL);
    } catch (err) {
      throw new Error(`cannot load the entity model ${MODEL_URL.pathname} (${(err as Error).message}); run \`npm run train:ner\``);
    }
  }
  return model;
}

const MENTION_TYPE: Record<NerType, MentionType> = { PER: 'person', LOC: 'place', ORG: 'organization', MISC: 'misc' };

/** Entities of one document; type 'misc' allowed in output (callers drop it). Offsets are into `text`. */
export function recognizeEntities(text: string, tokens: Token[], sentences: Sentence[]): EntityMention[] {
  const spans = tagSentences(tokens, sentences);
  const mentions: EntityMention[] = [];
  for (const span of spans) {
    const trimmed = trimSpan(span, tokens);
    if (!trimmed) continue;
    const start = tokens[trimmed.start].start;
    const end = tokens[trimmed.end - 1].end;
    mentions.push({ text: text.slice(start, end), type: MENTION_TYPE[trimmed.type], start, end });
  }
  return mentions;
}

/** Spans over document token indexes. */
export function tagSentences(tokens: Token[], sentences: Sentence[]): Span[] {
  const m = nerModel();
  const words = sentences.map((s) => tokens.slice(s.tokenStart, s.tokenEnd).map((t) => t.text));
  const perSentence = tagDocument(m, words);
  const spans: Span[] = [];
  sentences.forEach((s, i) => {
    for (const span of perSentence[i]) spans.push({ ...span, start: span.start + s.tokenStart, end: span.end + s.tokenStart });
  });
  return spans;
}

/** Keeps titles out of person names and a trailing possessive out of every name. */
function trimSpan(span: Span, tokens: Token[]): Span | null {
  let { start, end } = span;
  let type = span.type;
  if (type !== 'PER' && end - start > 1 && isPersonalHonorific(tokens[start].text) && /^\p{Lu}/u.test(tokens[start + 1].text)) type = 'PER';
  if (type === 'PER') while (end - start > 1 && isTitleWord(tokens[start].text)) start++;
  while (end - start > 1 && /^['’]s?$/i.test(tokens[end - 1].text)) end--;
  if (type === 'PER' && end - start === 1 && isTitleWord(tokens[start].text)) return null;
  return { start, end, type };
}
