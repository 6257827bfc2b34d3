/**
 * Opening a corpus through the article store: scan the folder (stat only), compare with the store, read and
 * understand only what is new or changed, forget what is gone, then fill the engine from the store (restoring its
 * saved indexes when they still fit). Every step commits as it goes: a process killed part way keeps what it
 * committed, and the next open carries on from there.
 *
 * Analyses made by an older analyzer are stale: the engine answers from them, and redoStale() makes new ones in the
 * background and swaps them in at once when all are done.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LoadProgress } from '../app/progress.ts';
import { throttledProgress } from '../app/progress.ts';
import { groupNearDuplicates } from '../corpus/dedupe.ts';
import { loadFile, makeIdsUnique } from '../corpus/load.ts';
import { diffCorpus, scanCorpus } from '../corpus/scan-folder.ts';
import type { Article, LoadWarning } from '../corpus/types.ts';
import type { ArticleAnalysis } from '../understanding/analysis-types.ts';
import type {
  AnalysisCounts,
  ArticleStore,
  CoveredArticle,
  FileWrite,
  SourceFile,
  StoredArticle,
} from '../store/articles/types.ts';
import type { CorpusVersions } from '../store/articles/versions.ts';
import { sha1 } from '../util/hash.ts';
import type { TimeSlices } from '../util/time-slices.ts';
import type { CorpusEngine } from './engine.ts';
import { indexStateOf, restorableState } from './index-state.ts';
import type { SnapshotEntry } from './snapshot.ts';
import { readPlace, StoredPlace } from './analysis-bytes.ts';
import { FAILED_ANALYSIS, isFailure, toStored, type AnalysesAtHand } from './stored-analyses.ts';

export interface OpenStoredCorpusOptions {
  corpusDir: string;
  store: ArticleStore;
  engine: CorpusEngine;
  /** The engine's analyzer (it takes analyses offered to it before analysing anything). */
  atHand: AnalysesAtHand;
  /** Understands articles (on every core); an article it cannot understand is left out of its answer. */
  analyze: (articles: Article[]) => Promise<ArticleAnalysis[]>;
  versions: CorpusVersions;
  onProgress?: (p: LoadProgress) => void;
  onWarning?: (w: LoadWarning) => void;
}

export interface OpenedCorpus {
  files: { read: number; unchanged: number; gone: number };
  articles: number;
  /** Articles understood during this open (new, changed, or left over by a load that was stopped). */
  understood: number;
  /** Articles whose analyses an older analyzer made: answered from, and redone by redoStale. */
  stale: string[];
  /** Whether the saved indexes were restored (else rebuilt from the stored analyses). */
  restoredIndexes: boolean;
  /**
   * How the indexes were made: restored whole; restored, then articles gone or changed since taken out and those new
   * or changed added (extended); or built again from the stored analyses (rebuilt).
   */
  indexes: 'whole' | 'extended' | 'rebuilt';
  /** Whether the store's saved indexes no longer match the engine (save them: saveIndexes). */
  indexesChanged: boolean;
}

/** Files read before their articles are written: a batch commits in one transaction. */
const WRITE_BATCH_FILES = 256;
/** Articles analysed and committed together: what a kill can lose at most, besides the article being written. */
const ANALYSIS_BATCH = 64;
/** Chunks being analysed at once (each split among the threads). */
const IN_FLIGHT = 4;
/** Files read between two yields to the event loop. */
const YIELD_EVERY_FILES = 32;

