import type { Candidate } from '../../../src/index/timeline/candidates.ts';

let n = 0;

/** A candidate sentence of its own one-off article, published on its day. */
export function candidate(date: string, text: string, dateFrom: Candidate['dateFrom'] = 'published'): Candidate {
  return { date, text, dateFrom, articleId: `a${++n}`, articleTitle: 't', articleDate: date, sentence: 0 };
}
