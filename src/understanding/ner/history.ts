/**
 * Document-level evidence for the second pass: how the first pass labelled the same word elsewhere
 * in the document. News names a person in full once and by surname after, and writes a place in a
 * dateline that the text names again; agreeing with the rest of the document fixes most one-off slips.
 */
import type { NormalizedSentence } from './normalize.ts';
import { TYPES, type Span } from './tags.ts';

const hasUpper = (w: string) => w !== w.toLowerCase();

/** Per sentence, per token: the history feature strings of that token. */
export type DocumentHistory = string[][][];

export function documentHistory(sentences: NormalizedSentence[], spans: Span[][]): DocumentHistory {
  const typeCounts = new Map<string, number[]>();
  const inLongName = new Map<string, number>();
  sentences.forEach((s, k) => {
    for (const span of spans[k]) {
      const t = TYPES.indexOf(span.type);
      for (let i = span.start; i < span.end; i++) {
        const w = s.words[i];
        if (!hasUpper(w)) continue;
        const key = w.toLowerCase();
        let counts = typeCounts.get(key);
        if (!counts) typeCounts.set(key, (counts = [0, 0, 0, 0]));
        counts[t]++;
        if (span.end - span.start > 1) inLongName.set(key, (inLongName.get(key) ?? 0) | (1 << t));
      }
    }
  });
  return sentences.map((s) =>
    s.words.map((w) => {
      if (!hasUpper(w)) return [];
      const key = w.toLowerCase();
      const counts = typeCounts.get(key);
      if (!counts) return ['none'];
      const features: string[] = [];
      let best = 0;
      for (let t = 0; t < TYPES.length; t++) {
        if (counts[t] > counts[best]) best = t;
        if (counts[t] > 0) features.push('has' + TYPES[t]);
      }
      features.push('major' + TYPES[best]);
      const long = inLongName.get(key) ?? 0;
      for (let t = 0; t < TYPES.length; t++) if (long & (1 << t)) features.push('long' + TYPES[t]);
      return features;
    }),
  );
}
