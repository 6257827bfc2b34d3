/**
 * The engine's derived indexes (search index, entity resolution, entity table) as the article store keeps them:
 * named parts of bytes, JSON or binary, made one at a time when written and read back before a restore.
 */
import type { CoveredArticle, IndexStateRead, IndexStateWrite } from '../store/articles/types.ts';
import type { CorpusEngine } from './engine.ts';
import { jsonPieces, piecesAsBuffers } from './json-pieces.ts';
import { Base64Bytes } from './snapshot.ts';
import { TimeSlices } from '../util/time-slices.ts';

/** A part's name says how its bytes read: JSON text, or binary (the search postings). */
const JSON_PART = 'json:';
const BYTES_PART = 'bytes:';

export async function indexStateOf(
  engine: CorpusEngine,
  version: string,
  slices = new TimeSlices(),
): Promise<IndexStateWrite> {
  const changes = engine.changes;
  // Straight from the engine's articles: where their analyses are is not needed here (entries() looks that up for
  // each, 0.2 s of one block at 260,000 articles); a slice at a time (in one go, 100 ms at 260,000). A change
  // meanwhile shows in unchanged(), and the store keeps the state it has.
  const covers: CoveredArticle[] = [];
  await slices.each(engine.store.values(), ({ article }) =>
    covers.push({ id: article.id, contentHash: article.contentHash, groupId: article.groupId }),
  );
  await engine.readyToExport(slices);
  const exported = engine.exportIndexState() as Record<string, unknown>[];
  const parts = exported.map((part) => {
    const [name] = Object.keys(part);
    const binary = part[name] instanceof Base64Bytes;
    return {
      name: `${binary ? BYTES_PART : JSON_PART}${name}`,
      bytes: () => {
        const value = part[name];
        return value instanceof Base64Bytes
          ? Buffer.from(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength)
          : Buffer.from(JSON.stringify(value));
      },
      // JSON a piece a turn (the search index's state is 12 MB of it at 260,000 articles); bytes are cut by the store.
      ...(binary ? {} : { pieces: () => piecesAsBuffers(jsonPieces(part[name])) }),
    };
  });
  return { version, covers, parts, unchanged: () => engine.changes === changes };
}

/**
 * The saved parts in the form engine.restore takes: JSON parsed when first read, bytes as they are. Where the store
 * reads synchronously, each part is read from it when first used (a one-shot /who reads neither the search index nor
 * the resolver's placement indexes: 4.5 MB at 21k articles).
 */
export async function restorableState(state: IndexStateRead): Promise<unknown[]> {
  const out: unknown[] = [];
  const { partNow } = state;
  for (const stored of state.names) {
    const binary = stored.startsWith(BYTES_PART);
    if (partNow && (binary || stored.startsWith(JSON_PART))) {
      // Bytes are kept once read (a view of them is the search postings); JSON is parsed at each use, as below.
      let kept: Base64Bytes | undefined | null = null;
      out.push({
        get [stored.slice((binary ? BYTES_PART : JSON_PART).length)]() {
          if (!binary) {
            const bytes = partNow(stored);
            return bytes && JSON.parse(bytes.toString('utf8'));
          }
          if (kept === null) {
            const bytes = partNow(stored);
            kept = bytes && new Base64Bytes(bytes);
          }
          return kept;
        },
      });
      continue;
    }
    const bytes = await state.part(stored);
    if (!bytes) continue;
    if (stored.startsWith(BYTES_PART)) out.push({ [stored.slice(BYTES_PART.length)]: new Base64Bytes(bytes) });
    else if (stored.startsWith(JSON_PART)) {
      const name = stored.slice(JSON_PART.length);
      out.push({
        get [name]() {
          return JSON.parse(bytes.toString('utf8'));
        },
      });
    }
  }
  return out;
}
