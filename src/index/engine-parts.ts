/** What the engine's parts share: how an article is held, and small helpers for ordering and comparing text. */
import type { Article } from '../corpus/types.ts';
import { stripAccents } from '../understanding/names.ts';
import type { EntityType } from '../understanding/types.ts';
import type { AnalysisCounts } from './snapshot.ts';
import type { ArticleMeta } from './types.ts';

export interface StoredArticle {
  article: Article;
  /** Statements and local entities of its analysis (kept in the analysis store); null when it was not understood. */
  counts: AnalysisCounts | null;
  alsoIn: string[];
}

/** One entity of the whole corpus: the union of the local entities that name it. */
export interface EntityRecord {
  root: number;
  slug: string;
  type: EntityType;
  name: string;
  aliases: string[];
  members: number[];
  mentions: number;
  /** Worked out on first use (articleIdsOf). */
  articleIds: string[] | null;
  /** Its articles, oldest first, as a profile lists them: worked out on first use, kept until the entity changes. */
  listed?: ArticleRef[];
}

/** An article as a profile lists it. */
export type ArticleRef = { id: string; title: string; date: string | null };

/** An entity record as a snapshot keeps it, with the keys its names are matched by. */
export type SavedRecord = [
  root: number,
  slug: string,
  type: EntityType,
  name: string,
  aliases: string[],
  mentions: number,
  keys: string[],
];

/** Whether the article was understood (near-duplicates are not). */
export function understood(s: StoredArticle): boolean {
  return s.counts !== null;
}

export function toMeta(s: StoredArticle): ArticleMeta {
  const { id, title, date, source, url, words, path } = s.article;
  return { id, title, date, source, url, words, path, alsoIn: [...s.alsoIn] };
}

export function byDateDesc(a: Pick<ArticleMeta, 'date' | 'path'>, b: Pick<ArticleMeta, 'date' | 'path'>): number {
  if (a.date === b.date) return compareKeys(a.path, b.path);
  if (!a.date) return 1;
  if (!b.date) return -1;
  return compareKeys(b.date, a.date);
}

/** Code-unit order: ISO keys sort as dates, and "~" (unknown) after every digit, which localeCompare does not do. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function dedupeBy<T>(list: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const STOP = new Set(
  'a an the and or but of to in on at for from by with as is was were are be been has have had that this which who it its his her their he she they said says told will would could after before over about than more also'.split(
    ' ',
  ),
);

export function jaccardOf(a: Set<string>, b: string[]): number {
  if (!a.size || !b.length) return 0;
  let inter = 0;
  for (const w of b) if (a.has(w)) inter++;
  return inter / (a.size + b.length - inter);
}

export function withinRatio(a: number, b: number, ratio: number): boolean {
  return Math.min(a, b) >= ratio * Math.max(a, b);
}

export function contentWords(text: string): string[] {
  return [
    ...new Set(
      stripAccents(text)
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 2 && !STOP.has(w)),
    ),
  ];
}
