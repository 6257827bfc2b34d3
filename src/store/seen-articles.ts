import { immediate, type Db } from './db.ts';

/** Articles the bot has seen: when first, when their content last changed, so a digest tells only what is new. */
export interface SeenArticle {
  id: string;
  path: string;
  contentHash: string | null;
  firstSeen: number;
  changedAt: number;
}

interface Row {
  id: string;
  path: string;
  content_hash: string | null;
  first_seen: number;
  changed_at: number;
}

const toRecord = (r: Row): SeenArticle => ({ id: r.id, path: r.path, contentHash: r.content_hash, firstSeen: r.first_seen, changedAt: r.changed_at });

export interface ArticleVersion {
  id: string;
  path: string;
  /** null when not known (e.g. an article known only by its index metadata). */
  contentHash: string | null;
}

export interface RecordOutcome {
  /** Never seen before. */
  added: string[];
  /** Seen before with other content. */
  changed: string[];
}

export class SeenArticles {
  constructor(private readonly db: Db) {}

  get(id: string): SeenArticle | undefined {
    const row = this.db.prepare('SELECT * FROM seen_articles WHERE id = ?').get(id) as Row | undefined;
    return row && toRecord(row);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM seen_articles').get() as { n: number }).n;
  }

  /**
   * Records articles as seen at `now`. A new id is added; a known one with a different hash is changed (its
   * changedAt moves on, so the next digest tells it again). An unknown hash on either side is adopted, not a change.
   */
  record(articles: ArticleVersion[], now: number): RecordOutcome {
    const outcome: RecordOutcome = { added: [], changed: [] };
    immediate(this.db, () => {
      const insert = this.db.prepare('INSERT INTO seen_articles (id, path, content_hash, first_seen, changed_at) VALUES (?, ?, ?, ?, ?)');
      const update = this.db.prepare('UPDATE seen_articles SET path = ?, content_hash = ?, changed_at = ? WHERE id = ?');
      for (const a of articles) {
        const known = this.get(a.id);
        if (!known) {
          insert.run(a.id, a.path, a.contentHash, now, now);
          outcome.added.push(a.id);
        } else if (known.contentHash && a.contentHash && known.contentHash !== a.contentHash) {
          update.run(a.path, a.contentHash, now, a.id);
          outcome.changed.push(a.id);
        } else if (a.contentHash !== known.contentHash || a.path !== known.path) {
          update.run(a.path, a.contentHash ?? known.contentHash, known.changedAt, a.id);
        }
      }
    });
    return outcome;
  }

  /** Ids of the articles that came from one file (records "file#N" of a .json/.jsonl file included). */
  idsFromFile(relativePath: string): string[] {
    const rows = this.db.prepare("SELECT id FROM seen_articles WHERE path = ? OR substr(path, 1, ?) = ?").all(relativePath, relativePath.length + 1, `${relativePath}#`) as { id: string }[];
    return rows.map((r) => r.id);
  }

  forget(ids: string[]): void {
    const del = this.db.prepare('DELETE FROM seen_articles WHERE id = ?');
    immediate(this.db, () => ids.forEach((id) => del.run(id)));
  }

  /** Ids of articles new or changed in (after, until], oldest change first. */
  changedBetween(after: number, until: number): string[] {
    const rows = this.db.prepare('SELECT id FROM seen_articles WHERE changed_at > ? AND changed_at <= ? ORDER BY changed_at, id').all(after, until) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
