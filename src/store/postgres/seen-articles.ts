import { seenDecision } from '../decisions.ts';
import { toSeenArticle } from '../seen-articles.ts';
import type { ArticleVersion, RecordOutcome, SeenArticles } from '../types.ts';
import { inTransaction, type Pool } from './pool.ts';

type Row = Parameters<typeof toSeenArticle>[0];

/** Rows per statement when recording many articles (a corpus at start): bounded parameter lists. */
const BATCH = 2000;

/** Seen articles on PostgreSQL. Recording is batched: a start with 20,000 articles is ten round trips, not 40,000. */
export class PgSeenArticles implements SeenArticles {
  constructor(private readonly pool: Pool) {}

  async get(id: string) {
    const { rows } = await this.pool.query<Row>('SELECT * FROM seen_articles WHERE id = $1', [id]);
    return rows[0] && toSeenArticle(rows[0]);
  }

  async count() {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM seen_articles');
    return rows[0].n;
  }

  async record(articles: ArticleVersion[], now: number): Promise<RecordOutcome> {
    const outcome: RecordOutcome = { added: [], changed: [] };
    for (let i = 0; i < articles.length; i += BATCH) {
      const batch = [...new Map(articles.slice(i, i + BATCH).map((a) => [a.id, a])).values()];
      await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<Row>('SELECT * FROM seen_articles WHERE id = ANY($1::text[]) FOR UPDATE', [
          batch.map((a) => a.id),
        ]);
        const known = new Map(rows.map((r) => [r.id, toSeenArticle(r)]));
        const fresh: ArticleVersion[] = [];
        const updates: { a: ArticleVersion; hash: string | null; changedAt: number }[] = [];
        for (const a of batch) {
          const k = known.get(a.id);
          const decision = seenDecision(k, a);
          if (decision === 'add') fresh.push(a);
          else if (decision === 'change') {
            updates.push({ a, hash: a.contentHash, changedAt: now });
            outcome.changed.push(a.id);
          } else if (decision === 'adopt')
            updates.push({ a, hash: a.contentHash ?? k!.contentHash, changedAt: k!.changedAt });
        }
        if (fresh.length) {
          // Another instance may insert the same id meanwhile: only the rows this statement inserted count as added.
          const inserted = await client.query<{ id: string }>(
            `INSERT INTO seen_articles (id, path, content_hash, first_seen, changed_at)
             SELECT id, path, hash, $4, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, path, hash)
             ON CONFLICT DO NOTHING RETURNING id`,
            [fresh.map((a) => a.id), fresh.map((a) => a.path), fresh.map((a) => a.contentHash), now],
          );
          const ids = new Set(inserted.rows.map((r) => r.id));
          outcome.added.push(...fresh.filter((a) => ids.has(a.id)).map((a) => a.id));
        }
        if (updates.length) {
          await client.query(
            `UPDATE seen_articles s SET path = t.path, content_hash = t.hash, changed_at = t.changed_at
             FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS t(id, path, hash, changed_at) WHERE s.id = t.id`,
            [
              updates.map((u) => u.a.id),
              updates.map((u) => u.a.path),
              updates.map((u) => u.hash),
              updates.map((u) => u.changedAt),
            ],
          );
        }
      });
    }
    return outcome;
  }

  async idsFromFile(relativePath: string) {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM seen_articles WHERE path = $1 OR left(path, $2) = $3',
      [relativePath, relativePath.length + 1, `${relativePath}#`],
    );
    return rows.map((r) => r.id);
  }

  async forget(ids: string[]) {
    for (let i = 0; i < ids.length; i += BATCH)
      await this.pool.query('DELETE FROM seen_articles WHERE id = ANY($1::text[])', [ids.slice(i, i + BATCH)]);
  }

  async changedBetween(after: number, until: number) {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM seen_articles WHERE changed_at > $1 AND changed_at <= $2 ORDER BY changed_at, id',
      [after, until],
    );
    return rows.map((r) => r.id);
  }
}
