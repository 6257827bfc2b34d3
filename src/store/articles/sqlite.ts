/**
 * The article store in SQLite (better-sqlite3, WAL): DATA_DIR/articles.sqlite, apart from the scheduler's database
 * so that a cold load's large writes never hold up a digest's exactly-once claim. WAL lets a CLI read while the
 * service writes, and two writers wait for each other (busy_timeout). synchronous=NORMAL: in WAL mode a commit
 * survives a killed process (kill -9); a power cut may lose the last commits, which the next start reads again
 * from the corpus (the store is derived from the corpus folder, never the only copy).
 */
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Article } from '../../corpus/types.ts';
import type {
  AnalysisCounts,
  ArticleRow,
  ArticleStore,
  CoveredArticle,
  FileWrite,
  IndexStateRead,
  IndexStateWrite,
  SourceFile,
  StoreCounts,
  StoredAnalysis,
  StoredArticle,
  StoredHead,
} from './types.ts';
import { ArticleWithStoredBody, cachedBodies, type ReadBody } from './stored-body.ts';
import { indexMetaPieces } from './index-meta.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS source_files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    content_hash TEXT NOT NULL,
    reader_version TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    ord INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    json TEXT NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS articles_by_file ON articles (file, ord);
  -- Bodies apart from the articles' fields: listing 200,000 articles reads 60 MB of fields, not 280 MB with their
  -- bodies (stored-body.ts). A row goes with its article, whichever statement deletes it.
  CREATE TABLE IF NOT EXISTS article_bodies (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL
  );
  CREATE TRIGGER IF NOT EXISTS article_body_goes_with_article AFTER DELETE ON articles
    BEGIN DELETE FROM article_bodies WHERE id = old.id; END;
  CREATE TABLE IF NOT EXISTS analyses (
    article_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    statements INTEGER NOT NULL,
    entities INTEGER NOT NULL,
    bytes BLOB NOT NULL
  );
  -- What an open lists of each analysis (not its bytes): read from this index alone, it skips the 600 MB of the
  -- analyses' rows at 200k articles (2.4 -> 1.3 s to list them with their articles).
  CREATE INDEX IF NOT EXISTS analyses_heads ON analyses (article_id, content_hash, version, statements, entities);
  CREATE TABLE IF NOT EXISTS index_state (
    name TEXT PRIMARY KEY,
    bytes BLOB NOT NULL
  );
