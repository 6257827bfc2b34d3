/**
 * The storage choice, measured: restarting the same understood corpus from the old snapshot file and from the
 * SQLite article store (analyses as BLOBs, the index state as parts), wall and CPU time and bytes on disk.
 *   tsx bench/store-vs-snapshot.ts CORPUS_DIR SNAPSHOT_FILE DATA_DIR
 * Both must hold the same corpus (bench/run.ts leaves them under bench-results/work/<corpus>/). Each is trusted as
 * written (the snapshot's own key, the store's own versions), so that a code change since does not force a rebuild.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { CorpusEngine } from '../src/index/engine.ts';
import { openStoredCorpus } from '../src/index/open-corpus.ts';
import { readSnapshot, type SnapshotKey } from '../src/index/snapshot.ts';
import { AnalysesAtHand } from '../src/index/stored-analyses.ts';
import { ARTICLE_DATABASE, SqliteArticleStore } from '../src/store/articles/sqlite.ts';
import { corpusVersions } from '../src/store/articles/versions.ts';
import { round } from './stats.ts';

const [corpusDir, snapshotFile, dataDir] = process.argv.slice(2);

async function timed<T>(what: string, bytes: number, run: () => Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const out = await run();
  const used = process.cpuUsage(cpu);
  console.log(
    `${what}: ${round(performance.now() - t0)} ms wall, ${round((used.user + used.system) / 1000)} ms CPU, ${round(bytes / 2 ** 20)} MB on disk`,
  );
  return out;
}

const nothing = async () => {
  throw new Error('nothing should be analysed on a restart');
};

const header = JSON.parse((await fs.readFile(snapshotFile, 'utf8')).slice(0, 4096).split('\n')[0]) as SnapshotKey;
await timed('snapshot file', (await fs.stat(snapshotFile)).size, async () => {
  const read = await readSnapshot(snapshotFile, { version: header.version, corpus: header.corpus });
  if (!read.ok) throw new Error(read.reason);
  const engine = new CorpusEngine(nothing);
  engine.restore(read.entries, read.indexState);
  return engine.findEntity('reuters');
});

const db = new Database(path.join(dataDir, ARTICLE_DATABASE), { readonly: true });
const analyzer = db.prepare('SELECT version FROM analyses LIMIT 1').pluck().get() as string;
db.close();
const store = SqliteArticleStore.open({ dataDir });
const index = (await store.loadIndexState())?.version ?? 'none';
const versions = { ...(await corpusVersions()), analyzer, index };
const bytes = (await fs.readdir(dataDir)).reduce(
  async (sum, f) => (await sum) + (await fs.stat(path.join(dataDir, f))).size,
  Promise.resolve(0),
);
await timed(`SQLite article store`, await bytes, async () => {
  const engine = new CorpusEngine(nothing);
  const opened = await openStoredCorpus({
    corpusDir,
    store,
    engine,
    atHand: new AnalysesAtHand(nothing),
    analyze: nothing,
    versions,
  });
  console.log(`  (indexes ${opened.restoredIndexes ? 'restored' : 'rebuilt'}; ${opened.files.read} files read)`);
  return engine.findEntity('reuters');
});
await store.close();
