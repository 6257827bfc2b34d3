/**
 * A large corpus derived from a small one, reproducibly (seeded), of distinct articles.
 *
 * Method (seed 21578 by default): derived article k draws a source story A with a seeded PRNG (mulberry32); its
 * title is A's and its body starts with A's first paragraph (with A's dateline). Paragraphs of other stories, each
 * drawn by the PRNG, follow until there are at least four parts and the longest part is at most a quarter of the
 * body (parts are capped at 80 words). Its date is A's date moved forward by floor(k / sources) years, so the
 * corpus spans successive years instead of piling up on 1987. Two derived articles rarely share more than one
 * part, and even two shared parts are at most half of each, so the word 3-shingles they share stay under the
 * near-duplicate threshold (Jaccard 0.5): the loader's grouping keeps them apart, which the bench checks and reports.
 */
import type { Story } from './reuters.ts';

export const DERIVE_SEED = 21578;

/** Deterministic 32-bit PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export { seededRandom as mulberry32 } from '../src/util/random.ts';
import { seededRandom as mulberry32 } from '../src/util/random.ts';

/** At least this many parts, none longer than 1/PARTS of the body. */
const PARTS = 4;
/** No part is longer than this, so that parts stay comparable in size. */
const MAX_PART_WORDS = 80;

export function* deriveStories(sources: Story[], count: number, seed = DERIVE_SEED): Generator<Story> {
  const usable = sources.filter((s) => s.body.trim().length > 0);
  if (usable.length < 4) throw new Error('deriving a corpus needs at least 4 source stories with a body');
  const random = mulberry32(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const paragraphs = usable.map((s) =>
    s.body
      .split('\n\n')
      .map(capWords)
      .map((text) => ({ text, words: wordCount(text) })),
  );
  for (let k = 0; k < count; k++) {
    const a = pick(usable.length);
    const used = new Set([a]);
    const parts = [paragraphs[a][0]];
    let total = parts[0].words;
    let longest = parts[0].words;
    // Parts are added until the longest is at most a quarter of the body: even two parts shared cannot make two articles one story.
    while (parts.length < PARTS || total < PARTS * longest) {
      let b = pick(usable.length);
      while (used.has(b)) b = pick(usable.length);
      used.add(b);
      const part = paragraphs[b][pick(paragraphs[b].length)];
      parts.push(part);
      total += part.words;
      longest = Math.max(longest, part.words);
    }
    yield {
      id: `derived-${k + 1}`,
      title: usable[a].title,
      date: shiftYears(usable[a].date, Math.floor(k / usable.length)),
      source: usable[a].source,
      body: parts.map((p) => p.text).join('\n\n'),
    };
  }
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** At most MAX_PART_WORDS words, cut after the last full sentence that fits (else at a word). */
function capWords(paragraph: string): string {
  const words = paragraph.split(/\s+/);
  if (words.length <= MAX_PART_WORDS) return paragraph;
  const head = words.slice(0, MAX_PART_WORDS).join(' ');
  const sentenceEnd = head.search(/[.!?]["”]?\s[^.!?]*$/);
  return sentenceEnd > head.length / 2 ? head.slice(0, sentenceEnd + 1) : head;
}
function shiftYears(date: string | null, years: number): string | null {
  if (!date || years === 0) return date;
  const year = Number(date.slice(0, 4)) + years;
  // 29 February exists only in leap years.
  const rest =
    date.slice(4) === '-02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))
      ? '-02-28'
      : date.slice(4);
  return `${year}${rest}`;
}
