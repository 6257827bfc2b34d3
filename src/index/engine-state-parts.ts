/**
 * How the engine's derived indexes are laid out as the named parts of a saved index state, both ways: the parts an
 * export is made of (each worked out when it is written, so that they are not all in memory at once), and the saved
 * parts a restore reads back (each read when first needed). The engine decides what to do with them (engine.ts).
 */
import {
  EntityResolver,
  PLACEMENT_INDEXES,
  type PlacementIndexes,
  type PlacementReaders,
  type ResolverState,
  type SavedResolution,
} from './entity-resolver.ts';
import type { SavedRecord } from './engine-parts.ts';
import type { EntityTable } from './entity-table.ts';
import type { SearchIndex } from './search.ts';
import { Base64Bytes, partNamed, readBytesPart } from './snapshot.ts';

/**
 * Largest corpus whose derived indexes go into a snapshot: each is one line, so one string; should one still outgrow
 * what a string can hold, the snapshot is written without them (see saveSnapshot).
 */
export const INDEX_STATE_MAX_ARTICLES = 400_000;

/** Entity records a part holds at most. */
export const ENTITY_PART_RECORDS = 10_000;

/** What an export is made from. */
export interface EngineStateSources {
  search: SearchIndex;
  resolver: EntityResolver;
  table: EntityTable;
}

/**
 * The parts of an export: the search index (its postings as bytes), the resolution's names, shapes and columns, its
 * placement indexes a part each, and the entity table a slice a part. Each part is a getter, worked out when written.
 */
export function engineStateParts(
  { search, resolver, table }: EngineStateSources,
  entityPartRecords = ENTITY_PART_RECORDS,
): unknown[] {
  let searchParts: ReturnType<SearchIndex['toParts']> | null = null;
  const parts = () => (searchParts ??= search.toParts());
  let named: ReturnType<EntityResolver['exportNames']> | null = null;
  const names = () => (named ??= resolver.exportNames());
  let indexes: PlacementIndexes | null = null;
  const placement = () => (indexes ??= resolver.exportIndexes());
  let saved: SavedRecord[] | null = null;
  const records = () => (saved ??= savedRecords(table));
  return [
    {
      get search() {
        return parts().state;
      },
    },
    {
      get searchPool() {
        return Base64Bytes.of(parts().pool);
      },
    },
    // The resolution's names: its articles' runs of nodes, then its name shapes, each a part (made in one turn).
    {
      get resolver() {
        return { runs: names().runs };
      },
    },
    {
      get resolverShapes() {
        return names().shapes;
      },
    },
    {
      get resolverColumns() {
        return Base64Bytes.of(resolver.exportColumns());
      },
    },
    // The placement indexes an index a part (made in 54-211 ms as one part at 21k articles).
    ...PLACEMENT_INDEXES.map((key) => {
      const name = placementPartName(key);
      return {
        get [name]() {
          return placement()[key];
        },
      };
    }),
    // The entity table a slice a part, each made in its own turn of the loop (3.6 MB of JSON at 21k articles took
    // 50-100 ms in one piece); the parts are named entities, entities:001, ... and read back in that order.
    ...Array.from({ length: Math.max(1, Math.ceil(table.byRoot.size / entityPartRecords)) }, (_, k) => {
      const name = entityPartName(k);
      return {
        get [name]() {
          return records().slice(k * entityPartRecords, (k + 1) * entityPartRecords);
        },
      };
    }),
  ];
}

function savedRecords(table: EntityTable): SavedRecord[] {
  return [...table.byRoot.values()].map((r) => [
    r.root,
    r.slug,
    r.type,
    r.name,
    r.aliases,
    r.mentions,
    table.names.entry(r.root)!.keys!,
  ]);
}

/** The saved search index: its state, and its postings read when first needed; undefined when not saved. */
export function savedSearch(
  indexState: unknown[] | undefined,
): { state: () => unknown; pool: () => Int32Array | undefined } | undefined {
  const state = partNamed(indexState, 'search');
  return state && { state, pool: () => int32View(readBytesPart(indexState, 'searchPool')) };
}

/**
 * The saved resolution as EntityResolver.fromState takes it (the runs and shapes read when called, the placement
 * indexes when a name is next placed); undefined when a part is missing or unreadable.
 */
export function savedResolution(indexState: unknown[] | undefined): (() => SavedResolution) | undefined {
  const runs = partNamed<Pick<ResolverState, 'runs'>>(indexState, 'resolver');
  const shapes = partNamed<ResolverState['shapes']>(indexState, 'resolverShapes');
  const packed = int32View(readBytesPart(indexState, 'resolverColumns'));
  const columns = packed && EntityResolver.columnsOf(packed);
  const indexes = placementIndexes(indexState);
  if (!runs || !shapes || !columns || !indexes) return undefined;
  return () => ({ runs: runs()?.runs ?? [], shapes: shapes() ?? [], ...columns, indexes });
}

/** The saved entity table from its parts (entities, entities:001, ...), in order; undefined when a part is missing or not a list. */
export function savedEntityRecords(indexState: unknown[] | undefined): SavedRecord[] | undefined {
  const out: SavedRecord[] = [];
  for (let k = 0; ; k++) {
    const part = partNamed<SavedRecord[]>(indexState, entityPartName(k));
    if (!part) return k === 0 ? undefined : out;
    const records = part();
    if (!Array.isArray(records)) return undefined;
    for (const r of records) out.push(r);
  }
}

/** Bytes as 32-bit integers: a view when they are aligned (a large decoded buffer is), else a copy. */
function int32View(bytes: Buffer | undefined): Int32Array | undefined {
  if (!bytes || bytes.length % 4 !== 0) return undefined;
  if (bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  return new Int32Array(new Uint8Array(bytes).buffer);
}

/** The k-th part of the saved entity table: entities, entities:001, entities:002, ... (names sort in that order). */
const entityPartName = (k: number) => (k === 0 ? 'entities' : `entities:${String(k).padStart(3, '0')}`);

/** The part holding one of the saved placement indexes. */
const placementPartName = (key: (typeof PLACEMENT_INDEXES)[number]) => `resolverIndexes:${key}`;

/** The saved placement indexes, each read from its part when called; undefined when one is missing. */
function placementIndexes(indexState: unknown[] | undefined): PlacementReaders | undefined {
  const parts = PLACEMENT_INDEXES.map((key) => partNamed<unknown>(indexState, placementPartName(key)));
  if (parts.some((p) => !p)) return undefined;
  return Object.fromEntries(PLACEMENT_INDEXES.map((key, i) => [key, parts[i]!])) as unknown as PlacementReaders;
}