export async function openStoredCorpus(options: OpenStoredCorpusOptions): Promise<OpenedCorpus> {
  const { store, versions } = options;
  const progress = throttledProgress(options.onProgress);
  const warn = (w: LoadWarning) => options.onWarning?.(w);
  const root = path.resolve(options.corpusDir);

  // A folder that is not there (an unmounted disk) must not read as every file deleted.
  if (!(await fs.stat(root).catch(() => null))?.isDirectory()) throw new Error(`corpus folder not found: ${root}`);
  // Scanning: stat only.
  const scan = await scanCorpus(root, (done, total) => progress({ phase: 'scanning', done, total, articles: 0 }));
  progress({ phase: 'scanning', done: scan.files.length, total: scan.files.length, articles: 0 });
  scan.warnings.forEach(warn);
  const diff = diffCorpus(scan.files, await store.files(), versions.reader);
  if (diff.gone.length) await store.deleteFiles(diff.gone);

  // Reading what is new or changed.
  const read: { file: SourceFile; articles: Article[] }[] = [];
  let readArticles = 0;
  for (const [i, f] of diff.toRead.entries()) {
    if (i % YIELD_EVERY_FILES === YIELD_EVERY_FILES - 1) await new Promise((resolve) => setImmediate(resolve));
    const loaded = await loadFile(f.abs, root);
    loaded.warnings.forEach(warn);
    read.push({
      file: {
        path: f.path,
        size: f.size,
        mtimeMs: f.mtimeMs,
        contentHash: fileHash(loaded.articles),
        readerVersion: versions.reader,
      },
      articles: loaded.articles,
    });
    readArticles += loaded.articles.length;
    progress({ phase: 'reading', done: i + 1, total: diff.toRead.length, articles: readArticles });
  }
  progress({ phase: 'reading', done: diff.toRead.length, total: diff.toRead.length, articles: readArticles });
  await writeFiles(store, read);
  // What was read is in the store now; the open lists it from there (without bodies: stored-body.ts).
  read.length = 0;

  // Understanding what has no analysis yet, while the engine takes the articles in store order: each as soon as its
  // analysis is committed (the main thread indexes what is understood while the worker threads understand the rest).
  // Each stored analysis goes straight to the engine's analysis store (which keeps 64 MB in memory and moves the rest
  // to a temporary file): the articles are held here, their analyses' bytes are not.
  const stored = await heldArticles(store, options.engine, versions.analyzer);
  // The ids held, for the articles with no analysis yet (none after a restart with nothing new: no set of 200,000).
  let present: Set<string> | null = null;
  const needs = stored.filter(
    (s) => !s.analysis && isCanonical(s.article, (present ??= new Set(stored.map((h) => h.article.id)))),
  );
  const coming = new Map(needs.map((s) => [s.article.id, deferred<ArticleAnalysis | null>()]));
  // A settled promise holds its analysis: each side lets go of an article's as soon as it is done with it (the
  // understanding once it settles it, fillEngine once it hands it to the engine), or every analysis of a cold load
  // stays in memory to its end (gigabytes at 200,000 articles).
  const unsettled = new Map(coming);
  let stopped = false;
  const understanding = understand(options, needs, unsettled, stored.length, progress, () => stopped).catch(
    (err: unknown) => {
      for (const d of unsettled.values()) d.reject(err);
      throw err;
    },
  );
  const indexing = fillEngine(options, stored, coming).catch((err: unknown) => {
    stopped = true;
    throw err;
  });
  indexing.catch(() => undefined); // awaited below
  const understood = await understanding;
  progress({ phase: 'indexing', done: 0, total: stored.length, articles: stored.length });
  const restoredIndexes = await indexing;
  progress({ phase: 'indexing', done: stored.length, total: stored.length, articles: stored.length });
  const stale = stored.filter((s) => s.analysis && s.analysis.version !== versions.analyzer).map((s) => s.article.id);
  return {
    files: { read: diff.toRead.length, unchanged: diff.unchanged, gone: diff.gone.length },
    articles: stored.length,
    understood,
    stale,
    restoredIndexes: restoredIndexes === 'whole',
    indexes: restoredIndexes,
    indexesChanged: restoredIndexes !== 'whole',
  };
}

/**
 * Understands the articles that need it on the analyzer, a few chunks in flight so that the threads never wait for a
 * commit; each chunk is committed as soon as it is understood, then handed to the engine (coming). Returns how many.
 */
