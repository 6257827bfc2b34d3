import type { Candidate } from './candidates.ts';
import { aboutStory, UNWEIGHTED, type StoryWeights } from './story-weights.ts';
import { overlap, termCounts } from './terms.ts';

/** How a day's sentences are chosen: rules as data, each with its reason. */
export const SENTENCE_RULES = {
  /** A sentence naming the topic is about it; one that does not may be about a side story of the same article. */
  topicBonus: 1,
  /**
   * A sentence dated by its own words ("the rig exploded on April 20") says what happened that day more surely than a
   * lead dated by publication (which may report yesterday's event or today's reactions): it counts double.
   */
  textDatedBonus: 1,
  /**
   * An entry of a chronology in an article ("May 2 - Obama visits the Gulf Coast") is what a journalist wrote to say
   * what happened that day, in a timeline's own words (short, the actor and the act): it counts four times.
   */
  chronologyBonus: 3,
  /**
   * A sentence that speculates ("could", "may", "might", "would", "should": "the leak could become the worst spill")
   * tells what might happen, not what did: it counts three quarters. Not left out: a warning can be the day's news.
   */
  speculativeFactor: 0.75,
  /**
   * Past this many words a sentence's score shrinks in proportion (x 20/n): a long sentence tells more than one
   * thing, and a timeline entry says one (journalists' entries run 14 to 22 words).
   */
  conciseWords: 20,
  /** Two sentences sharing this share of their words tell the same thing: the second is a repeat. */
  repeatOverlap: 0.5,
  /** Candidates of one day compared: bounded work on a day hundreds of articles talk about. */
  maxPerDay: 400,
};

/** The modal verbs of speculation, lower case (so the month "May" opening a sentence is not one). */
export const SPECULATIVE = /\b(?:could|may|might|would|should)\b/;

interface Scored {
  candidate: Candidate;
  terms: Map<string, number>;
  score: number;
}

/**
 * Ranks a day's candidates: how central each is among them (cosine to their centroid, words weighted by `weights`)
 * times how much it is about the timeline's story (cosine to the story centroid), about the topic first, concise first.
 */
export function rankSentences(
  candidates: readonly Candidate[],
  topicWords: readonly string[],
  weights: StoryWeights = UNWEIGHTED,
): Scored[] {
  const { weight } = weights;
  const list = candidates
    .slice(0, SENTENCE_RULES.maxPerDay)
    .map((candidate) => ({ candidate, terms: termCounts(candidate.text), score: 0 }));
  const centroid = new Map<string, number>();
  for (const s of list) for (const w of s.terms.keys()) centroid.set(w, (centroid.get(w) ?? 0) + weight(w));
  const topic = new Set(topicWords.flatMap((w) => [...termCounts(w).keys()]));
  let centroidNorm = 0;
  for (const n of centroid.values()) centroidNorm += n * n;
  for (const s of list) {
    // Leave the sentence itself out of the centroid, or a long sentence is central by its own weight.
    let dot = 0;
    let sNorm = 0;
    let othersNorm = centroidNorm;
    for (const [w, n] of s.terms) {
      const c = centroid.get(w)!;
      const x = weight(w);
      dot += n * x * (c - x);
      sNorm += n * x * n * x;
      othersNorm += (c - x) * (c - x) - c * c;
    }
    const central = dot > 0 && othersNorm > 0 ? dot / Math.sqrt(sNorm * othersNorm) : 0;
    const aboutTopic = [...topic].some((w) => s.terms.has(w));
    s.score =
      central *
      aboutStory(s.terms, weights) *
      concise(s.candidate.text) *
      (1 + (aboutTopic ? SENTENCE_RULES.topicBonus : 0)) *
      (1 + (s.candidate.dateFrom === 'text' ? SENTENCE_RULES.textDatedBonus : 0)) *
      (1 + (s.candidate.chronology ? SENTENCE_RULES.chronologyBonus : 0)) *
      (SPECULATIVE.test(s.candidate.text) ? SENTENCE_RULES.speculativeFactor : 1);
  }
  return list.sort((a, b) => b.score - a.score || a.candidate.sentence - b.candidate.sentence);
}

/**
 * For each day (in the order given: most important first, up to maxDays days with a sentence), up to k sentences: the most central ones that repeat
 * no sentence already chosen for this or another day.
 */
export function selectSentences(
  days: readonly string[],
  byDay: ReadonlyMap<string, Candidate[]>,
  k: number,
  topicWords: readonly string[],
  maxDays = Infinity,
  weights: StoryWeights = UNWEIGHTED,
): Map<string, Candidate[]> {
  const chosen: Map<string, number>[] = [];
  const out = new Map<string, Candidate[]>();
  for (const day of days) {
    if (out.size >= maxDays) break;
    const picked: Candidate[] = [];
    for (const s of rankSentences(byDay.get(day) ?? [], topicWords, weights)) {
      if (picked.length >= k) break;
      if (chosen.some((c) => overlap(c, s.terms) >= SENTENCE_RULES.repeatOverlap)) continue;
      chosen.push(s.terms);
      picked.push(s.candidate);
    }
    if (picked.length) out.set(day, picked);
  }
  return out;
}

function concise(text: string): number {
  let words = 0;
  for (const piece of text.split(' ')) if (piece) words++;
  return words > SENTENCE_RULES.conciseWords ? SENTENCE_RULES.conciseWords / words : 1;
}
