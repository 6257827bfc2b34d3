/**
 * The article store (src/store/articles/types.ts) on PostgreSQL: the corpus as read and understood, shared by every
 * instance on DATABASE_URL, so that an article is understood once, by one instance, and loaded by the others.
 * Every write is one transaction; writers take a transaction-level advisory lock so two instances storing the same
 * file never interleave. Analyses and index parts are BYTEA, never parsed here.
 *
 * Folders and origins: each instance's watcher writes to the shared store what its corpus folder holds. File rows are
 * keyed by (origin, path relative to the folder): instances that share one folder (a shared volume, the same image)
 * share one origin (CORPUS_ORIGIN, default "corpus") and see one set of file rows, whoever reads a file; an instance
 * with a folder of its own names its own origin, and then its scan lists, changes and deletes only its own rows
 * (files() and deleteFiles() are of this origin), so files that only another instance sees are never deleted by
 * this one's scan. Articles of every origin are read (articles(), articlesOf()): every instance answers from all.
 */
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
} from '../articles/types.ts';
import { migratePostgres } from './migrations.ts';
import { createPool, describeUrl, inTransaction, type Client, type Pool } from './pool.ts';

export const ARTICLE_MIGRATIONS: string[] = [
  `CREATE TABLE source_files (
     path TEXT PRIMARY KEY,
     size BIGINT NOT NULL,
     mtime_ms DOUBLE PRECISION NOT NULL,
     content_hash TEXT NOT NULL,
     reader_version TEXT NOT NULL
   );
   CREATE TABLE articles (
     id TEXT PRIMARY KEY,
     file TEXT NOT NULL,
     ord INTEGER NOT NULL,
     content_hash TEXT NOT NULL,
     json TEXT NOT NULL
   );
   CREATE UNIQUE INDEX articles_by_file ON articles (file, ord);
   CREATE TABLE analyses (
     article_id TEXT PRIMARY KEY,
     content_hash TEXT NOT NULL,
     version TEXT NOT NULL,
     statements INTEGER NOT NULL,
     entities INTEGER NOT NULL,
     bytes BYTEA NOT NULL
   );
   CREATE TABLE index_state (
     name TEXT PRIMARY KEY,
     bytes BYTEA NOT NULL
   );`,
  // Origins (see above): the file rows of one corpus folder, whichever instances read it.
  `ALTER TABLE source_files ADD COLUMN origin TEXT NOT NULL DEFAULT 'corpus';
   ALTER TABLE source_files DROP CONSTRAINT source_files_pkey;
   ALTER TABLE source_files ADD PRIMARY KEY (origin, path);
   ALTER TABLE articles ADD COLUMN origin TEXT NOT NULL DEFAULT 'corpus';
   DROP INDEX articles_by_file;
   CREATE UNIQUE INDEX articles_by_file ON articles (origin, file, ord);`,
];

/** The origin of a folder when none is named: instances sharing one folder need no setting. */
export const DEFAULT_ORIGIN = 'corpus';

/** What an origin may be: a short plain name. */
export const ORIGIN_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The row holding the index state's version and covered articles; the parts are the other rows. */
const STATE_META = '\u0001meta';
/** The advisory lock article writes take ("articles" in ASCII). */
const WRITE_LOCK = '0x61727469636c6573';
/** Rows per statement: bounded parameter arrays. */
const BATCH = 1000;

const lockWrites = (client: Client) => client.query(`SELECT pg_advisory_xact_lock(${BigInt(WRITE_LOCK).toString()})`);

export class PgArticleStore implements ArticleStore {
  readonly kind = 'postgres' as const;

  /** Connects and brings the article tables up to date (under the migrations' advisory lock). */
  static async open(databaseUrl: string, options: { origin?: string } = {}): Promise<PgArticleStore> {
    const origin = options.origin ?? DEFAULT_ORIGIN;
    if (!ORIGIN_PATTERN.test(origin))
      throw new Error(
        `corpus origin “${origin.slice(0, 80)}”: use 1 to 64 letters, digits, dots, dashes or underscores`,
      );
    const pool = createPool(databaseUrl);
    try {
      await migratePostgres(pool, ARTICLE_MIGRATIONS, 'articles');
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new Error(`DATABASE_URL (${describeUrl(databaseUrl)}): ${(err as Error).message}`, { cause: err });
    }
    return new PgArticleStore(pool, origin, databaseUrl);
  }