async function understand(
  options: OpenStoredCorpusOptions,
  needs: HeldArticle[],
  coming: Map<string, Deferred<ArticleAnalysis | null>>,
  articles: number,
  progress: (p: LoadProgress) => void,
  stopped: () => boolean,
): Promise<number> {
  const { store, versions } = options;
  const chunks: HeldArticle[][] = [];
  for (let i = 0; i < needs.length; i += ANALYSIS_BATCH) chunks.push(needs.slice(i, i + ANALYSIS_BATCH));
  const inFlight: Promise<ArticleAnalysis[]>[] = [];
  const launch = (k: number) => {
    if (k >= chunks.length || stopped()) return;
    const p = Promise.resolve(options.analyze(chunks[k].map((s) => s.article)));
    p.catch(() => undefined); // awaited below, in order
    inFlight.push(p);
  };
  for (let k = 0; k < IN_FLIGHT; k++) launch(k);
  let understood = 0;
  for (let k = 0; k < chunks.length && inFlight.length; k++) {
    const made = new Map((await inFlight.shift()!).map((a) => [a.articleId, a]));
    launch(k + IN_FLIGHT);
    const rows = chunks[k].map((s) => toStored(s.article, made.get(s.article.id) ?? null, versions.analyzer));
    await store.putAnalyses(rows);
    chunks[k].forEach((s, i) => {
      s.analysis = { version: rows[i].version, counts: rows[i].counts, failed: !made.has(s.article.id) };
      const settles = coming.get(s.article.id)!;
      coming.delete(s.article.id);
      settles.resolve(made.get(s.article.id) ?? null);
    });
    understood += chunks[k].length;
    progress({ phase: 'understanding', done: understood, total: needs.length, articles });
  }
  progress({ phase: 'understanding', done: needs.length, total: needs.length, articles });
  return understood;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // the engine awaits it, or the load has failed already
  return { promise, resolve, reject };
}

/** Writes what was read, a batch of files at a time, with ids unique across the store and near-duplicates grouped. */
async function writeFiles(store: ArticleStore, read: { file: SourceFile; articles: Article[] }[]): Promise<void> {
  if (!read.length) return;
  const all = read.flatMap((r) => r.articles);
  const rereadPaths = new Set(read.map((r) => r.file.path));
  const owners = await store.ownersOf(all.map((a) => a.id));
  // An id held by a file not read again stays with it; the newcomer falls back to its path.
  const taken = new Set([...owners].filter(([, file]) => !rereadPaths.has(file)).map(([id]) => id));
  makeIdsUnique(all, taken);
  groupNearDuplicates(all);
  for (let i = 0; i < read.length; i += WRITE_BATCH_FILES) {
    const writes: FileWrite[] = read
      .slice(i, i + WRITE_BATCH_FILES)
      .map(({ file, articles }) => ({ file: { ...file, contentHash: fileHash(articles) }, articles }));
    await store.putFiles(writes);
  }
}

/** Restores or builds the engine's indexes; says which. */
async function fillEngine(
  options: OpenStoredCorpusOptions,
  stored: HeldArticle[],
  coming: Map<string, Deferred<ArticleAnalysis | null>>,
): Promise<'whole' | 'extended' | 'rebuilt'> {
  const { engine, atHand, store, versions } = options;
  const state = await store.loadIndexState();
  const byId = new Map(stored.map((s) => [s.article.id, s]));
  const current = (c: CoveredArticle) => {
    const s = byId.get(c.id);
    return s && s.article.contentHash === c.contentHash && s.article.groupId === c.groupId && !coming.has(c.id);
  };
  const outdated = state?.version === versions.index ? state.covers.filter((c) => !current(c)) : null;
  // Articles gone or changed since the save are restored as placeholders and removed at once, as a removal while
  // running does (1,000 files deleted at 200k: 134 s to build the indexes again); past half the corpus, building
  // them again is the cheaper way.
  if (state && outdated && outdated.length <= state.covers.length / 2) {
    const gone = new Set(outdated.map((c) => c.id));
    const entries: SnapshotEntry[] = state.covers.map((c) =>
      gone.has(c.id) ? placeholderEntry(c) : entryOf(engine, byId.get(c.id)!),
    );
    engine.restore(entries, await restorableState(state), gone);
    if (gone.size) await engine.removeArticlesInSlices([...gone]);
    // Every saved article current and as many as are held (the saved ids are the engine's, so distinct): the saved
    // indexes cover every article held, and there is no set of them to make.
    const coversAll = !gone.size && state.covers.length === stored.length;
    const covered = coversAll ? null : new Set(state.covers.filter((c) => !gone.has(c.id)).map((c) => c.id));
    const rest = covered ? stored.filter((s) => !covered.has(s.article.id)) : [];
    if (!rest.length && !gone.size) return 'whole';
    if (rest.length) await addFromStore(engine, atHand, rest, coming);
    return 'extended';
  }
  await addFromStore(engine, atHand, stored, coming);
  return 'rebuilt';
}

