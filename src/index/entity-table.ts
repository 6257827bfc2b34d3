/**
 * The entity table: one record per entity of the whole corpus (its name, aliases, type, mentions), and the names index
 * that finds it, updated in place as the resolution changes.
 */
import { coreWords, stripAccents } from '../understanding/names.ts';
import type { EntityType } from '../understanding/types.ts';
import type { CorpusEngine } from './engine.ts';
import { dedupeBy, type EntityRecord } from './engine-parts.ts';
import { NamesIndex } from './names-index.ts';
import type { EntityResolver } from './entity-resolver.ts';
import type { TimeSlices } from '../util/time-slices.ts';

export interface EntityTable {
  byRoot: Map<number, EntityRecord>;
  bySlug: Map<string, EntityRecord>;
  names: NamesIndex;
}

export function emptyTable(): EntityTable {
  return { byRoot: new Map(), bySlug: new Map(), names: new NamesIndex() };
}

/**
 * The entity table, updated in place: only entities that new articles created, grew or merged, or that removed
 * articles shrank, are rebuilt, so one article costs what it touches, not the corpus.
 */
export function entityTable(engine: CorpusEngine): EntityTable {
  return updateTable((engine.table ??= emptyTable()), engine.resolver);
}

function updateTable(table: EntityTable, resolver: EntityResolver): EntityTable {
  const { changed, gone } = resolver.takeChanges();
  for (const root of [...gone, ...changed]) {
    const old = table.byRoot.get(root);
    if (!old) continue;
    table.byRoot.delete(root);
    table.bySlug.delete(old.slug);
    table.names.remove(root);
  }
  // In the order the entities were first read, so that names shared by two entities get the same ids every time.
  for (const root of [...changed].sort((a, b) => a - b)) addRecord(table, resolver, root);
  return table;
}

function addRecord(table: EntityTable, resolver: EntityResolver, root: number): void {
  const record = makeRecord(resolver, root, resolver.members(root));
  let slug = record.slug;
  for (let n = 2; table.bySlug.has(slug); n++) slug = `${record.slug}-${n}`;
  record.slug = slug;
  table.byRoot.set(root, record);
  table.bySlug.set(slug, record);
  table.names.add({ id: root, mentions: record.mentions, names: record.aliases });
}

/**
 * The table of a resolution built afresh (every entity new), a few records at a time between yields to the event
 * loop: the same table entityTable gives it in one go. The resolution must not change meanwhile.
 */
export async function tableInSlices(resolver: EntityResolver, slices: TimeSlices): Promise<EntityTable> {
  const table = emptyTable();
  for (const root of resolver.rootsInOrder()) {
    addRecord(table, resolver, root);
    await slices.tick();
  }
  return table;
}

export function makeRecord(resolver: EntityResolver, root: number, unordered: number[]): EntityRecord {
  // In the order the names were read, so that a restored index answers exactly as the one it was saved from.
  const members = [...unordered].sort((a, b) => a - b);
  const type = resolver.typeOf(members);
  const formCounts = new Map<string, number>();
  let mentions = 0;
  for (const i of members) {
    const local = resolver.shape(i);
    const n = resolver.mentionsOf(i);
    mentions += n;
    formCounts.set(local.name, (formCounts.get(local.name) ?? 0) + n);
    for (const f of local.forms) if (!formCounts.has(f)) formCounts.set(f, 0);
    if (local.acronym && !formCounts.has(local.acronym)) formCounts.set(local.acronym, 0);
  }
  const name = canonicalName(type, formCounts);
  const aliases = [name, ...dedupeCaseless([...formCounts.keys()].filter((f) => f !== name))];
  return { root, slug: slugify(name), type, name, aliases, members, mentions, articleIds: null };
}

/** The articles naming an entity, in the order its names were read. */
export function articleIdsOf(engine: CorpusEngine, r: EntityRecord): string[] {
  r.articleIds ??= [...new Set(r.members.map((i) => engine.resolver.articleOf(i)))];
  return r.articleIds;
}

function canonicalName(type: EntityType, counts: Map<string, number>): string {
  let best = '';
  let bestScore = -Infinity;
  for (const [form, n] of counts) {
    const words = coreWords(form).length;
    const allCaps = /^[\p{Lu}\d&.]+$/u.test(form);
    // People by their fullest name; bodies and places by the form most used, spelled out rather than as an acronym.
    const score = type === 'person' ? words * 1000 + n : (allCaps ? 0 : 1000) + n * 10 + words;
    if (score > bestScore) [best, bestScore] = [form, score];
  }
  return best;
}

function slugify(name: string): string {
  return (
    stripAccents(name)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'entity'
  );
}

function dedupeCaseless(list: string[]): string[] {
  return dedupeBy(list, (s) => s.toLowerCase());
}
