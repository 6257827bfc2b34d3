/** Reading a snapshot: the articles parsed, each analysis and each part of the index state read from the file when used. */
import { openSync, promises as fs, read } from 'node:fs';
import { promisify } from 'node:util';
import type { Article } from '../../corpus/types.ts';
import { ByteFile, readPlace } from '../analysis-bytes.ts';
import type { SnapshotEntry, SnapshotKey, SnapshotHeader, SnapshotRead, AnalysisCounts } from './types.ts';
import { SNAPSHOT_FORMAT } from './types.ts';
import { Base64Bytes } from './write.ts';
import { crc32 } from './crc32.ts';

/**
 * Reads a snapshot when its key matches; otherwise says why it cannot be used. Never throws on a bad file.
 * The file stays open: the entries' analyses and the state parts are read from it when first needed.
 */
export async function readSnapshot(file: string, key: SnapshotKey): Promise<SnapshotRead> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return { ok: false, reason: 'no snapshot yet' };
  try {
    const read = new SnapshotReader(key, new ByteFile(openSync(file, 'r')));
    for await (const line of lines(read.file, read.wholeLines)) {
      const stop = read.line(line);
      if (stop) return { ok: false, reason: stop };
    }
    const incomplete = read.incomplete();
    if (incomplete) return { ok: false, reason: incomplete };
    return {
      ok: true,
      entries: read.entries,
      ...(read.indexState.length ? { indexState: read.indexState } : {}),
      bytes: stat.size,
    };
  } catch (err) {
    return { ok: false, reason: `snapshot is unreadable (${String((err as Error)?.message ?? err).slice(0, 80)})` };
  }
}

/** Takes a snapshot's lines in order: the header, the articles, the state parts, the trailer. */
class SnapshotReader {
  private header: SnapshotHeader | null = null;
  readonly entries: SnapshotEntry[] = [];
  readonly indexState: unknown[] = [];
  private checked = false;
  /** Lines needed whole (the header and articles): a state part is read from the file when it is used. */
  readonly wholeLines = { count: 1 };

  constructor(
    private readonly key: SnapshotKey,
    readonly file: ByteFile,
  ) {}

  /** Takes one line; returns why the snapshot cannot be used, if it cannot. */
  line(line: Line): string | null {
    if (this.checked) return 'snapshot has unexpected extra content';
    if (
      this.header &&
      this.entries.length === this.header.articles &&
      this.indexState.length === this.header.stateParts
    )
      return this.trailer(line);
    if (!this.header) {
      this.header = JSON.parse(line.bytes.toString('utf8')) as SnapshotHeader;
      this.wholeLines.count = 1 + (Number(this.header.articles) || 0);
      return staleness(this.header, this.key);
    }
    if (this.entries.length < this.header.articles) this.entries.push(entryOf(line, this.file));
    else this.indexState.push(partOf(line, this.file));
    return null;
  }

  incomplete(): string | null {
    if (!this.header) return 'snapshot is empty';
    return this.checked ? null : 'snapshot is incomplete (cut short)';
  }

  private trailer(line: Line): string | null {
    const { crc32: expected } = JSON.parse(line.bytes.toString('utf8')) as { crc32?: unknown };
    this.checked = true;
    return expected === line.crcBefore ? null : 'snapshot is unreadable (corrupt: its checksum does not match)';
  }
}

/** An article line: the article parsed now; its analysis left in the file, where the line says it is. */
function entryOf(line: Line, file: ByteFile): SnapshotEntry {
  const tab = line.bytes.indexOf(9);
  if (tab < 0) throw new Error('an article line has no analysis');
  const [article, counts] = JSON.parse(line.bytes.toString('utf8', 0, tab)) as [Article, AnalysisCounts | null];
  // The analysis runs from after the tab to before the newline.
  const analysis = counts ? { file, offset: line.offset + tab + 1, length: line.length - tab - 2 } : null;
  return { article, counts, analysis };
}

/** Where each named part read from a snapshot has its value in the file. */
const partPlaces = new WeakMap<object, { file: ByteFile; offset: number; length: number }>();

/** A state part: a named one (see partPieces) is parsed from the file when first read, and not kept. */
function partOf(line: Line, file: ByteFile): unknown {
  const tab = line.bytes.indexOf(9);
  if (tab < 0) {
    if (line.bytes.length < line.length) throw new Error('a state part has no name');
    return JSON.parse(line.bytes.toString('utf8'));
  }
  const name = JSON.parse(line.bytes.toString('utf8', 0, tab)) as string;
  if (typeof name !== 'string') throw new Error('a state part has no name');
  const place = { file, offset: line.offset + tab + 1, length: line.length - tab - 2 };
  const part = {
    get [name]() {
      return JSON.parse(readPlace(place).toString('utf8'));
    },
  };
  partPlaces.set(part, place);
  return part;
}