  private constructor(
    private readonly pool: Pool,
    /** The corpus folder's origin: the file rows this instance lists and deletes. */
    readonly origin: string,
    /** For the announcements' own connection. */
    readonly databaseUrl: string,
  ) {}

  /** The pool (the announcer sends on it). */
  get queryable(): Pick<Pool, 'query'> {
    return this.pool;
  }

  async files(): Promise<SourceFile[]> {
    const { rows } = await this.pool.query<{
      path: string;
      size: number;
      mtime_ms: number;
      content_hash: string;
      reader_version: string;
    }>(
      'SELECT path, size, mtime_ms, content_hash, reader_version FROM source_files WHERE origin = $1 ORDER BY path COLLATE "C"',
      [this.origin],
    );
    return rows.map((r) => ({
      path: r.path,
      size: r.size,
      mtimeMs: r.mtime_ms,
      contentHash: r.content_hash,
      readerVersion: r.reader_version,
    }));
  }

  async putFiles(writes: FileWrite[]): Promise<void> {
    if (!writes.length) return;
    await inTransaction(this.pool, async (client) => {
      await lockWrites(client);
      for (const { file, articles } of writes) {
        await client.query(
          `INSERT INTO source_files (origin, path, size, mtime_ms, content_hash, reader_version) VALUES ($6, $1, $2, $3, $4, $5)
           ON CONFLICT (origin, path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, content_hash = excluded.content_hash, reader_version = excluded.reader_version`,
          [file.path, file.size, file.mtimeMs, file.contentHash, file.readerVersion, this.origin],
        );
        if (articles) await this.replaceArticles(client, file.path, articles);
      }
    });
  }

  /** The file's articles now: gone or changed ones lose their analyses, unchanged ones keep them; ids stay unique across files. */
  private async replaceArticles(client: Client, path: string, articles: Article[]): Promise<void> {
    const held = await client.query<{ id: string; content_hash: string }>(
      'SELECT id, content_hash FROM articles WHERE origin = $1 AND file = $2',
      [this.origin, path],
    );
    const before = new Map(held.rows.map((r) => [r.id, r.content_hash]));
    const now = new Map(articles.map((a) => [a.id, a.contentHash]));
    const stale = [...before].filter(([id, hash]) => now.get(id) !== hash).map(([id]) => id);
    for (const a of articles) if (!before.has(a.id)) stale.push(a.id); // not push(...): a file may hold 255,555
    await client.query('DELETE FROM articles WHERE origin = $1 AND file = $2', [this.origin, path]);
    const ids = articles.map((a) => a.id);
    for (let i = 0; i < ids.length; i += BATCH) {
      const other = await client.query<{ id: string; origin: string; file: string }>(
        'SELECT id, origin, file FROM articles WHERE id = ANY($1::text[]) LIMIT 1',
        [ids.slice(i, i + BATCH)],
      );
      if (other.rows[0])
        throw new Error(
          `article id “${other.rows[0].id}” of ${path} is already held by ${this.ownerName(other.rows[0])}`,
        );
    }
    for (let i = 0; i < stale.length; i += BATCH)
      await client.query('DELETE FROM analyses WHERE article_id = ANY($1::text[])', [stale.slice(i, i + BATCH)]);
    for (let i = 0; i < articles.length; i += BATCH) {
      const batch = articles.slice(i, i + BATCH);
      await client.query(
        `INSERT INTO articles (id, origin, file, ord, content_hash, json)
         SELECT id, $6, $1, ord, hash, json FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) AS t(id, ord, hash, json)`,
        [
          path,
          batch.map((a) => a.id),
          batch.map((_, k) => i + k),
          batch.map((a) => a.contentHash),
          batch.map((a) => JSON.stringify(a)),
          this.origin,
        ],
      );
    }
  }

  async deleteFiles(paths: string[]): Promise<string[]> {
    if (!paths.length) return [];
    return inTransaction(this.pool, async (client) => {
      await lockWrites(client);
      const { rows } = await client.query<{ id: string }>(
        'DELETE FROM articles WHERE origin = $1 AND file = ANY($2::text[]) RETURNING id',
        [this.origin, paths],
      );
      const removed = rows.map((r) => r.id);
      for (let i = 0; i < removed.length; i += BATCH)
        await client.query('DELETE FROM analyses WHERE article_id = ANY($1::text[])', [removed.slice(i, i + BATCH)]);
      await client.query('DELETE FROM source_files WHERE origin = $1 AND path = ANY($2::text[])', [this.origin, paths]);
      return removed;
    });
  }