`;

/**
 * The index state's rows. Each save writes its rows under a tag of its own (`STAGED`, then 12 hex digits and ":"):
 * its meta row (version and covered articles, named META_PART) and each part's bytes in chunks of at most
 * PART_CHUNK_BYTES (the part's name, CHUNK_MARK, a 6-digit number). The CURRENT row names the tag in use: a save
 * swaps in by changing that one small row. Older stores (before round 5) kept one untagged row a part and the
 * meta in STATE_META, with no CURRENT row: they are read as they are and replaced by the next save.
 */
const CURRENT = '\u0000current';
const STATE_META = '\u0000meta';
const META_PART = '\u0000meta';
const STAGED = '\u0001staged:';
const STAGED_END = '\u0001staged;';
const CHUNK_MARK = '\u0002';
/** A part's bytes a row: an 11 MB search pool written (or freed) as one row held the event loop 155 ms. */
const PART_CHUNK_BYTES = 1 << 20;

/** Rows written (or read, or deleted) between two turns of the event loop: a few milliseconds of it. */
const SLICE_ROWS = 256;
/** The size a file's row holds while its articles are being written in slices: no file on disk has it. */
const INCOMPLETE_SIZE = -1;

type FileStatements = ReturnType<SqliteArticleStore['fileStatements']>;

export const ARTICLE_DATABASE = 'articles.sqlite';

export class SqliteArticleStore implements ArticleStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  /** Opens (creating when absent) the store in a data folder, or at a file path. */
  static open(location: { dataDir: string } | { file: string }): SqliteArticleStore {
    const file = 'file' in location ? location.file : path.join(location.dataDir, ARTICLE_DATABASE);
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new SqliteArticleStore(new Database(file));
  }

  private constructor(db: Database.Database) {
    this.db = db;
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = NORMAL');
    db.transaction(() => {
      // A new store starts with the bodies apart; one of an earlier round moves them at its first listing.
      const fresh = !db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'articles'").get();
      db.exec(SCHEMA);
      if (fresh) db.pragma(`user_version = ${BODIES_APART}`);
    }).immediate();
    this.readBytes = db
      .prepare('SELECT bytes FROM analyses WHERE article_id = ? AND content_hash = ? AND version = ?')
      .pluck();
    const readBody = db
      .prepare(
        `SELECT coalesce(b.body, json_extract(a.json, '$.body')) FROM articles a LEFT JOIN article_bodies b ON b.id = a.id
         WHERE a.id = ? AND a.content_hash = ?`,
      )
      .pluck();
    this.bodyOf = cachedBodies((id, contentHash) => {
      // A store closed under a late reader (a shutdown while an answer was being made) reads as the article gone.
      if (!db.open) return undefined;
      const body = readBody.get(id, contentHash);
      return typeof body === 'string' ? body : undefined;
    });
  }

  /** An article's body as stored for that content (the articles an open lists come without theirs). */
  private readonly bodyOf: ReadBody;

  async files(): Promise<SourceFile[]> {
    const rows = this.db
      .prepare('SELECT path, size, mtime_ms, content_hash, reader_version FROM source_files ORDER BY path')
      .all() as {
      path: string;
      size: number;
      mtime_ms: number;
      content_hash: string;
      reader_version: string;
    }[];
    return rows.map((r) => ({
      path: r.path,
      size: r.size,
      mtimeMs: r.mtime_ms,
      contentHash: r.content_hash,
      readerVersion: r.reader_version,
    }));
  }

  /**
   * Small files in one transaction; a file of more than SLICE_ROWS articles in several (a transaction of SLICE_ROWS rows
   * at a time, the event loop turning between them), its row marked incomplete (size -1) until the last: a process
   * killed part way leaves a row that matches no file on disk, so the next open reads the file again (or forgets it).
   */
  async putFiles(writes: FileWrite[]): Promise<void> {
    const statements = this.fileStatements();
    for (let i = 0; i < writes.length; ) {
      const small: FileWrite[] = [];
      while (i < writes.length && (writes[i].articles?.length ?? 0) <= SLICE_ROWS) small.push(writes[i++]);
      if (small.length)
        this.db.transaction(() => small.forEach((w) => this.writeFile(statements, w.file, w.articles))).immediate();
      if (i < writes.length) await this.writeInSlices(statements, writes[i++]);
    }
  }

  private fileStatements() {
    const db = this.db;
    return {
      upsertFile: db.prepare(
        `INSERT INTO source_files (path, size, mtime_ms, content_hash, reader_version) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, content_hash = excluded.content_hash, reader_version = excluded.reader_version`,
      ),
      held: db.prepare('SELECT id, content_hash FROM articles WHERE file = ?'),
      owner: db.prepare('SELECT file FROM articles WHERE id = ?'),
      dropArticles: db.prepare('DELETE FROM articles WHERE file = ?'),
      dropAnalysis: db.prepare('DELETE FROM analyses WHERE article_id = ?'),
      insert: db.prepare('INSERT INTO articles (id, file, ord, content_hash, json) VALUES (?, ?, ?, ?, ?)'),
      insertBody: db.prepare('INSERT OR REPLACE INTO article_bodies (id, body) VALUES (?, ?)'),
      idsOf: db.prepare('SELECT id FROM articles WHERE file = ?').pluck(),
      dropFile: db.prepare('DELETE FROM source_files WHERE path = ?'),
    };
  }

  /** One file's row and articles, in the caller's transaction. */
  private writeFile(st: FileStatements, file: SourceFile, articles: Article[] | null): void {
    st.upsertFile.run(file.path, file.size, file.mtimeMs, file.contentHash, file.readerVersion);
    if (!articles) return;
    const before = this.clearFile(st, file.path, articles);
    this.insertArticles(st, file.path, articles, before, 0, articles.length);
  }

  /** A file of many articles, a transaction of SLICE_ROWS at a time (see putFiles). */
  private async writeInSlices(st: FileStatements, { file, articles }: FileWrite): Promise<void> {
    if (!articles) return;
    let before = new Set<string>();
    this.db
      .transaction(() => {
        st.upsertFile.run(file.path, INCOMPLETE_SIZE, file.mtimeMs, file.contentHash, file.readerVersion);
        before = this.clearFile(st, file.path, articles);
      })
      .immediate();
    try {
      for (let from = 0; from < articles.length; from += SLICE_ROWS) {
        await nextTurn();
        this.db
          .transaction(() =>
            this.insertArticles(st, file.path, articles, before, from, Math.min(articles.length, from + SLICE_ROWS)),
          )
          .immediate();
      }
    } catch (err) {
      // What was written of it goes with its row: the file reads as never stored, and the next open reads it.
      this.db
        .transaction(() => {
          for (const id of st.idsOf.all(file.path) as string[]) st.dropAnalysis.run(id);
          st.dropArticles.run(file.path);
          st.dropFile.run(file.path);
        })
        .immediate();
      throw err;
    }
    st.upsertFile.run(file.path, file.size, file.mtimeMs, file.contentHash, file.readerVersion);
  }

  /** Drops a file's articles and the analyses of those gone or changed (unchanged ones keep theirs); returns the ids it held. */
  private clearFile(st: FileStatements, path: string, articles: Article[]): Set<string> {
    const before = new Map(
      (st.held.all(path) as { id: string; content_hash: string }[]).map((r) => [r.id, r.content_hash]),
    );
    const now = before.size ? new Map(articles.map((a) => [a.id, a.contentHash])) : null;
    for (const [id, hash] of before) if (now?.get(id) !== hash) st.dropAnalysis.run(id);
    st.dropArticles.run(path);
    return new Set(before.keys());
  }

  private insertArticles(
    st: FileStatements,
    path: string,
    articles: Article[],
    before: Set<string>,
    from: number,
    to: number,
  ): void {
    for (let ord = from; ord < to; ord++) {
      const a = articles[ord];
      const other = st.owner.get(a.id) as { file: string } | undefined;
      if (other) throw new Error(`article id “${a.id}” of ${path} is already held by ${other.file}`);
      if (!before.has(a.id)) st.dropAnalysis.run(a.id);
      const { body, ...fields } = a;
      st.insert.run(a.id, path, ord, a.contentHash, JSON.stringify(fields));
      st.insertBody.run(a.id, body);
    }
  }

  /**
   * A file's analyses and articles go SLICE_ROWS at a time (the event loop turning between), its row last: a process
   * killed part way leaves the row, which matches no file on disk any more (gone, or changed), so the next open
   * finishes the job.
   */
  async deleteFiles(paths: string[]): Promise<string[]> {
    const removed: string[] = [];
    // The ids listed a slice at a time too (255,555 of them in one query held the loop 180-210 ms).
    const ids = this.db.prepare('SELECT id, ord FROM articles WHERE file = ? AND ord > ? ORDER BY ord LIMIT ?');
    const dropAnalysis = this.db.prepare('DELETE FROM analyses WHERE article_id = ?');
    const dropArticle = this.db.prepare('DELETE FROM articles WHERE id = ?');
    const dropFile = this.db.prepare('DELETE FROM source_files WHERE path = ?');
    for (const file of paths) {
      for (let after = -1; ; ) {
        const held = ids.all(file, after, SLICE_ROWS) as { id: string; ord: number }[];
        if (!held.length) break;
        after = held[held.length - 1].ord;
        this.db
          .transaction(() => {
            for (const { id } of held) {
              dropAnalysis.run(id);
              dropArticle.run(id);
            }
          })
          .immediate();
        // Not push(...ids): 255,555 ids as arguments overflow the stack (removing tiny-records.json threw).
        for (const { id } of held) removed.push(id);
        await nextTurn();
      }
      dropFile.run(file);
    }
    return removed;
  }

  async ownersOf(ids: string[]): Promise<Map<string, string>> {
    const owner = this.db.prepare('SELECT file FROM articles WHERE id = ?').pluck();
    const out = new Map<string, string>();
    for (const [i, id] of ids.entries()) {
      if (i && i % SLICE_ROWS === 0) await nextTurn();
      const file = owner.get(id) as string | undefined;
      if (file !== undefined) out.set(id, file);
    }
    return out;
  }

  /** SLICE_ROWS analyses a transaction (an analysis not stored is made again by the next open). */
  async putAnalyses(analyses: StoredAnalysis[]): Promise<void> {
    const hashOf = this.db.prepare('SELECT content_hash FROM articles WHERE id = ?').pluck();
    const put = this.db.prepare(
      `INSERT INTO analyses (article_id, content_hash, version, statements, entities, bytes) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash, version = excluded.version,
         statements = excluded.statements, entities = excluded.entities, bytes = excluded.bytes`,
    );
    for (let i = 0; i < analyses.length; i += SLICE_ROWS) {
      if (i > 0) await nextTurn();
      this.db
        .transaction(() => {
          for (const a of analyses.slice(i, i + SLICE_ROWS)) {
            if (hashOf.get(a.articleId) !== a.contentHash) continue;
            put.run(a.articleId, a.contentHash, a.version, a.counts[0], a.counts[1], a.bytes);
          }
        })
        .immediate();
    }
  }

  /**
   * A store of an earlier round kept each body inside its article's JSON: moved to article_bodies, MOVE_ROWS rows a
   * transaction, before the first listing (once; about 1 s at 21k articles). A kill part way leaves rows of both
   * layouts, which every read takes (the body read falls back to the JSON); the next open moves the rest.
   */
  private async moveBodiesApart(): Promise<void> {
    const db = this.db;
    if ((db.pragma('user_version', { simple: true }) as number) >= BODIES_APART) return;
    const last = (db.prepare('SELECT max(rowid) FROM articles').pluck().get() as number | null) ?? 0;
    const move = db.prepare(
      `INSERT OR REPLACE INTO article_bodies (id, body)
       SELECT id, json_extract(json, '$.body') FROM articles WHERE rowid BETWEEN ? AND ? AND json_type(json, '$.body') = 'text'`,
    );
    const strip = db.prepare(
      "UPDATE articles SET json = json_remove(json, '$.body') WHERE rowid BETWEEN ? AND ? AND json_type(json, '$.body') IS NOT NULL",
    );
    for (let from = 1; from <= last; from += MOVE_ROWS) {
      db.transaction(() => {
        move.run(from, from + MOVE_ROWS - 1);
        strip.run(from, from + MOVE_ROWS - 1);
      }).immediate();
      await nextTurn();
    }
    db.pragma(`user_version = ${BODIES_APART}`);
  }

  async *articles(batchSize = 2000): AsyncIterable<StoredArticle[]> {
    await this.moveBodiesApart();
    const page = this.db.prepare(
      `SELECT a.file, a.ord, a.json, b.body, n.version, n.statements, n.entities, n.bytes
       FROM articles a LEFT JOIN article_bodies b ON b.id = a.id
         LEFT JOIN analyses n ON n.article_id = a.id AND n.content_hash = a.content_hash
       WHERE (a.file, a.ord) > (?, ?) ORDER BY a.file, a.ord LIMIT ?`,
    );
    let after: [string, number] = ['', -1];
    for (;;) {
      const rows = page.all(after[0], after[1], batchSize) as (ArticleRow & { body: string | null })[];
      if (!rows.length) return;
      after = [rows[rows.length - 1].file, rows[rows.length - 1].ord];
      yield rows.map(toStoredArticle);
      if (rows.length < batchSize) return;
    }
  }

  readonly lazyAnalyses: NonNullable<ArticleStore['lazyAnalyses']> = {
    heads: (batchSize = 2000) => this.heads(batchSize),
    bytesOf: (articleId, contentHash, version) =>
      this.readBytes.get(articleId, contentHash, version) as Buffer | undefined,
  };

  private readonly readBytes: Database.Statement<unknown[], unknown>;

  private async *heads(batchSize: number): AsyncIterable<StoredHead[]> {
    // A failure ("null") counts nothing: only then is the row itself read (the rest comes from analyses_heads).
    const page = this.db.prepare(
      `SELECT a.file, a.ord, a.json, n.version, n.statements, n.entities,
         CASE WHEN n.statements = 0 AND n.entities = 0 THEN (length(n.bytes) = 4 AND n.bytes = CAST('null' AS BLOB)) ELSE 0 END AS failed
       FROM articles a LEFT JOIN analyses n ON n.article_id = a.id AND n.content_hash = a.content_hash
       WHERE (a.file, a.ord) > (?, ?) ORDER BY a.file, a.ord LIMIT ?`,
    );
    // Rows as arrays: no object per row (200,000 rows at a restart; ~0.2 s of the 0.55 s the query took at 200k).
    page.raw(true);
    type HeadRow = [
      file: string,
      ord: number,
      json: string,
      version: string | null,
      statements: number | null,
      entities: number | null,
      failed: number | null,
    ];
    await this.moveBodiesApart();
    let after: [string, number] = ['', -1];
    for (;;) {
      const rows = page.all(after[0], after[1], batchSize) as HeadRow[];
      if (!rows.length) return;
      after = [rows[rows.length - 1][0], rows[rows.length - 1][1]];
      yield rows.map(([, , json, version, statements, entities, failed]) => ({
        article: new ArticleWithStoredBody(fieldsOf(json), this.bodyOf),
        analysis: version === null ? null : { version, counts: [statements ?? 0, entities ?? 0], failed: failed === 1 },
      }));
      if (rows.length < batchSize) return;
    }
  }

  async analysesOf(ids: string[]): Promise<Map<string, StoredAnalysis>> {
    const get = this.db.prepare(
      'SELECT content_hash, version, statements, entities, bytes FROM analyses WHERE article_id = ?',
    );
    const out = new Map<string, StoredAnalysis>();
    for (const id of ids) {
      const r = get.get(id) as
        | { content_hash: string; version: string; statements: number; entities: number; bytes: Buffer }
        | undefined;
      if (r)
        out.set(id, {
          articleId: id,
          contentHash: r.content_hash,
          version: r.version,
          counts: [r.statements, r.entities],
          bytes: r.bytes,
        });
    }
    return out;
  }

  async counts(version?: string): Promise<StoreCounts> {
    const one = (sql: string, ...args: unknown[]) =>
      this.db
        .prepare(sql)
        .pluck()
        .get(...args) as number;
    return {
      files: one('SELECT COUNT(*) FROM source_files'),
      articles: one('SELECT COUNT(*) FROM articles'),
      analysed:
        version === undefined
          ? one('SELECT COUNT(*) FROM analyses')
          : one('SELECT COUNT(*) FROM analyses WHERE version = ?', version),
    };
  }

  async loadIndexState(): Promise<IndexStateRead | null> {
    const tag = this.currentTag();
    if (tag === null) return this.loadUntaggedIndexState();
    const rows = this.db
      .prepare('SELECT name FROM index_state WHERE name >= ? AND name < ? ORDER BY name')
      .pluck()
      .all(tag, tagEnd(tag)) as string[];
    const chunks = new Map<string, string[]>();
    for (const row of rows) {
      const mark = row.lastIndexOf(CHUNK_MARK);
      if (mark <= tag.length) continue;
      const part = row.slice(tag.length, mark);
      const rows = chunks.get(part);
      if (rows) rows.push(row);
      else chunks.set(part, [row]);
    }
    const read = this.db.prepare('SELECT bytes FROM index_state WHERE name = ?').pluck();
    const partBytes = (name: string): Buffer | undefined => {
      const held = chunks.get(name)?.map((row) => read.get(row) as Buffer | undefined);
      // A chunk gone meanwhile (another process's save swapped in and cleared this one): no part, not half of one.
      if (!held || !held.every(Boolean)) return undefined;
      return held.length === 1 ? held[0] : Buffer.concat(held as Buffer[]);
    };
    const meta = partBytes(META_PART);
    if (!meta) return null;
    const { version, covers } = JSON.parse(meta.toString('utf8')) as { version: string; covers: CoveredArticle[] };
    return {
      version,
      covers,
      names: [...chunks.keys()].filter((name) => name !== META_PART),
      part: async (name) => (name === META_PART ? undefined : partBytes(name)),
      partNow: (name) => (name === META_PART ? undefined : partBytes(name)),
    };
  }

  /** The index state as stores before round 5 kept it: one untagged row a part, the meta in STATE_META. */
  private loadUntaggedIndexState(): IndexStateRead | null {
    const meta = this.db.prepare('SELECT bytes FROM index_state WHERE name = ?').pluck().get(STATE_META) as
      | Buffer
      | undefined;
    if (!meta) return null;
    const { version, covers } = JSON.parse(meta.toString('utf8')) as { version: string; covers: CoveredArticle[] };
    const names = this.db
      .prepare('SELECT name FROM index_state WHERE name <> ? AND NOT (name >= ? AND name < ?) ORDER BY name')
      .pluck()
      .all(STATE_META, STAGED, STAGED_END) as string[];
    const read = this.db.prepare('SELECT bytes FROM index_state WHERE name = ?').pluck();
    return {
      version,
      covers,
      names,
      part: async (name) => (name === STATE_META ? undefined : (read.get(name) as Buffer | undefined)),
      partNow: (name) => (name === STATE_META ? undefined : (read.get(name) as Buffer | undefined)),
    };
  }

  private currentTag(): string | null {
    const row = this.db.prepare('SELECT bytes FROM index_state WHERE name = ?').pluck().get(CURRENT) as
      | Buffer
      | undefined;
    return row ? row.toString('utf8') : null;
  }

  /**
   * Each part is made and written under this save's own tag, a chunk a row, the event loop turning between chunks (at
   * 200k articles the parts take seconds to make: in one go they held the loop ~9 s), then its meta. One short
   * transaction swaps it in by pointing CURRENT at its tag, unless the indexes changed meanwhile or another process's
   * save swapped in after this one began (this one then gives up). The rows of other saves (the one replaced, one a
   * kill left, one outrun) are then deleted a row at a time: the swap copies and frees nothing (renaming the rows of
   * an 11 MB state in one transaction held the loop 381 ms at 21k articles).
   */
  async saveIndexState(state: IndexStateWrite): Promise<boolean> {
    const db = this.db;
    const tag = `${STAGED}${randomBytes(6).toString('hex')}:`;
    const begunOver = this.currentTag();
    const put = db.prepare('INSERT OR REPLACE INTO index_state (name, bytes) VALUES (?, ?)');
    let written = 0;
    // A part's chunks, each made (when a generator makes them) and written in a turn of its own.
    const putChunks = async (name: string, chunks: Iterable<Buffer>) => {
      let k = 0;
      for (const chunk of chunks) {
        put.run(`${tag}${name}${CHUNK_MARK}${String(k++).padStart(6, '0')}`, chunk);
        written++;
        await nextTurn();
      }
    };
    const putPart = (name: string, bytes: Buffer) => putChunks(name, chunksOf(bytes));
    let swapped = false;
    try {
      for (const part of state.parts) {
        await (part.pieces ? putChunks(part.name, part.pieces()) : putPart(part.name, part.bytes()));
        if (state.unchanged && !state.unchanged()) return false;
      }
      await putChunks(META_PART, indexMetaPieces(state.version, state.covers));
      swapped = db
        .transaction(() => {
          if (this.currentTag() !== begunOver) return false;
          const mine = db.prepare('SELECT COUNT(*) FROM index_state WHERE name >= ? AND name < ?').pluck();
          if (mine.get(tag, tagEnd(tag)) !== written) return false; // another save cleared some of this one's rows
          put.run(CURRENT, Buffer.from(tag));
          return true;
        })
        .immediate();
      return swapped;
    } finally {
      await this.dropIndexRowsBut(swapped ? tag : this.currentTag(), swapped ? null : tag);
    }
  }

  /**
   * Deletes, a row at a time with the loop turning, the index-state rows of every save but the one in use (`keep`);
   * with `only`, just that save's rows (a save that gave up must not clear another one still being written).
   */
  private async dropIndexRowsBut(keep: string | null, only: string | null): Promise<void> {
    const names = (
      only
        ? this.db.prepare('SELECT name FROM index_state WHERE name >= ? AND name < ?').pluck().all(only, tagEnd(only))
        : this.db.prepare('SELECT name FROM index_state WHERE name <> ?').pluck().all(CURRENT)
    ) as string[];
    const drop = this.db.prepare('DELETE FROM index_state WHERE name = ?');
    for (const name of names) {
      if (keep !== null && name.startsWith(keep)) continue;
      drop.run(name);
      await nextTurn();
    }
  }

  async clearIndexState(): Promise<void> {
    this.db.prepare('DELETE FROM index_state').run();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** An article's fields from its row, without its body (a row not moved yet holds it: see moveBodiesApart). */
function fieldsOf(json: string): Omit<Article, 'body'> {
  const fields = JSON.parse(json) as Partial<Article>;
  if (fields.body !== undefined) delete fields.body;
  return fields as Omit<Article, 'body'>;
}

/** The store's layout (SQLite's user_version) since the bodies are kept apart from the articles' fields. */
const BODIES_APART = 1;
/** Rows moved per transaction by moveBodiesApart, the event loop turning between. */
const MOVE_ROWS = 2000;

/** A part's bytes in rows of at most PART_CHUNK_BYTES (one row, maybe empty, for a short part). */
function* chunksOf(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at === 0 || at < bytes.length; at += PART_CHUNK_BYTES)
    yield bytes.subarray(at, at + PART_CHUNK_BYTES);
}

/** The first name after every row of a save's tag ("...:" sorts just before "...;"). */
function tagEnd(tag: string): string {
  return `${tag.slice(0, -1)};`;
}

function toStoredArticle(r: ArticleRow & { body: string | null }): StoredArticle {
  const fields = JSON.parse(r.json) as Article;
  // A row of an earlier round, not moved yet by another process's listing, holds its body in its JSON.
  const article = r.body === null ? fields : { ...fields, body: r.body };
  if (r.version === null || r.bytes === null) return { article, analysis: null };
  const counts: AnalysisCounts = [r.statements ?? 0, r.entities ?? 0];
  return { article, analysis: { version: r.version, counts, bytes: r.bytes } };
}