/** An article the saved indexes cover that is gone or changed: what the engine needs to take it out again. */
function placeholderEntry(c: CoveredArticle): SnapshotEntry {
  const article: Article = {
    id: c.id,
    title: '',
    body: '',
    date: null,
    source: null,
    url: null,
    words: 0,
    path: '',
    contentHash: c.contentHash,
    groupId: c.groupId,
  };
  return { article, counts: null, analysis: null };
}

/** Gives the engine stored articles, with their analyses: stored ones, or those the understanding is making (coming). */
async function addFromStore(
  engine: CorpusEngine,
  atHand: AnalysesAtHand,
  stored: HeldArticle[],
  coming: Map<string, Deferred<ArticleAnalysis | null>>,
): Promise<void> {
  for (const s of stored) {
    // Being made now (whether or not it is done yet), or read from where the engine keeps it (memory or its file)
    // when the engine comes to it, not before.
    const place = s.analysis && !s.analysis.failed ? engine.analyses.placeOf(s.article.id) : undefined;
    const made = coming.get(s.article.id)?.promise;
    coming.delete(s.article.id);
    const analysis = made ?? (place ? () => readPlace(place) : s.analysis ? FAILED_ANALYSIS : undefined);
    if (analysis) atHand.offer(s.article.id, s.article.contentHash, analysis);
  }
  try {
    await engine.addArticles(stored.map((s) => s.article));
  } finally {
    atHand.clear();
    // An analysis the engine did not take (a near-duplicate's, kept from when it stood alone) leaves its store.
    for (const s of stored) if (!engine.store.get(s.article.id)?.counts) engine.analyses.delete(s.article.id);
  }
}

function entryOf(engine: CorpusEngine, s: HeldArticle): SnapshotEntry {
  const place = s.analysis && !s.analysis.failed ? engine.analyses.placeOf(s.article.id) : undefined;
  return { article: s.article, counts: place ? s.analysis!.counts : null, analysis: place ?? null };
}

/** A stored article as an open holds it: its analysis's bytes are in the engine's analysis store, not here. */
interface HeldArticle {
  article: Article;
  analysis: { version: string; counts: AnalysisCounts; failed: boolean } | null;
}

/**
 * Every stored article as an open holds it. A store that reads analyses at once (SQLite) is not asked for their bytes:
 * the engine reads them from it when an answer needs them. Stale analyses (an older analyzer's, answered from until
 * redone) are copied, since redoing one replaces its row; so are all analyses of a store that cannot read at once.
 */
