/** Writing a snapshot: a line per article, then a line per part of the index state, then the checksum trailer. */
import { once } from 'node:events';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { readPlace } from '../analysis-bytes.ts';
import type { SnapshotEntry, SnapshotKey, SnapshotHeader, SnapshotSource } from './types.ts';
import { SNAPSHOT_FORMAT } from './types.ts';
import { crc32 } from './crc32.ts';

/** Writes the snapshot atomically (a temporary file renamed into place); returns its size. */
export async function saveSnapshot(
  file: string,
  source: SnapshotSource,
  key: SnapshotKey,
): Promise<{ bytes: number; articles: number }> {
  const entries = source.entries();
  const indexState = source.exportIndexState?.();
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    ...key,
    articles: entries.length,
    stateParts: indexState?.length ?? 0,
    createdAt: new Date().toISOString(),
  };
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    try {
      await writeLines(temporary, piecesOf(header, entries, indexState));
    } catch (err) {
      // A part of index state too large for one string (RangeError): keep the articles, let a restart rebuild the indexes.
      if (!(err instanceof RangeError) || !indexState?.length) throw err;
      await writeLines(temporary, piecesOf({ ...header, stateParts: 0 }, entries, undefined));
    }
    await fs.rename(temporary, file);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
  return { bytes: (await fs.stat(file)).size, articles: entries.length };
}

/** The snapshot as pieces of text, each line ending in a newline piece. */
function* piecesOf(
  header: SnapshotHeader,
  entries: SnapshotEntry[],
  indexState: unknown[] | undefined,
): Generator<string> {
  yield JSON.stringify(header);
  yield '\n';
  for (const entry of entries) {
    yield articleLine(entry);
    yield '\n';
  }
  for (const part of indexState ?? []) {
    yield* partPieces(part);
    yield '\n';
  }
}

/** The article and what a reader needs to know of its analysis before parsing it, then the analysis after a tab. */
function articleLine({ article, counts, analysis }: SnapshotEntry): string {
  return `${JSON.stringify([article, analysis && counts])}\t${analysis ? readPlace(analysis).toString('utf8') : 'null'}`;
}

/**
 * A named part as `"name"<TAB>value`, so that a reader can leave the value in the file until it is used. Bytes
 * (Base64Bytes) are written as a base64 string a few megabytes at a time: the search index's postings, some 200 MB
 * at 200,000 articles, never become one string.
 */
function* partPieces(part: unknown): Generator<string> {
  const names = part !== null && typeof part === 'object' && !Array.isArray(part) ? Object.keys(part) : [];
  if (names.length !== 1) {
    yield JSON.stringify(part);
    return;
  }
  const value = (part as Record<string, unknown>)[names[0]];
  yield `${JSON.stringify(names[0])}\t`;
  if (!(value instanceof Base64Bytes)) {
    yield JSON.stringify(value);
    return;
  }
  yield '"';
  const { bytes } = value;
  const step = 3 << 20; // a multiple of 3 bytes: the pieces join into one valid base64 string
  for (let at = 0; at < bytes.length; at += step)
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(step, bytes.length - at)).toString('base64');
  yield '"';
}

/**
 * Binary data in a state part: written to a snapshot as base64 (see partPieces) and read back with readBytesPart,
 * which decodes it from the file piece by piece; as JSON elsewhere (a test's round trip), a base64 string.
 */
export class Base64Bytes {
  constructor(readonly bytes: Uint8Array) {}

  static of(array: ArrayBufferView): Base64Bytes {
    return new Base64Bytes(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }

  toJSON(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('base64');
  }
}

/** Writes the pieces, then the trailer: the CRC-32 of every line before it. */
async function writeLines(file: string, pieces: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  let chunk: string[] = [];
  let chunkLength = 0;
  let checksum = 0;
  const flush = async () => {
    const text = chunk.join('');
    checksum = crc32(text, checksum);
    // events.once rejects on 'error' and removes its listeners either way.
    if (!out.write(text)) await once(out, 'drain');
    [chunk, chunkLength] = [[], 0];
  };
  try {
    for (const piece of pieces) {
      chunk.push(piece);
      chunkLength += piece.length;
      if (chunkLength >= 1 << 20) await flush();
    }
    await flush();
  } catch (err) {
    out.destroy();
    await closed.catch(() => undefined);
    throw err;
  }
  out.write(`${JSON.stringify({ crc32: checksum })}\n`);
  out.end();
  await closed;
}
