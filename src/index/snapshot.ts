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
 * `[article, [statements, entities]|null]<TAB>analysis|null`: the analysis after a tab, so that a restart parses
 * the articles and leaves each analysis in the file, read at its offset when an answer needs it; then, when the engine can export it, its
 * derived index state (search index, entity resolution, entity table) as a few lines of parts, so that restoring
 * need not rebuild it; last, a trailer holding the CRC-32 of every line before it, so that an analysis parsed late
 * was checked early. Lines keep every string far below V8's string limit and let the reader stream: memory holds
 * one chunk of the file at a time, and none of the analyses.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, openSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { Article } from '../corpus/types.ts';
import { ByteFile, readPlace, type Place } from './analysis-store.ts';

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

export type SnapshotRead = { ok: true; entries: SnapshotEntry[]; indexState?: unknown[]; bytes: number } | { ok: false; reason: string };

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

async function filesUnder(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return [];
  if (stat.isFile()) return [target];
  const entries = await fs.readdir(target, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => path.join(e.parentPath ?? e.path, e.name));
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
export async function saveSnapshot(file: string, source: SnapshotSource, key: SnapshotKey): Promise<{ bytes: number; articles: number }> {
  const entries = source.entries();
  const indexState = source.exportIndexState?.();
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, ...key, articles: entries.length, stateParts: indexState?.length ?? 0, createdAt: new Date().toISOString() };
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    try {
      await writeLines(temporary, linesOf(header, entries, indexState));
    } catch (err) {
      // A part of index state too large for one string (RangeError): keep the articles, let a restart rebuild the indexes.
      if (!(err instanceof RangeError) || !indexState?.length) throw err;
      await writeLines(temporary, linesOf({ ...header, stateParts: 0 }, entries, undefined));
    }
    await fs.rename(temporary, file);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
  return { bytes: (await fs.stat(file)).size, articles: entries.length };
}

function* linesOf(header: SnapshotHeader, entries: SnapshotEntry[], indexState: unknown[] | undefined): Generator<string> {
  yield JSON.stringify(header);
  for (const entry of entries) yield articleLine(entry);
  for (const part of indexState ?? []) yield partLine(part);
}

/** The article and what a reader needs to know of its analysis before parsing it, then the analysis after a tab. */
function articleLine({ article, counts, analysis }: SnapshotEntry): string {
  return `${JSON.stringify([article, analysis && counts])}\t${analysis ? readPlace(analysis).toString('utf8') : 'null'}`;
}

/** A named part as `"name"<TAB>value`, so that a reader can leave the value as text until it is used. */
function partLine(part: unknown): string {
  const names = part !== null && typeof part === 'object' && !Array.isArray(part) ? Object.keys(part) : [];
  return names.length === 1 ? `${JSON.stringify(names[0])}\t${JSON.stringify((part as Record<string, unknown>)[names[0]])}` : JSON.stringify(part);
}

/** Writes the lines, then the trailer: the CRC-32 of every line before it. */
async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
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
    for (const line of lines) {
      chunk.push(line, '\n');
      chunkLength += line.length + 1;
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
 * The file stays open for the entries' analyses, which are read at their offsets when first needed.
 */
export async function readSnapshot(file: string, key: SnapshotKey): Promise<SnapshotRead> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return { ok: false, reason: 'no snapshot yet' };
  let opened: ByteFile | null = null;
  try {
    opened = new ByteFile(openSync(file, 'r'));
    const read = new SnapshotReader(key, opened);
    for await (const [line, offset] of lines(opened.fd)) {
      const stop = read.line(line, offset);
      if (stop) return { ok: false, reason: stop };
    }
    const incomplete = read.incomplete();
    if (incomplete) return { ok: false, reason: incomplete };
    return { ok: true, entries: read.entries, ...(read.indexState.length ? { indexState: read.indexState } : {}), bytes: stat.size };
  } catch (err) {
    return { ok: false, reason: `snapshot is unreadable (${String((err as Error)?.message ?? err).slice(0, 80)})` };
  }
}

/** Takes a snapshot's lines in order: the header, the articles, the state parts, the trailer. */
class SnapshotReader {
  private header: SnapshotHeader | null = null;
  readonly entries: SnapshotEntry[] = [];
  readonly indexState: unknown[] = [];
  private checksum = 0;
  private checked = false;

  constructor(
    private readonly key: SnapshotKey,
    private readonly file: ByteFile,
  ) {}

