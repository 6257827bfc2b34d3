/**
 * The announcement rule, receiving side: another instance stored, changed or removed articles and announced their
 * ids; this instance reads those articles, with their analyses, from the shared store and brings its in-memory
 * indexes in step (adds, replaces, removes), never understanding an article itself. Ids arriving together are taken
 * in one go after a short wait. A listener that lost its connection compares its articles with the store's
 * (content hashes) and takes what differs: what changed while it was not listening.
 */
import type { CorpusEngine } from '../index/engine.ts';
import type { AnalysesAtHand } from '../index/stored-analyses.ts';
import type { SharedCorpus, Subscription } from '../store/articles/shared.ts';
import type { StoredArticle } from '../store/articles/types.ts';

export interface FollowDeps {
  engine: CorpusEngine;
  atHand: AnalysesAtHand;
  shared: SharedCorpus;
  /** Runs engine changes one at a time with this instance's own (its watcher's). */
  serial: <T>(fn: () => Promise<T>) => Promise<T>;
  onError: (err: unknown) => void;
  /** Told what each round changed (logs, tests). */
  onApplied?: (change: { added: number; removed: number }) => void;
}

/** Ids announced within this long are taken together. */
const GATHER_MS = 100;
/** Ids read from the store per round at most (a bounded read; the rest in the next round). */
const ROUND_IDS = 2000;

export interface Follower extends Subscription {
  /** Compares the engine with the store and takes what differs (after a gap; at start). */
  catchUp(): Promise<void>;
}

export async function followAnnouncements(deps: FollowDeps): Promise<Follower> {
  const { engine, shared } = deps;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const flush = () => {
    timer = null;
    if (closed || !pending.size) return;
    const ids = [...pending].slice(0, ROUND_IDS);
    for (const id of ids) pending.delete(id);
    void deps
      .serial(() => apply(ids))
      .catch(deps.onError)
      .finally(() => pending.size && schedule());
  };
  const schedule = () => {
    if (!timer && !closed) timer = setTimeout(flush, GATHER_MS);
  };
  const take = (ids: string[]) => {
    for (const id of ids) pending.add(id);
    schedule();
  };

  async function apply(ids: string[]): Promise<void> {
    if (closed) return;
    const found = new Map((await shared.articlesOf(ids)).map((s) => [s.article.id, s]));
    const removed: string[] = [];
    const added: StoredArticle[] = [];
    let replaced = 0;
    for (const id of ids) {
      const s = found.get(id);
      const held = engine.storedArticle(id);
      if (!s) {
        if (held) removed.push(id);
        continue;
      }
      if (held && held.contentHash === s.article.contentHash && held.groupId === s.article.groupId) continue;
      // Understood by the instance that stored it: its analysis is announced when it is stored.
      if (!s.analysis && s.article.groupId === s.article.id) continue;
      if (held) {
        removed.push(id);
        replaced++;
      }
      added.push(s);
    }
    if (removed.length) engine.removeArticles(removed);
    for (const s of added) if (s.analysis) deps.atHand.offer(s.article.id, s.article.contentHash, s.analysis.bytes);
    try {
      if (added.length) await engine.addArticles(added.map((s) => s.article));
    } finally {
      deps.atHand.clear();
    }
    if (added.length || removed.length) deps.onApplied?.({ added: added.length, removed: removed.length - replaced });
  }

  const catchUp = async () => {
    const hashes = await shared.contentHashes();
    const differ = [...hashes].filter(([id, hash]) => engine.storedArticle(id)?.contentHash !== hash).map(([id]) => id);
    const gone = [...engine.store.keys()].filter((id) => !hashes.has(id));
    take([...differ, ...gone]);
  };

  const subscription = await shared.subscribe(take, () => void catchUp().catch(deps.onError));
  return {
    catchUp,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await subscription.close();
    },
  };
}
