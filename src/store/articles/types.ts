/**
 * The article store: the corpus as the bot has read and understood it, kept durably so that opening a corpus costs
 * what changed since the last time, not the whole corpus. One interface, several back ends: SQLite in DATA_DIR
 * (src/store/articles/sqlite.ts) and PostgreSQL (DATABASE_URL). Every method is async so that a networked back end
 * fits; every write is one transaction, so that a process killed at any moment loses at most the write under way.
 *
 * What it holds:
 * - source files: one row per corpus file (path relative to the corpus root, size, modification time, sha1 of its
 *   bytes, and the version of the reader that read it). Scanning the folder (stat only) and comparing with these rows
 *   tells which files are new, changed or gone.
 * - articles: the articles each file holds (a file row never exists without its articles: they are written together).
 * - analyses: per article, the analysis as JSON bytes, tagged with the analyzer version that made it. An analysis of
 *   another version is stale: the service answers from it and redoes it in the background. An article with no
 *   analysis (a load killed part way) is understood when the corpus is next opened.
 * - index state: the derived in-memory indexes (search index, entity resolution, entity table) as named byte parts,
 *   with the list of articles they were built from, so that a restart restores them instead of rebuilding.
 */
import type { Article } from '../../corpus/types.ts';

/** One corpus file as last read. */
export interface SourceFile {
  /** Path relative to the corpus root, with forward slashes (the form Article.path starts with). */
  path: string;
  size: number;
  mtimeMs: number;
  /** sha1 (hex) of the file's bytes: a file touched but not changed is not read into articles again. */
  contentHash: string;
  /** Version of the corpus reader that read it: another reader reads the file again (its unchanged articles keep their analyses). */
  readerVersion: string;
}

/** [dated statements, local entities] of an analysis: what the engine needs of it before parsing it. */
export type AnalysisCounts = [statements: number, entities: number];

/** An analysis as stored: JSON bytes of an ArticleAnalysis, never parsed by the store. */
export interface StoredAnalysis {
  articleId: string;
  /** Content hash of the article it was made from: an analysis of older content is dropped, never stored. */
  contentHash: string;
  /** Version of the analyzer (code and model) that made it. */
  version: string;
  counts: AnalysisCounts;
  bytes: Buffer;
}

/** An article with its analysis, when it has one. */
export interface StoredArticle {
  article: Article;
  /** null: not understood yet (a load stopped part way), or never understood (a near-duplicate, a failure). */
  analysis: Omit<StoredAnalysis, 'articleId' | 'contentHash'> | null;
}

/** A stored article with what is known of its analysis without reading it (see ArticleStore.lazyAnalyses). */
export interface StoredHead {
  article: Article;
  analysis: { version: string; counts: AnalysisCounts; failed: boolean } | null;
}

/** What one file now holds: written with its articles in one transaction. */
export interface FileWrite {
  file: SourceFile;
  /** The file's articles now (replacing all it held before); null keeps its articles and updates the file row only (a touch). */
  articles: Article[] | null;
}

/** An article the derived indexes were built from, in the order they were built. */
export interface CoveredArticle {
  id: string;
  contentHash: string;
  groupId: string;
}

/** The derived in-memory indexes, as named parts of bytes (JSON or binary: the store does not look inside). */
export interface IndexStateWrite {
  /** Version of the index code that made the parts: another version rebuilds them. */
  version: string;
  covers: CoveredArticle[];
  /** Each part's bytes are made when the store asks for them, one at a time, so they are never all in memory at once. */
  parts: Iterable<{
    name: string;
    bytes: () => Buffer;
    /** The same bytes in pieces, each made when asked for (a store that writes a piece a turn asks for these). */
    pieces?: () => Iterable<Buffer>;
  }>;
  /**
   * True while the indexes are as they were when the parts were listed. A store may let the event loop turn between
   * parts (at 200k articles making them all takes seconds); it asks this before replacing the saved state, and keeps
   * the old one when a change came in between (parts of two states never make one).
   */
  unchanged?: () => boolean;
}