  /** Takes one line (its newline included) and where it starts; returns why the snapshot cannot be used, if it cannot. */
  line(line: Buffer, offset: number): string | null {
    if (this.checked) return 'snapshot has unexpected extra content';
    if (this.header && this.entries.length === this.header.articles && this.indexState.length === this.header.stateParts) return this.trailer(line);
    this.checksum = crc32(line, this.checksum);
    if (!this.header) {
      this.header = JSON.parse(line.toString('utf8')) as SnapshotHeader;
      return staleness(this.header, this.key);
    }
    if (this.entries.length < this.header.articles) this.entries.push(entryOf(line, { file: this.file, offset, length: line.length }));
    else this.indexState.push(partOf(line));
    return null;
  }

  incomplete(): string | null {
    if (!this.header) return 'snapshot is empty';
    return this.checked ? null : 'snapshot is incomplete (cut short)';
  }

  private trailer(line: Buffer): string | null {
    const { crc32: expected } = JSON.parse(line.toString('utf8')) as { crc32?: unknown };
    this.checked = true;
    return expected === this.checksum ? null : 'snapshot is unreadable (corrupt: its checksum does not match)';
  }
}

/** An article line: the article parsed now; its analysis left in the file, where the line says it is. */
function entryOf(line: Buffer, where: { file: ByteFile; offset: number; length: number }): SnapshotEntry {
  const tab = line.indexOf(9);
  if (tab < 0) throw new Error('an article line has no analysis');
  const [article, counts] = JSON.parse(line.toString('utf8', 0, tab)) as [Article, AnalysisCounts | null];
  // The analysis runs from after the tab to before the newline.
  const analysis = counts ? { file: where.file, offset: where.offset + tab + 1, length: where.length - tab - 2 } : null;
  return { article, counts, analysis };
}

/** A state part: a named one (see partLine) keeps its value as text until first read. */
function partOf(line: Buffer): unknown {
  const tab = line.indexOf(9);
  if (tab < 0) return JSON.parse(line.toString('utf8'));
  const name = JSON.parse(line.toString('utf8', 0, tab)) as string;
  if (typeof name !== 'string') throw new Error('a state part has no name');
  const value = lazyJson(line.subarray(tab + 1, line.length - 1));
  return {
    get [name]() {
      return value();
    },
  };
}

/**
 * JSON bytes parsed when first needed, once (the bytes are dropped then). The file's checksum vouched for them.
 * Kept as bytes, not a string: bytes lie outside the JS heap, so 200,000 unread analyses cost the collector nothing.
 */
function lazyJson<T>(bytes: Buffer): () => T {
  let pending: Buffer | null = bytes;
  let value: T | undefined;
  return () => {
    if (pending !== null) [value, pending] = [JSON.parse(pending.toString('utf8')) as T, null];
    return value as T;
  };
}

function staleness(header: Partial<SnapshotHeader>, key: SnapshotKey): string | null {
  if (header?.format !== SNAPSHOT_FORMAT) return `snapshot format ${String(header?.format)} is not ${SNAPSHOT_FORMAT}`;
  if (header.version !== key.version) return 'snapshot was made by another version of the code';
  if (header.corpus !== key.corpus) return 'the corpus changed since the snapshot was made';
  if (typeof header.articles !== 'number' || typeof header.stateParts !== 'number') return 'snapshot header is incomplete';
  return null;
}

/**
 * The file's lines, newline included, each with its offset, chunk by chunk: memory holds one chunk (and the line in
 * progress), not the whole file. A line that spans chunks is joined once, when its end arrives: joining at every
 * chunk would copy a 100 MB line of index state thousands of times.
 */
async function* lines(fd: number): AsyncGenerator<[Buffer, number]> {
  let pending: Buffer[] = [];
  let offset = 0;
  const stream = createReadStream('', { fd, autoClose: false, start: 0, highWaterMark: 4 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    let end = chunk.indexOf(10);
    if (end >= 0 && pending.length) {
      pending.push(chunk.subarray(0, end + 1));
      const line = Buffer.concat(pending);
      yield [line, offset];
      offset += line.length;
      pending = [];
      start = end + 1;
      end = chunk.indexOf(10, start);
    }
    for (; end >= 0; end = chunk.indexOf(10, start)) {
      yield [chunk.subarray(start, end + 1), offset];
      offset += end + 1 - start;
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length) throw new Error('last line is cut short');
}

// ---- opening a corpus ----

export interface OpenCorpusOptions<E extends SnapshotSource & SnapshotTarget & { addArticles(articles: Article[]): Promise<void> }> {
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
export async function openCorpus<E extends SnapshotSource & SnapshotTarget & { addArticles(articles: Article[]): Promise<void> }>(
  options: OpenCorpusOptions<E>,
): Promise<OpenCorpusResult> {
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
    return { from: 'corpus', reason: `${reason ?? 'no snapshot'}; saving one failed (${(err as NodeJS.ErrnoException)?.code ?? 'error'})` };
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
