/** Opening a corpus folder through its snapshot: restored when the key matches, else loaded, understood and saved. */
import type { Article } from '../../corpus/types.ts';
import type { SnapshotSource, SnapshotTarget } from './types.ts';
import { snapshotKey } from './key.ts';
import { saveSnapshot } from './write.ts';
import { readSnapshot } from './read.ts';

export interface OpenCorpusOptions<
  E extends SnapshotSource & SnapshotTarget & { addArticles(articles: Article[]): Promise<void> },
> {
  corpusDir: string;
  /** Where the snapshot lives (e.g. data/index-snapshot.jsonl); absent: no snapshot is read or written. */
  snapshotFile?: string;
  engine: E;
  /** Loads and groups the corpus when there is no usable snapshot (the bot's own loader). */
  loadArticles: (corpusDir: string) => Promise<Article[]>;
}

export interface OpenCorpusResult {
  from: 'snapshot' | 'corpus';
  /** Why the snapshot was not used (or could not be saved), in a few words. */
  reason?: string;
  snapshotBytes?: number;
}

/**
 * Fills the engine from a valid snapshot, or else from the corpus (then writes a fresh snapshot).
 * The corpus is fingerprinted before loading: a file changed while loading makes the next start rebuild.
 */
export async function openCorpus<
  E extends SnapshotSource & SnapshotTarget & { addArticles(articles: Article[]): Promise<void> },
>(options: OpenCorpusOptions<E>): Promise<OpenCorpusResult> {
  const key = options.snapshotFile ? await snapshotKey(options.corpusDir) : null;
  let reason: string | undefined;
  if (options.snapshotFile && key) {
    const read = await readSnapshot(options.snapshotFile, key);
    if (read.ok) {
      options.engine.restore(read.entries, read.indexState);
      return { from: 'snapshot', snapshotBytes: read.bytes };
    }
    reason = read.reason;
  }
  await options.engine.addArticles(await options.loadArticles(options.corpusDir));
  if (!options.snapshotFile || !key) return { from: 'corpus' };
  try {
    const saved = await saveSnapshot(options.snapshotFile, options.engine, key);
    return { from: 'corpus', reason, snapshotBytes: saved.bytes };
  } catch (err) {
    return {
      from: 'corpus',
      reason: `${reason ?? 'no snapshot'}; saving one failed (${(err as NodeJS.ErrnoException)?.code ?? 'error'})`,
    };
  }
}
