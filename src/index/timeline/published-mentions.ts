import type { DatedStatement, LocalEntity } from '../../understanding/analysis-types.ts';
import { splitSentences, tokenize } from '../../understanding/tokenize.ts';

/** Dated articles naming a topic in no statement, read for the sentence that first names it: bounded work per timeline. */
export const PUBLISHED_MENTION_ARTICLES = 8;

/**
 * The first sentence of a dated article that names one of `locals`, as a statement with no date of its own: the
 * timeline puts it on the article's publication day ("dateFrom": "published"). Null when none is long enough to say anything.
 */
export function firstMentionStatement(
  body: string,
  entities: readonly LocalEntity[],
  locals: ReadonlySet<number>,
): DatedStatement | null {
  const indexes = entities.filter((e) => locals.has(e.local)).flatMap((e) => e.sentences);
  if (!indexes.length) return null;
  const sentences = splitSentences(body, tokenize(body));
  for (const i of [...new Set(indexes)].sort((a, b) => a - b)) {
    const s = sentences[i];
    if (!s) continue;
    const text = body.slice(s.start, s.end);
    if (text.split(/\s+/).length < 6) continue;
    return {
      sentence: i,
      text,
      date: null,
      precision: 'unknown',
      explicit: false,
      upcoming: false,
      entities: [...locals],
    };
  }
  return null;
}