/** The value of the named state part, as a function that reads it when called; undefined when there is no such part. */
export function partNamed<T>(indexState: unknown[] | undefined, name: string): (() => T) | undefined {
  const part = findPart(indexState, name);
  return part && (() => part[name] as T);
}

function findPart(indexState: unknown[] | undefined, name: string): Record<string, unknown> | undefined {
  return indexState?.find(
    (p): p is Record<string, unknown> => typeof p === 'object' && p !== null && !Array.isArray(p) && name in p,
  );
}

/**
 * The bytes of a part written as Base64Bytes, or undefined when there is no such part. A part read from a snapshot
 * is decoded from the file a few megabytes at a time, never held as one string.
 */
export function readBytesPart(indexState: unknown[] | undefined, name: string): Buffer | undefined {
  const part = findPart(indexState, name);
  if (!part) return undefined;
  const place = partPlaces.get(part);
  if (!place) {
    const value = part[name];
    if (value instanceof Base64Bytes)
      return Buffer.from(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength);
    return typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
  }
  // A JSON string of base64: its quotes hold 4 characters for every 3 bytes.
  if (place.length < 2 || (place.length - 2) % 4 !== 0) return undefined;
  const quote = place.file.read(place.offset, 1)[0];
  if (quote !== 34 || place.file.read(place.offset + place.length - 1, 1)[0] !== 34) return undefined;
  const text = place.length - 2;
  const out = Buffer.allocUnsafe((text / 4) * 3);
  let written = 0;
  const step = 4 << 20;
  for (let at = 0; at < text; at += step)
    written += out.write(
      place.file.read(place.offset + 1 + at, Math.min(step, text - at)).toString('latin1'),
      written,
      'base64',
    );
  return out.subarray(0, written);
}

function staleness(header: Partial<SnapshotHeader>, key: SnapshotKey): string | null {
  if (header?.format !== SNAPSHOT_FORMAT) return `snapshot format ${String(header?.format)} is not ${SNAPSHOT_FORMAT}`;
  if (header.version !== key.version) return 'snapshot was made by another version of the code';
  if (header.corpus !== key.corpus) return 'the corpus changed since the snapshot was made';
  if (typeof header.articles !== 'number' || typeof header.stateParts !== 'number')
    return 'snapshot header is incomplete';
  return null;
}

/** The file in chunks of 4 MB. Not a read stream: one would close the descriptor, which the file's entries still read from. */
async function* chunks(fd: number): AsyncGenerator<Buffer> {
  for (let position = 0; ; ) {
    const buffer = Buffer.allocUnsafe(4 << 20);
    const { bytesRead } = await readAt(fd, buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

const readAt = promisify(read);

/** A line of the file: where it is, its bytes (only the first few kilobytes of a long state part), and the checksum of every line before it. */
interface Line {
  bytes: Buffer;
  offset: number;
  length: number;
  crcBefore: number;
}

/** Bytes of a long line kept in memory past the lines needed whole: enough for a part's name. */
const LINE_HEAD = 64 << 10;

/**
 * The file's lines, newline included, with the running checksum, chunk by chunk: memory holds one chunk (and the
 * line in progress), not the whole file. The first `whole.count` lines come whole; later ones (the state parts, up
 * to hundreds of megabytes) come as their first bytes and their place, and are read from the file when used.
 */
async function* lines(file: ByteFile, whole: { count: number }): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let [offset, index, crc, crcBefore] = [0, 0, 0, 0];
  for await (const chunk of chunks(file.fd)) {
    let start = 0;
    for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, end + 1);
      crc = crc32(piece, crc);
      const length = pendingBytes + piece.length;
      const truncated = index >= whole.count && length > LINE_HEAD;
      const bytes = truncated
        ? Buffer.concat([...pending, piece]).subarray(0, LINE_HEAD)
        : pending.length
          ? Buffer.concat([...pending, piece])
          : piece;
      yield { bytes, offset, length, crcBefore };
      [offset, index, crcBefore, pending, pendingBytes, start] = [offset + length, index + 1, crc, [], 0, end + 1];
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      crc = crc32(rest, crc);
      // A long line past those needed whole: keep its head only (the name of its part).
      if (index < whole.count || pendingBytes < LINE_HEAD)
        pending.push(index < whole.count ? rest : rest.subarray(0, LINE_HEAD - pendingBytes));
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes) throw new Error('last line is cut short');
}
