import type { Candidate } from './candidates.ts';
import { termCounts } from './terms.ts';

/** What the whole timeline's candidates say about its words: how telling each is, and what the story is about. */
export interface StoryWeights {
  /** A word's weight: rarer among the timeline's candidates, weightier (inverse document frequency, smoothed). */
  weight(word: string): number;
  /** The story's centroid: each word's weight summed over the candidates that use it. */
  story: ReadonlyMap<string, number>;
  /** Its norm, computed once. */
  storyNorm: number;
}

/** Equal weights and no story: plain centrality (what a caller without the timeline's candidates gets). */
export const UNWEIGHTED: StoryWeights = { weight: () => 1, story: new Map(), storyNorm: 0 };

/**
 * Word weights and the story centroid of a timeline's candidates. A word every day uses ("oil" in an oil-spill
 * timeline) tells no day from another; the story centroid says what the timeline is about as a whole, so a day's
 * side story (a sports result in the week's news) scores below the day's part of the story.
 */
export function storyWeights(candidates: readonly Candidate[]): StoryWeights {
  const df = new Map<string, number>();
  for (const c of candidates) for (const w of termCounts(c.text).keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = candidates.length;
  const idf = new Map<string, number>();
  for (const [w, d] of df) idf.set(w, Math.log((n + 1) / (d + 1)) + 1);
  const weight = (w: string) => idf.get(w) ?? Math.log(n + 1) + 1;
  const story = new Map<string, number>();
  for (const [w, d] of df) story.set(w, d * idf.get(w)!);
  let norm = 0;
  for (const v of story.values()) norm += v * v;
  return { weight, story, storyNorm: Math.sqrt(norm) };
}

/** Cosine between a sentence's weighted words and the story centroid (0 without a story). */
export function aboutStory(terms: ReadonlyMap<string, number>, weights: StoryWeights): number {
  if (!weights.storyNorm) return 1;
  let dot = 0;
  let norm = 0;
  for (const [w, n] of terms) {
    const x = n * weights.weight(w);
    norm += x * x;
    dot += x * (weights.story.get(w) ?? 0);
  }
  return dot > 0 ? dot / (Math.sqrt(norm) * weights.storyNorm) : 0;
}
