import { BriefbotError } from '../app/errors.ts';
/** What chat may do with feeds (`/feeds add|list|remove`), over the store; the command formats the answers. */
import { POLL_TIMING, parseEvery } from './timing.ts';
import type { FeedStore } from './store.ts';
import type { FeedRecord } from './types.ts';
import { RefusedUrl, checkUrl } from './ssrf.ts';

export class FeedError extends BriefbotError {
  constructor(message: string) {
    super('feed', message);
    this.name = 'FeedError';
  }
}

export interface FeedService {
  add(request: { url: string; every?: string; userId: string }): Promise<{ feed: FeedRecord; created: boolean }>;
  list(): Promise<FeedRecord[]>;
  /** False when there is no feed with this id. Feeds from FEEDS_FILE are removed in the file, not in chat. */
  remove(id: number): Promise<boolean>;
  /** Asks for an early poll of due feeds (after an add). */
  wake?(): void;
}

export function createFeedService(
  store: FeedStore,
  options: { allowPrivate: boolean; now?: () => number; wake?: () => void },
): FeedService {
  const now = options.now ?? Date.now;
  return {
    async add({ url, every, userId }) {
      let parsed: URL;
      try {
        parsed = new URL(url.replace(/^<|>$/g, ''));
      } catch {
        throw new FeedError(`“${url.slice(0, 80)}” is not a web address; give the feed's full URL (https://...).`);
      }
      try {
        checkUrl(parsed, options.allowPrivate);
      } catch (err) {
        if (err instanceof RefusedUrl) throw new FeedError(`I cannot follow that feed: ${err.message}.`);
        throw err;
      }
      const minutes = every === undefined ? POLL_TIMING.defaultEveryMinutes : parseEvery(every);
      if (minutes === null)
        throw new FeedError(
          `“${every!.slice(0, 20)}” is not an interval; use e.g. \`every 30m\` or \`every 2h\` (at least 1m).`,
        );
      const result = await store.add(
        { url: parsed.href, name: null, everyMinutes: minutes, origin: 'chat', addedBy: userId },
        now(),
      );
      if (result.created) options.wake?.();
      return result;
    },
    list: () => store.list(),
    async remove(id) {
      const feed = await store.get(id);
      if (!feed) return false;
      if (feed.origin === 'file') throw new FeedError(`Feed #${id} comes from the feeds file; remove it there.`);
      return store.remove(id);
    },
    wake: options.wake,
  };
}
