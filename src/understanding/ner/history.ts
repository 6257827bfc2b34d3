/**
 * Document-level evidence for the second pass: how the first pass labelled the same word elsewhere
 * in the document. News names a person in full once and by surname after, and writes a place in a
 * dateline that the text names again; agreeing with the rest of the document fixes most one-off slips.
 */
import type { NormalizedSentence } from './normalize.ts';
import { TYPES, type Span } from './tags.ts';

/** Per sentence, per token: the history feature codes of that token. */
export type DocumentHistory = number[][][];

/** Codes: 1 = the word is in no first-pass name; then, per type t, 2+t "has t", 6+t "mostly t", 10+t "in a longer name of type t". */
const NONE = 1;
const HAS = 2;
const MAJOR = 6;
const LONG = 10;

const hasUpper = (w: string) => w !== w.toLowerCase();

/** "al-Sarraj" is the same name as "Sarraj": Arabic article particles are dropped from the key. */
const PARTICLE = /^(?:al|el|ad|as|ash|at|az|ar|an)[-‐](?=\p{L}{2})/u;
const keyOf = (w: string) => w.toLowerCase().replace(PARTICLE, '');

interface WordEvidence {
  counts: number[];
  /** Bit per type: seen inside a name of more than one token. */
  long: number;
}

/** What the first pass said about each word, from ordinary lines only when there are any: headlines mislead. */
function collectEvidence(
  sentences: NormalizedSentence[],
  spans: Span[][],
  lines: (s: NormalizedSentence) => boolean,
): Map<string, WordEvidence> {
  const evidence = new Map<string, WordEvidence>();
  sentences.forEach((s, k) => {
    if (!lines(s)) return;
    for (const span of spans[k]) {
      const t = TYPES.indexOf(span.type);
      for (let i = span.start; i < span.end; i++) {
        const w = s.words[i];
        if (!hasUpper(w)) continue;
        const key = keyOf(w);
        let e = evidence.get(key);
        if (!e) evidence.set(key, (e = { counts: [0, 0, 0, 0], long: 0 }));
        e.counts[t]++;
        if (span.end - span.start > 1) e.long |= 1 << t;
      }
    }
  });
  return evidence;
}

export function documentHistory(sentences: NormalizedSentence[], spans: Span[][]): DocumentHistory {
  const fromNormal = collectEvidence(sentences, spans, (s) => s.lineCase === 'normal');
  const fromAll = collectEvidence(sentences, spans, () => true);
  return sentences.map((s) =>
    s.words.map((w) => {
      if (!hasUpper(w)) return [];
      const key = keyOf(w);
      const e = fromNormal.get(key) ?? fromAll.get(key);
      if (!e) return [NONE];
      const features: number[] = [];
      let best = 0;
      for (let t = 0; t < TYPES.length; t++) {
        if (e.counts[t] > e.counts[best]) best = t;
        if (e.counts[t] > 0) features.push(HAS + t);
        if (e.long & (1 << t)) features.push(LONG + t);
      }
      features.push(MAJOR + best);
      return features;
    }),
  );
}