export interface IndexStateRead {
  version: string;
  covers: CoveredArticle[];
  /** Reads one named part; undefined when there is none. */
  part(name: string): Promise<Buffer | undefined>;
  /**
   * The same read, synchronous, where the backend can (SQLite): binary parts are then read when first used (the
   * search postings, not needed for /who, stay on disk until a search or the warm-up). A part read late whose save
   * has since been replaced reads as absent, never as another save's.
   */
  partNow?(name: string): Buffer | undefined;
  names: string[];
}

export interface StoreCounts {
  files: number;
  articles: number;
  /** Articles with an analysis of this version (all versions when none is given). */
  analysed: number;
}

export interface ArticleStore {
  /** Which back end, for logs and the status page. */
  readonly kind: 'sqlite' | 'postgres';

  /** Every source file known, in path order. */
  files(): Promise<SourceFile[]>;

  /**
   * Records files and their articles in one transaction; a back end may write a file of many articles in several, as
   * long as its row matches no file on disk until the last (a kill part way: the next open reads the file again). An
   * article whose id and content hash are unchanged keeps its analysis; any other article of the file is replaced (its
   * analysis dropped). Article ids must be unique in the store: an id held by an article of another file is an error
   * (see ownersOf).
   */
  putFiles(writes: FileWrite[]): Promise<void>;

  /**
   * Forgets files, with their articles and analyses, in one transaction, or in several with each file's row last (a
   * kill part way leaves the row of a file that is gone or changed: the next open finishes). Returns the ids removed.
   */
  deleteFiles(paths: string[]): Promise<string[]>;

  /** For each of these article ids held by some file, that file's path (to keep ids unique across files). */
  ownersOf(ids: string[]): Promise<Map<string, string>>;

  /**
   * Stores analyses, in one transaction or several (what a kill loses is made again by the next open); one whose
   * article is gone or whose content hash no longer matches is ignored.
   */
  putAnalyses(analyses: StoredAnalysis[]): Promise<void>;

  /** Every article with its analysis, in path order, a batch at a time (memory holds one batch). */
  articles(batchSize?: number): AsyncIterable<StoredArticle[]>;

  /** The analyses of these articles that exist (of any version). */
  analysesOf(ids: string[]): Promise<Map<string, StoredAnalysis>>;

  /**
   * A store that reads one analysis at once, without waiting (SQLite, from its file), offers these two: an open then
   * lists every article with its analysis's version and counts but not its bytes, and the engine reads the bytes of
   * the analyses an answer needs, when it needs them, instead of copying 600 MB of them at each start (200k).
   */
  readonly lazyAnalyses?: {
    /**
     * Every article with its analysis's version and counts, in path order, a batch at a time; no analysis's bytes,
     * and no article's body until it is used (src/store/articles/stored-body.ts).
     */
    heads(batchSize?: number): AsyncIterable<StoredHead[]>;
    /** This article's analysis's bytes if the store holds that version of it for that content, else undefined. */
    bytesOf(articleId: string, contentHash: string, version: string): Buffer | undefined;
  };

  counts(version?: string): Promise<StoreCounts>;

  /** The saved index state, or null when none is saved. */
  loadIndexState(): Promise<IndexStateRead | null>;

  /** Replaces the saved index state at once; false, with the old state kept, when `unchanged` said no at the end. */
  saveIndexState(state: IndexStateWrite): Promise<boolean>;

  /** Drops the saved index state (the articles changed in a way it cannot follow). */
  clearIndexState(): Promise<void>;

  close(): Promise<void>;
}

/** An article's row as both implementations keep it: its file and place in it, the article as JSON, its analysis. */
export interface ArticleRow {
  file: string;
  ord: number;
  json: string;
  version: string | null;
  statements: number | null;
  entities: number | null;
  bytes: Buffer | null;
}