async function heldArticles(store: ArticleStore, engine: CorpusEngine, analyzer: string): Promise<HeldArticle[]> {
  const stored: HeldArticle[] = [];
  const lazy = store.lazyAnalyses;
  if (!lazy) {
    for await (const batch of store.articles()) for (const s of batch) stored.push(hold(engine, s));
    return stored;
  }
  const stale: HeldArticle[] = [];
  for await (const batch of lazy.heads()) {
    for (const s of batch) {
      stored.push(s);
      if (!s.analysis || s.analysis.failed) continue;
      const { id, contentHash } = s.article;
      const version = s.analysis.version;
      if (version === analyzer)
        engine.analyses.adopt(id, new StoredPlace(() => lazy.bytesOf(id, contentHash, version)));
      else stale.push(s);
    }
  }
  for (let i = 0; i < stale.length; i += STALE_COPY_BATCH) {
    const batch = stale.slice(i, i + STALE_COPY_BATCH);
    const found = await store.analysesOf(batch.map((s) => s.article.id));
    for (const s of batch) {
      const a = found.get(s.article.id);
      // Redone meanwhile by another process (a service beside this CLI): understood again here, not mixed.
      if (a && a.version === s.analysis!.version && a.contentHash === s.article.contentHash)
        engine.analyses.adopt(s.article.id, a.bytes);
      else s.analysis = null;
    }
  }
  return stored;
}

/** Stale analyses copied per read of the store. */
const STALE_COPY_BATCH = 2000;

function hold(engine: CorpusEngine, s: StoredArticle): HeldArticle {
  if (!s.analysis) return { article: s.article, analysis: null };
  const failed = isFailure(s.analysis.bytes);
  if (!failed) engine.analyses.adopt(s.article.id, s.analysis.bytes);
  return { article: s.article, analysis: { version: s.analysis.version, counts: s.analysis.counts, failed } };
}

/** Understood on its own: the first of its near-duplicate group, or one whose group's first is gone. */
function isCanonical(article: Article, present: Set<string>): boolean {
  return article.groupId === article.id || !present.has(article.groupId);
}

/** A file's content as its articles: changes exactly when one of them does. */
export function fileHash(articles: Article[]): string {
  return sha1(articles.map(hashLine).join('\n'));
}

/** fileHash, an article at a time between the slices' yields (a file of thousands of stories). */
export async function fileHashInSlices(articles: Article[], slices: TimeSlices): Promise<string> {
  const hash = createHash('sha1');
  await slices.each(articles, (a, i) => hash.update(i ? `\n${hashLine(a)}` : hashLine(a)));
  return hash.digest('hex');
}

const hashLine = (a: Article) => `${a.id}\0${a.contentHash}\0${a.groupId}`;

/** Saves the engine's indexes in the store (replacing what was saved); false when the engine changed meanwhile. */
export async function saveIndexes(
  store: ArticleStore,
  engine: CorpusEngine,
  versions: CorpusVersions,
): Promise<boolean> {
  return store.saveIndexState(await indexStateOf(engine, versions.index));
}

/**
 * Redoes stale analyses (an older analyzer's) on the analyzer given, committing each batch; once all are done, the
 * engine takes them at once (its answers never mix two analyzers' entities). Returns how many were redone.
 */
export async function redoStale(
  options: Pick<OpenStoredCorpusOptions, 'store' | 'engine' | 'analyze' | 'versions'>,
  ids: string[],
  shouldStop: () => boolean = () => false,
): Promise<number> {
  const { store, engine, versions } = options;
  let done = 0;
  for (let i = 0; i < ids.length && !shouldStop(); i += ANALYSIS_BATCH) {
    const articles = ids
      .slice(i, i + ANALYSIS_BATCH)
      .map((id) => engine.storedArticle(id))
      .filter((a): a is Article => a !== undefined);
    const made = new Map((await options.analyze(articles)).map((a) => [a.articleId, a]));
    await store.putAnalyses(articles.map((a) => toStored(a, made.get(a.id) ?? null, versions.analyzer)));
    done += articles.length;
  }
  if (shouldStop()) return done;
  const fresh = await store.analysesOf(ids);
  engine.replaceAnalyses(
    [...fresh.values()]
      .filter((a) => a.version === versions.analyzer)
      .map((a) => ({ articleId: a.articleId, counts: isFailure(a.bytes) ? null : a.counts, bytes: a.bytes })),
  );
  return done;
}
