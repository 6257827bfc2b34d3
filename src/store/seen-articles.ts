import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { immediate, type Db } from './db.ts';
import { seenDecision } from './decisions.ts';
import type { ArticleVersion, RecordOutcome, SeenArticle, SeenArticles } from './types.ts';

export type { ArticleVersion, RecordOutcome, SeenArticle } from './types.ts';

interface Row {
  id: string;
  path: string;
  content_hash: string | null;
  first_seen: number;
  changed_at: number;
}

export const toSeenArticle = (r: Row): SeenArticle => ({
  id: r.id,
  path: r.path,
  contentHash: r.content_hash,
  firstSeen: Number(r.first_seen),
  changedAt: Number(r.changed_at),
});

/** Rows written between two turns of the event loop. */
const SLICE_ROWS = 256;

type Statement = Database.Statement;

/** Seen articles on SQLite. */
export class SqliteSeenArticles implements SeenArticles {
  constructor(private readonly db: Db) {}

  private rowById: Statement | null = null;

  private row(id: string): SeenArticle | undefined {
    const row = (this.rowById ??= this.db.prepare('SELECT * FROM seen_articles WHERE id = ?')).get(id) as
      | Row
      | undefined;
    return row && toSeenArticle(row);
  }

  async get(id: string) {
    return this.row(id);
  }

  async count() {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM seen_articles').get() as { n: number }).n;
  }

  /** SLICE_ROWS articles a transaction, the event loop turning between (a file of thousands of stories). */
  async record(articles: ArticleVersion[], now: number): Promise<RecordOutcome> {
    const outcome: RecordOutcome = { added: [], changed: [] };
    const insert = this.db.prepare(
      'INSERT INTO seen_articles (id, path, content_hash, first_seen, changed_at) VALUES (?, ?, ?, ?, ?)',
    );
    const update = this.db.prepare('UPDATE seen_articles SET path = ?, content_hash = ?, changed_at = ? WHERE id = ?');
    for (let i = 0; i < articles.length; i += SLICE_ROWS) {
      if (i > 0) await nextTurn();
      immediate(this.db, () => this.recordSlice(articles.slice(i, i + SLICE_ROWS), now, outcome, insert, update));
    }
    return outcome;
  }

  private recordSlice(
    articles: ArticleVersion[],
    now: number,
    outcome: RecordOutcome,
    insert: Statement,
    update: Statement,
  ): void {
    for (const a of articles) {
      const known = this.row(a.id);
      const decision = seenDecision(known, a);
      if (decision === 'add') {
        insert.run(a.id, a.path, a.contentHash, now, now);
        outcome.added.push(a.id);
      } else if (decision === 'change') {
        update.run(a.path, a.contentHash, now, a.id);
        outcome.changed.push(a.id);
      } else if (decision === 'adopt') {
        update.run(a.path, a.contentHash ?? known!.contentHash, known!.changedAt, a.id);
      }
    }
  }

  async idsFromFile(relativePath: string) {
    const rows = this.db
      .prepare('SELECT id FROM seen_articles WHERE path = ? OR substr(path, 1, ?) = ?')
      .all(relativePath, relativePath.length + 1, `${relativePath}#`) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async forget(ids: string[]) {
    const del = this.db.prepare('DELETE FROM seen_articles WHERE id = ?');
    for (let i = 0; i < ids.length; i += SLICE_ROWS) {
      if (i > 0) await nextTurn();
      immediate(this.db, () => ids.slice(i, i + SLICE_ROWS).forEach((id) => del.run(id)));
    }
  }

  async changedBetween(after: number, until: number) {
    const rows = this.db
      .prepare('SELECT id FROM seen_articles WHERE changed_at > ? AND changed_at <= ? ORDER BY changed_at, id')
      .all(after, until) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
