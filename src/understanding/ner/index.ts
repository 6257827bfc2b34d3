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
      throw new Error(
        `cannot load the entity model ${MODEL_URL.pathname} (${(err as Error).message}); run \`npm run train:ner\``,
        { cause: err },
      );
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
  const segments = sentences.flatMap((s) => taggingSegments(tokens, s));
  const perSegment = tagDocument(
    m,
    segments.map(([from, to]) => tokens.slice(from, to).map((t) => t.text)),
  );
  const spans: Span[] = [];
  segments.forEach(([from], i) => {
    for (const span of perSegment[i]) spans.push({ ...span, start: span.start + from, end: span.end + from });
  });
  return spans;
}

const KICKER_MAX_TOKENS = 3;

/**
 * Token ranges to tag one at a time. A headline's kicker ("Libya: Macron To Meet Haftar") is tagged apart
 * from the rest: in newswire a name after "Country :" is usually a sports club, which misleads the model.
 */
function taggingSegments(tokens: Token[], s: Sentence): Array<[number, number]> {
  const last = tokens[s.tokenEnd - 1]?.text;
  if (s.tokenEnd - s.tokenStart < 3 || /^[.!?]$/.test(last)) return [[s.tokenStart, s.tokenEnd]];
  for (let i = s.tokenStart + 1; i <= s.tokenStart + KICKER_MAX_TOKENS && i < s.tokenEnd - 1; i++) {
    if (tokens[i].text === ':')
      return [
        [s.tokenStart, i + 1],
        [i + 1, s.tokenEnd],
      ];
  }
  return [[s.tokenStart, s.tokenEnd]];
}

/** Keeps titles out of person names; a name after a personal honorific ("Dr Muscat") is a person. */
function trimSpan(span: Span, tokens: Token[]): Span | null {
  let { start } = span;
  const { end } = span;
  let type = span.type;
  if (
    type !== 'PER' &&
    end - start > 1 &&
    isPersonalHonorific(tokens[start].text) &&
    /^\p{Lu}/u.test(tokens[start + 1].text)
  )
    type = 'PER';
  if (type === 'PER') while (end - start > 1 && isTitleWord(tokens[start].text)) start++;
  // A lone honorific is no name; a lone "King" may well be one (Mervyn King).
  if (type === 'PER' && end - start === 1 && isPersonalHonorific(tokens[start].text)) return null;
  return { start, end, type };
}