  async ownersOf(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const { rows } = await this.pool.query<{ id: string; origin: string; file: string }>(
        'SELECT id, origin, file FROM articles WHERE id = ANY($1::text[])',
        [ids.slice(i, i + BATCH)],
      );
      for (const r of rows) out.set(r.id, this.ownerName(r));
    }
    return out;
  }

  /** A file of this origin by its path; another origin's as origin:path (never equal to a path of this folder's). */
  private ownerName(r: { origin: string; file: string }): string {
    return r.origin === this.origin ? r.file : `${r.origin}:${r.file}`;
  }

  async putAnalyses(analyses: StoredAnalysis[]): Promise<void> {
    if (!analyses.length) return;
    await inTransaction(this.pool, async (client) => {
      await lockWrites(client);
      for (let i = 0; i < analyses.length; i += BATCH) {
        const batch = analyses.slice(i, i + BATCH);
        // Only where the article is there with the same content: an analysis of older content is dropped.
        await client.query(
          `INSERT INTO analyses (article_id, content_hash, version, statements, entities, bytes)
           SELECT t.id, t.hash, t.version, t.statements, t.entities, t.bytes
           FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::bytea[]) AS t(id, hash, version, statements, entities, bytes)
           JOIN articles a ON a.id = t.id AND a.content_hash = t.hash
           ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash, version = excluded.version,
             statements = excluded.statements, entities = excluded.entities, bytes = excluded.bytes`,
          [
            batch.map((a) => a.articleId),
            batch.map((a) => a.contentHash),
            batch.map((a) => a.version),
            batch.map((a) => a.counts[0]),
            batch.map((a) => a.counts[1]),
            batch.map((a) => a.bytes),
          ],
        );
      }
    });
  }

  /** Every origin's articles: this folder's first, in path order, then the others' (by origin, then path). */
  async *articles(batchSize = 2000): AsyncIterable<StoredArticle[]> {
    let after: [number, string, string, number] = [0, '', '', -1];
    for (;;) {
      const { rows } = await this.pool.query<ArticleRow & { mine: number; origin: string }>(
        `SELECT CASE WHEN a.origin = $5 THEN 0 ELSE 1 END AS mine, a.origin, a.file, a.ord, a.json, n.version, n.statements, n.entities, n.bytes
         FROM articles a LEFT JOIN analyses n ON n.article_id = a.id AND n.content_hash = a.content_hash
         WHERE (CASE WHEN a.origin = $5 THEN 0 ELSE 1 END, a.origin COLLATE "C", a.file COLLATE "C", a.ord) > ($1::int, $2 COLLATE "C", $3 COLLATE "C", $4::int)
         ORDER BY 1, a.origin COLLATE "C", a.file COLLATE "C", a.ord LIMIT $6`,
        [...after, this.origin, batchSize],
      );
      if (!rows.length) return;
      const last = rows[rows.length - 1];
      after = [last.mine, last.origin, last.file, last.ord];
      yield rows.map(toStoredArticle);
      if (rows.length < batchSize) return;
    }
  }

  /** These articles with their analyses (for an instance told of new articles by another): beyond the interface, PostgreSQL only. */
  async articlesOf(ids: string[]): Promise<StoredArticle[]> {
    const out: StoredArticle[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const { rows } = await this.pool.query<ArticleRow>(
        `SELECT a.file, a.ord, a.json, n.version, n.statements, n.entities, n.bytes
         FROM articles a LEFT JOIN analyses n ON n.article_id = a.id AND n.content_hash = a.content_hash
         WHERE a.id = ANY($1::text[]) ORDER BY a.file COLLATE "C", a.ord`,
        [ids.slice(i, i + BATCH)],
      );
      out.push(...rows.map(toStoredArticle));
    }
    return out;
  }

  /** The file row of this origin, or null: PostgreSQL only (an instance checks whether another just read the file). */
  async file(path: string): Promise<SourceFile | null> {
    const { rows } = await this.pool.query<{
      path: string;
      size: number;
      mtime_ms: number;
      content_hash: string;
      reader_version: string;
    }>('SELECT path, size, mtime_ms, content_hash, reader_version FROM source_files WHERE origin = $1 AND path = $2', [
      this.origin,
      path,
    ]);
    const r = rows[0];
    return r
      ? {
          path: r.path,
          size: r.size,
          mtimeMs: r.mtime_ms,
          contentHash: r.content_hash,
          readerVersion: r.reader_version,
        }
      : null;
  }

  /** Every article's content hash by id, every origin: PostgreSQL only (what a listener that missed announcements compares with). */
  async contentHashes(): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ id: string; content_hash: string }>(
      'SELECT id, content_hash FROM articles',
    );
    return new Map(rows.map((r) => [r.id, r.content_hash]));
  }

  /**
   * Runs fn while holding a session advisory lock (lockClass, hash of key) on a connection of its own: instances
   * running fn under one key queue. A process that dies lets go of it with its connection.
   */
  async exclusive<T>(lockClass: number, key: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [lockClass, key]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [lockClass, key]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  async analysesOf(ids: string[]): Promise<Map<string, StoredAnalysis>> {
    const out = new Map<string, StoredAnalysis>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const { rows } = await this.pool.query<{
        article_id: string;
        content_hash: string;
        version: string;
        statements: number;
        entities: number;
        bytes: Buffer;
      }>(
        'SELECT article_id, content_hash, version, statements, entities, bytes FROM analyses WHERE article_id = ANY($1::text[])',
        [ids.slice(i, i + BATCH)],
      );
      for (const r of rows)
        out.set(r.article_id, {
          articleId: r.article_id,
          contentHash: r.content_hash,
          version: r.version,
          counts: [r.statements, r.entities],
          bytes: r.bytes,
        });
    }
    return out;
  }

  async counts(version?: string): Promise<StoreCounts> {
    const { rows } = await this.pool.query<{ files: number; articles: number; analysed: number }>(
      `SELECT (SELECT COUNT(*) FROM source_files) AS files, (SELECT COUNT(*) FROM articles) AS articles,
              (SELECT COUNT(*) FROM analyses WHERE $1::text IS NULL OR version = $1::text) AS analysed`,
      [version ?? null],
    );
    return rows[0];
  }

  async loadIndexState(): Promise<IndexStateRead | null> {
    const meta = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM index_state WHERE name = $1', [
      STATE_META,
    ]);
    if (!meta.rows[0]) return null;
    const { version, covers } = JSON.parse(meta.rows[0].bytes.toString('utf8')) as {
      version: string;
      covers: CoveredArticle[];
    };
    const names = (
      await this.pool.query<{ name: string }>(
        'SELECT name FROM index_state WHERE name <> $1 ORDER BY name COLLATE "C"',
        [STATE_META],
      )
    ).rows.map((r) => r.name);
    const part = async (name: string) =>
      name === STATE_META
        ? undefined
        : (await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM index_state WHERE name = $1', [name])).rows[0]
            ?.bytes;
    return { version, covers, names, part };
  }

  async saveIndexState(state: IndexStateWrite): Promise<boolean> {
    const changed = new Error('the indexes changed while they were saved');
    try {
      await inTransaction(this.pool, async (client) => {
        await lockWrites(client);
        await client.query('DELETE FROM index_state');
        // Each part is made, written and let go of before the next is made (the loop turns while each is sent).
        for (const part of state.parts)
          await client.query('INSERT INTO index_state (name, bytes) VALUES ($1, $2)', [part.name, part.bytes()]);
        if (state.unchanged && !state.unchanged()) throw changed; // rolled back: the old state stays
        await client.query('INSERT INTO index_state (name, bytes) VALUES ($1, $2)', [
          STATE_META,
          Buffer.from(JSON.stringify({ version: state.version, covers: state.covers })),
        ]);
      });
    } catch (err) {
      if (err === changed) return false;
      throw err;
    }
    return true;
  }

  async clearIndexState(): Promise<void> {
    await this.pool.query('DELETE FROM index_state');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function toStoredArticle(r: ArticleRow): StoredArticle {
  const article = JSON.parse(r.json) as Article;
  if (r.version === null || r.bytes === null) return { article, analysis: null };
  const counts: AnalysisCounts = [r.statements ?? 0, r.entities ?? 0];
  return { article, analysis: { version: r.version, counts, bytes: r.bytes } };
}
