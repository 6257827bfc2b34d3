/**
 * The entity resolution built afresh from the stored analyses without holding the event loop (issue 12): after an
 * article leaves, the engine answers at once from the resolution with that article's names taken out
 * (EntityResolver.removeArticle), which may keep two entities joined that only it joined, and builds this one meanwhile,
 * in slices of a few milliseconds, then swaps it in.
 *
 * While it is built, the engine's articles change: what changed is written down as it happens (a journal of adds and
 * removals) and replayed on the new resolution just before the swap, in O(what changed).
 */
import type { ArticleAnalysis } from '../understanding/analysis-types.ts';
import { TimeSlices } from '../util/time-slices.ts';
import { tableInSlices, type EntityTable } from './entity-table.ts';
import { EntityResolver } from './entity-resolver.ts';

/** What happened to an article while a resolution was being built, in order. */
export type JournalEntry = { op: 'add' | 'remove'; articleId: string };

export interface AfreshSource {
  /** The analysis of an article held now, or undefined (gone, or never understood). */
  analysis(articleId: string): ArticleAnalysis | undefined;
}

export interface Afresh {
  resolver: EntityResolver;
  table: EntityTable;
}

/** Short names placed between two looks at the clock. */
export const SHORT_NAMES_PER_STEP = 256;

/**
 * Resolves these articles' names (in this order: the order they were added, so that the result is the one a fresh
 * build over them gives) and builds their entity table, yielding to the event loop every few milliseconds.
 * `expectedNodes` (the names of the resolution this one replaces) sizes its columns once (see EntityResolver).
 */
export async function resolveInSlices(
  articleIds: readonly string[],
  source: AfreshSource,
  slices = new TimeSlices(),
  expectedNodes = 0,
): Promise<Afresh> {
  const resolver = new EntityResolver(expectedNodes);
  for (const id of articleIds) {
    const analysis = source.analysis(id);
    if (analysis) resolver.takeNames([analysis]);
    await slices.tick();
  }
  while (!resolver.placeShortNames(SHORT_NAMES_PER_STEP)) await slices.tick();
  const table = await tableInSlices(resolver, slices);
  return { resolver, table };
}

/**
 * Brings a resolution built from an earlier set of articles up to date with what happened since, in order: a removal
 * takes the article's names out, an add takes its names (all adds as one batch, short names placed at the end). The
 * changes it makes are left for the entity table to take (takeChanges). True when no article was removed, that is
 * when the result is the one a fresh build followed by these adds gives.
 */
export function replayJournal(
  resolver: EntityResolver,
  journal: readonly JournalEntry[],
  source: AfreshSource,
): boolean {
  let exact = true;
  for (const { op, articleId } of journal) {
    if (op === 'remove') {
      resolver.removeArticle(articleId);
      exact = false;
      continue;
    }
    const analysis = source.analysis(articleId);
    if (analysis) resolver.takeNames([analysis]);
  }
  resolver.placeShortNames();
  return exact && resolver.removedNodes === 0;
}
