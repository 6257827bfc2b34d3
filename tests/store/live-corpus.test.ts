import { spawnSync } from 'node:child_process';
import { promises as fs, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreBacked, type StoreBacked } from '../../src/app/store-backed.ts';
import { CorpusIngestor, watchCorpus } from '../../src/scheduler/corpus-watch.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { countingAnalyzer, makeStoreCorpus, VERSIONS } from '../helpers/store-corpus.ts';

/**
 * The running service's corpus: the real watcher (chokidar) on a real folder, files read and understood in a worker
 * thread (the real analyser), committed to a real SQLite store; and the CLI, a separate process, on the same DATA_DIR.
 */
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Polls until the condition holds (no time limit of its own: the test's timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function startService(c: { corpusDir: string; dataDir: string }) {
  const { analyze } = countingAnalyzer();
  const backed = await openStoreBacked({ corpusDir: c.corpusDir, dataDir: c.dataDir, analyze, versions: VERSIONS });
  const seen = openSqliteStore({ file: ':memory:' });
  // As the scheduler does at start: the articles the engine holds are the baseline.
  seen.articles.record(
    backed.engine.articles().map((a) => ({ id: a.id, path: a.path, contentHash: null })),
    Date.now(),
  );
  const warnings: string[] = [];
  const fresh: string[][] = [];
  const logger = {
    info: () => undefined,
    warn: (obj: { file?: string }, msg: string) => void warnings.push(`${obj.file}: ${msg}`),
  };
  const ingestor = new CorpusIngestor({
    engine: backed.engine,
    seen: seen.articles,
    corpusDir: c.corpusDir,
    loadFile: async () => {
      throw new Error('files go through the store');
    },
    now: Date.now,
    onNewArticles: async (ids) => void fresh.push(ids),
    logger,
    corpus: backed,
  });
  const watcher = await watchCorpus(ingestor, c.corpusDir);
  return {
    backed,
    warnings,
    fresh,
    ingestor,
    async stop() {
      await watcher.close();
      await ingestor.idle();
      await backed.close();
      seen.close();
    },
  };
}

const has = (backed: StoreBacked, title: string) => backed.engine.articles().some((a) => a.title === title);

describe('the corpus while the service runs', () => {
  it('takes files added, changed and deleted (understood in a worker), survives a symlink loop, and warns once about a bad file', async () => {
    const c = makeStoreCorpus();
    made.push(c.base);
    const service = await startService(c);
    const { backed } = service;
    try {
      // Every article held at start is recorded as seen without a file read again: nothing counts as new.
      expect(service.fresh).toEqual([]);

      writeFileSync(
        path.join(c.corpusDir, 'ferry.txt'),
        'Ferry line opens\n\nAnna Berg opened a new ferry line between Tallinn and Helsinki.',
      );
      await until(() => has(backed, 'Ferry line opens'));
      expect(backed.engine.findEntity('anna berg').entity?.name).toBe('Anna Berg');
      // Told as new once the engine has it: the hand-over comes a turn or more after the article is answerable.
      await until(() => service.fresh.flat().includes('ferry'));

      writeFileSync(
        path.join(c.corpusDir, 'ferry.txt'),
        'Ferry line delayed\n\nAnna Berg said the ferry line would open in May.',
      );
      await until(() => has(backed, 'Ferry line delayed'));
      expect(has(backed, 'Ferry line opens')).toBe(false);

      await fs.rm(path.join(c.corpusDir, 'grain.txt'));
      await until(() => !has(backed, 'Grain prices rise'));

      symlinkSync('.', path.join(c.corpusDir, 'loop'));
      writeFileSync(path.join(c.corpusDir, 'bad.txt'), Buffer.from([0, 1, 2, 0, 255, 0]));
      writeFileSync(path.join(c.corpusDir, 'last.txt'), 'Last story\n\nPeter Novak closed the harbour.');
      await until(() => has(backed, 'Last story'));
      await service.ingestor.idle();
      // ferry, port, council, last: the loop added nothing.
      expect(backed.engine.stats.articles).toBe(4);
      expect(service.warnings.filter((w) => w.startsWith('bad.txt'))).toHaveLength(1);
    } finally {
      await service.stop();
    }

    // What the service took is in the store: a restart reads nothing.
    const { analyze, counter } = countingAnalyzer();
    const restarted = await openStoreBacked({
      corpusDir: c.corpusDir,
      dataDir: c.dataDir,
      analyze,
      versions: VERSIONS,
      redoStale: false,
    });
    expect(restarted.opened.files.read).toBe(0);
    expect(counter.articles).toBe(0);
    expect(restarted.engine.findEntity('peter novak').entity?.name).toBe('Peter Novak');
    await restarted.close();
  }, 120_000);

  it('follows a corpus folder reached through a symbolic link (files named under the link, as at start)', async () => {
    const c = makeStoreCorpus();
    made.push(c.base);
    const linked = path.join(c.base, 'news');
    symlinkSync(c.corpusDir, linked);
    const service = await startService({ corpusDir: linked, dataDir: c.dataDir });
    try {
      writeFileSync(
        path.join(linked, 'ferry.txt'),
        'Ferry line opens\n\nAnna Berg opened a new ferry line between Tallinn and Helsinki.',
      );
      await until(() => has(service.backed, 'Ferry line opens'));
      expect(service.backed.engine.article('ferry')?.path).toBe('ferry.txt');
      await fs.rm(path.join(linked, 'grain.txt'));
      await until(() => !has(service.backed, 'Grain prices rise'));
      await service.ingestor.idle();
      expect(service.warnings).toEqual([]);
    } finally {
      await service.stop();
    }
  }, 60_000);

  it('lets the CLI answer from a DATA_DIR that a running service holds', async () => {
    const c = makeStoreCorpus();
    made.push(c.base);
    const service = await startService(c);
    try {
      writeFileSync(
        path.join(c.corpusDir, 'ferry.txt'),
        'Ferry line opens\n\nAnna Berg opened a new ferry line between Tallinn and Helsinki.',
      );
      await until(() => has(service.backed, 'Ferry line opens'));
      const cli = spawnSync(
        process.execPath,
        ['bin/briefbot.mjs', 'ask', '/sources', '--json', '--corpus', c.corpusDir],
        {
          encoding: 'utf8',
          env: { ...process.env, DATA_DIR: c.dataDir, LOG_LEVEL: 'silent' },
          timeout: 90_000,
        },
      );
      expect(cli.stderr).toBe('');
      expect(cli.status).toBe(0);
      const titles = (JSON.parse(cli.stdout).articles as { title: string }[]).map((a) => a.title).sort();
      expect(titles).toEqual(['Council meets in Oslo', 'Ferry line opens', 'Grain prices rise', 'Port strike ends']);
    } finally {
      await service.stop();
    }
  }, 120_000);
});
