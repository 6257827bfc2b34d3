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
 * `[article, analysis|null]`; then, when the engine can export it, its derived index state (search index, entity
 * resolution) as a few lines of parts, so that restoring need not rebuild it. Lines keep every string far below V8's string limit and
 * let the reader stream: memory holds one chunk of the file, not all of it.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../corpus/types.ts';
import type { ArticleAnalysis } from '../understanding/analysis.ts';

export const SNAPSHOT_FORMAT = 1;

export interface SnapshotEntry {
  article: Article;
  analysis: ArticleAnalysis | null;
}

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
    await writeLines(temporary, linesOf(header, entries, indexState));
    await fs.rename(temporary, file);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
  return { bytes: (await fs.stat(file)).size, articles: entries.length };
}

function* linesOf(header: SnapshotHeader, entries: SnapshotEntry[], indexState: unknown[] | undefined): Generator<string> {
  yield JSON.stringify(header);
  for (const { article, analysis } of entries) yield JSON.stringify([article, analysis]);
  for (const part of indexState ?? []) yield JSON.stringify(part);
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  let chunk: string[] = [];
  let chunkLength = 0;
  const flush = async () => {
    // events.once rejects on 'error' and removes its listeners either way.
    if (!out.write(chunk.join(''))) await once(out, 'drain');
    [chunk, chunkLength] = [[], 0];
  };
  for (const line of lines) {
    chunk.push(line, '\n');
    chunkLength += line.length + 1;
    if (chunkLength >= 1 << 20) await flush();
  }
  await flush();
  out.end();
  await closed;
}

// ---- reading ----

/** Reads a snapshot when its key matches; otherwise says why it cannot be used. Never throws on a bad file. */
export async function readSnapshot(file: string, key: SnapshotKey): Promise<SnapshotRead> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return { ok: false, reason: 'no snapshot yet' };
  try {
    const entries: SnapshotEntry[] = [];
    let header: SnapshotHeader | null = null;
    const indexState: unknown[] = [];
    for await (const line of jsonLines(file)) {
      if (!header) {
        header = line as SnapshotHeader;
        const stale = staleness(header, key);
        if (stale) return { ok: false, reason: stale };
      } else if (entries.length < header.articles) {
        const [article, analysis] = line as [Article, ArticleAnalysis | null];
        entries.push({ article, analysis });
      } else if (indexState.length < header.stateParts) indexState.push(line);
      else return { ok: false, reason: 'snapshot has unexpected extra content' };
    }
    if (!header) return { ok: false, reason: 'snapshot is empty' };
    if (entries.length !== header.articles || indexState.length !== header.stateParts) return { ok: false, reason: 'snapshot is incomplete (cut short)' };
    return { ok: true, entries, ...(header.stateParts ? { indexState } : {}), bytes: stat.size };
  } catch (err) {
    return { ok: false, reason: `snapshot is unreadable (${String((err as Error)?.message ?? err).slice(0, 80)})` };
  }
}

function staleness(header: Partial<SnapshotHeader>, key: SnapshotKey): string | null {
  if (header?.format !== SNAPSHOT_FORMAT) return `snapshot format ${String(header?.format)} is not ${SNAPSHOT_FORMAT}`;
  if (header.version !== key.version) return 'snapshot was made by another version of the code';
  if (header.corpus !== key.corpus) return 'the corpus changed since the snapshot was made';
  if (typeof header.articles !== 'number' || typeof header.stateParts !== 'number') return 'snapshot header is incomplete';
  return null;
}

/** Parses a file of JSON lines chunk by chunk: memory holds one chunk, not the whole file. */
async function* jsonLines(file: string): AsyncGenerator<unknown> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 }) as AsyncIterable<Buffer>) {
    const buffer = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end >= 0; end = buffer.indexOf(10, start)) {
      if (end > start) yield JSON.parse(buffer.toString('utf8', start, end));
      start = end + 1;
    }
    rest = buffer.subarray(start);
  }
  if (rest.length) throw new Error('last line is cut short');
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
