import pg from 'pg';

/**
 * New articles reach every instance: the instance that takes an article in (watcher or feed) stores it, then
 * announces its id with NOTIFY; the others LISTEN and add it to their in-memory indexes from the article store.
 * A notification is delivered only to sessions listening when it commits, so a listener that lost its connection
 * is told (onGap) after it reconnects, to catch up from the store instead.
 */
export const ARTICLES_CHANNEL = 'briefbot_articles';

/** PostgreSQL refuses payloads of 8000 bytes or more; ids are sent in chunks below this. */
const PAYLOAD_LIMIT = 7000;
const MAX_ID_LENGTH = 512;
const RECONNECT_MS = [500, 1000, 2000, 5000];

export interface Announcement {
  /** The announcing instance. */
  from: string;
  ids: string[];
}

export interface Subscription {
  close(): Promise<void>;
}

/** Splits ids into JSON payloads under the limit (an id longer than MAX_ID_LENGTH is left out: no article has one). */
export function announcementPayloads(from: string, ids: string[]): string[] {
  const payloads: string[] = [];
  let chunk: string[] = [];
  let size = from.length + 32;
  for (const id of ids) {
    if (id.length > MAX_ID_LENGTH) continue;
    const cost = JSON.stringify(id).length + 1;
    if (chunk.length && size + cost > PAYLOAD_LIMIT) {
      payloads.push(JSON.stringify({ from, ids: chunk }));
      chunk = [];
      size = from.length + 32;
    }
    chunk.push(id);
    size += cost;
  }
  if (chunk.length) payloads.push(JSON.stringify({ from, ids: chunk }));
  return payloads;
}

/** A payload as sent by announcementPayloads, or null for anything else. */
export function parseAnnouncement(payload: string | undefined): Announcement | null {
  if (!payload || payload.length > PAYLOAD_LIMIT + 1000) return null;
  try {
    const v = JSON.parse(payload) as { from?: unknown; ids?: unknown };
    if (typeof v.from !== 'string' || !Array.isArray(v.ids) || !v.ids.every((id) => typeof id === 'string'))
      return null;
    return { from: v.from, ids: v.ids as string[] };
  } catch {
    return null;
  }
}

export class PgAnnouncements {
  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly databaseUrl: string,
    /** This instance's name: its own announcements are not handed back to it. */
    readonly instance: string,
  ) {}

  async announce(ids: string[]): Promise<void> {
    for (const payload of announcementPayloads(this.instance, ids))
      await this.pool.query('SELECT pg_notify($1, $2)', [ARTICLES_CHANNEL, payload]);
  }

  /**
   * Listens on a dedicated connection (a pooled one would be handed to others). Reconnects with back-off when the
   * connection drops, then calls onGap: announcements made meanwhile were not received.
   */
  async subscribe(
    onIds: (ids: string[], from: string) => void,
    onGap: (reason: string) => void = () => undefined,
  ): Promise<Subscription> {
    let closed = false;
    let client: pg.Client | null = null;
    let attempt = 0;
    // Called once per lost connection or failed attempt: tries again with back-off, then tells of the gap.
    const reconnect = () => {
      if (closed) return;
      const wait = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)];
      setTimeout(
        () => void connect().then(() => void (closed || onGap('listener reconnected')), reconnect),
        wait,
      ).unref();
    };
    const connect = async (): Promise<void> => {
      if (closed) return;
      const c = new pg.Client({ connectionString: this.databaseUrl });
      let live = false;
      c.on('notification', (msg) => {
        const a = parseAnnouncement(msg.payload);
        if (a && a.from !== this.instance && a.ids.length) onIds(a.ids, a.from);
      });
      c.on('error', () => undefined);
      c.on('end', () => {
        // Only a connection that was listening is reconnected here; a failed attempt is retried by reconnect().
        if (live && client === c) reconnect();
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${ARTICLES_CHANNEL}`);
      } catch (err) {
        await c.end().catch(() => undefined);
        throw err;
      }
      if (closed) return void (await c.end().catch(() => undefined));
      live = true;
      client = c;
      attempt = 0;
    };
    await connect();
    return {
      async close() {
        closed = true;
        await client?.end().catch(() => undefined);
      },
    };
  }
}
