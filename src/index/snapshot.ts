/**
 * Index snapshots: the understood corpus written to disk, so that a restart answers in seconds instead of
 * analysing every article again.
 *
 * A snapshot is trusted only when its key matches: the snapshot format, the version of the code that made it (a
 * hash of the sources and models of corpus, understanding and index, and of package.json), and the corpus
 * fingerprint (every article file's path, size and modification time, as the loader would list them). Anything else
 * (older code, an edited or added file, a truncated or corrupt snapshot) is reported with the reason and rebuilt.
 *
 * Format: JSON lines. Line 1 is the header (key, article count); then one line per stored article,
 * `[article, [statements, entities]|null]<TAB>analysis|null`: a restart parses the articles and leaves each analysis
 * in the file, read at its offset when an answer needs it; then, when the engine can export it, its derived index
 * state (search index, entity resolution, entity table) as named parts, `"name"<TAB>value`, each likewise read from
 * the file when it is used (binary parts, the search postings, as base64 decoded a few megabytes at a time); last, a
 * trailer holding the CRC-32 of every line before it, so that what is read late was checked early. Memory holds one
 * chunk of the file while reading, and afterwards neither the analyses nor the parts' text.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, openSync, promises as fs, read } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { Article } from '../corpus/types.ts';
import { ByteFile, readPlace, type Place } from './analysis-bytes.ts';
import { filesUnder } from '../store/articles/versions.ts';

export const SNAPSHOT_FORMAT = 3;

/** An article and its analysis, as JSON bytes: a restart reads them from the snapshot file when an answer needs them. */
export interface SnapshotEntry {
  article: Article;
  /** Statements and local entities in its analysis; null when the article was not understood (a near-duplicate). */
  counts: AnalysisCounts | null;
  analysis: Place | null;
}

export type AnalysisCounts = [statements: number, entities: number];

export interface SnapshotKey {
  /** Hash of the code and models that shape the stored data. */
  version: string;
  /** Hash of the corpus files' paths, sizes and modification times. */
  corpus: string;
}

interface SnapshotHeader extends SnapshotKey {
  format: number;
  articles: number;
  /** Lines of index state after the articles (0 when the engine exports none). */
  stateParts: number;
  createdAt: string;
}

/**
 * What a snapshot is written from: the engine's entries and, when it can export them, its derived indexes as a
 * list of plain-JSON parts (each written as one line, so that no part need hold a whole 200k-article index).
 * A part that is an object of one key, `{ name: value }`, is read back with its value parsed when first used.
 */
export interface SnapshotSource {
  entries(): SnapshotEntry[];
  exportIndexState?(): unknown[];
}

/** What a snapshot is restored into; an engine given its index state back skips rebuilding its indexes. */
export interface SnapshotTarget {
  restore(entries: SnapshotEntry[], indexState?: unknown[]): void;
}

export type SnapshotRead =
  | { ok: true; entries: SnapshotEntry[]; indexState?: unknown[]; bytes: number }
  | { ok: false; reason: string };

// ---- the key ----

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Folders whose files decide what a snapshot holds: change one and old snapshots are rebuilt. */
const VERSIONED = ['src/corpus', 'src/understanding', 'src/index', 'models', 'package.json'];

let cachedVersion: Promise<string> | null = null;

/** Hash of the code and models that produce the stored data (computed once per process). */
export function codeVersion(): Promise<string> {
  cachedVersion ??= (async () => {
    const hash = createHash('sha1').update(`format ${SNAPSHOT_FORMAT}\n`);
    for (const file of (await Promise.all(VERSIONED.map((p) => filesUnder(path.join(ROOT, p))))).flat().sort()) {
      hash.update(`${path.relative(ROOT, file)}\n`).update(await fs.readFile(file));
    }
    return hash.digest('hex');
  })();
  return cachedVersion;
}

/** Paths, sizes and modification times of the files the loader reads: cheap, and changes whenever a file does. */
export async function corpusFingerprint(corpusDir: string): Promise<string> {
  const { listArticleFiles, relativePath } = await import('../corpus/walk.ts');
  const root = path.resolve(corpusDir);
  const { files } = await listArticleFiles(root);
  const hash = createHash('sha1');
  for (const file of files) {
    const stat = await fs.stat(file).catch(() => null);
    hash.update(`${relativePath(root, file)}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}

export async function snapshotKey(corpusDir: string): Promise<SnapshotKey> {
  const [version, corpus] = await Promise.all([codeVersion(), corpusFingerprint(corpusDir)]);
  return { version, corpus };
}

// ---- writing ----

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

// ---- reading ----

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

// ---- opening a corpus ----

export interface OpenCorpusOptions<
  E extends SnapshotSource & SnapshotTarget & { addArticles(articles: Article[]): Promise<void> },
> {
  corpusDir: string;
  /** Where the snapshot lives (e.g. data/index-snapshot.jsonl); absent: no snapshot is read or written. */
  snapshotFile?: string;
  engine: E;
  /** Loads and groups the corpus when there is no usable snapshot (the bot's own loader). */
  loadArticles: (corpusDir: string) => Promise<Article[]>;
}

export interface OpenCorpusResult {
  from: 'snapshot' | 'corpus';
  /** Why the snapshot was not used (or could not be saved), in a few words. */
  reason?: string;
  snapshotBytes?: number;
}

/**
 * Fills the engine from a valid snapshot, or else from the corpus (then writes a fresh snapshot).
 * The corpus is fingerprinted before loading: a file changed while loading makes the next start rebuild.
 */
export async function openCorpus<
  E extends SnapshotSource & SnapshotTarget & { addArticles(articles: Article[]): Promise<void> },
>(options: OpenCorpusOptions<E>): Promise<OpenCorpusResult> {
  const key = options.snapshotFile ? await snapshotKey(options.corpusDir) : null;
  let reason: string | undefined;
  if (options.snapshotFile && key) {
    const read = await readSnapshot(options.snapshotFile, key);
    if (read.ok) {
      options.engine.restore(read.entries, read.indexState);
      return { from: 'snapshot', snapshotBytes: read.bytes };
    }
    reason = read.reason;
  }
  await options.engine.addArticles(await options.loadArticles(options.corpusDir));
  if (!options.snapshotFile || !key) return { from: 'corpus' };
  try {
    const saved = await saveSnapshot(options.snapshotFile, options.engine, key);
    return { from: 'corpus', reason, snapshotBytes: saved.bytes };
  } catch (err) {
    return {
      from: 'corpus',
      reason: `${reason ?? 'no snapshot'}; saving one failed (${(err as NodeJS.ErrnoException)?.code ?? 'error'})`,
    };
  }
}

// ---- checksum ----

/** CRC-32 as zlib computes it, continuing from value: zlib's own from Node 20.15, a table-driven one before. */
const crc32: (data: Buffer | string, value: number) => number = zlib.crc32 ?? crc32InJs;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32InJs(data: Buffer | string, value: number): number {
  let c = ~value;
  for (const byte of typeof data === 'string' ? Buffer.from(data) : data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
