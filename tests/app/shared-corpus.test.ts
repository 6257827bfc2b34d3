import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStoreBacked, type StoreBacked } from '../../src/app/store-backed.ts';
import { toStored } from '../../src/index/stored-analyses.ts';
import { PgArticleStore } from '../../src/store/postgres/articles.ts';
import { article } from '../helpers/articles.ts';
import { freshDatabase, postgresUrl } from '../helpers/postgres.ts';
import { countingAnalyzer, fakeAnalyze, makeStoreCorpus, VERSIONS } from '../helpers/store-corpus.ts';

/**
 * Two instances (two engines, each with its own store connections and listener) on one real PostgreSQL database:
 * the corpus understood once and loaded by the other, articles announced and taken, a lost listener catching up
 * from the store, and folders that only one instance sees kept from the other's scan.
 */
const closers: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Polls until the condition holds (no time limit of its own: the test's timeout bounds it). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 25));
}

async function instance(databaseUrl: string, corpusDir: string, corpusOrigin?: string) {
  const { counter, analyze } = countingAnalyzer();
  const backed = await openStoreBacked({
    corpusDir,
    databaseUrl,
    corpusOrigin,
    analyze,
    versions: VERSIONS,
    redoStale: false,
  });
  closers.push(() => backed.close());
  return { backed, counter };
}

function corpus(files: Record<string, string>) {
  const c = makeStoreCorpus(files);
  closers.push(() => rmSync(c.base, { recursive: true, force: true }));
  return c;
}

const titles = (b: StoreBacked) =>
  b.engine
    .articles()
    .map((a) => a.title)
    .sort();

const A_FILES = {
  'port.txt':
    'Port strike ends\n\nMaria Lopez, the mayor of Valencia, said the port strike was over. Dock workers returned on Monday.',
  'council.txt':
    'Council meets in Oslo\n\nErik Haugen resigned from the Nordic Shipping Council. Maria Lopez welcomed the decision.',
};
const B_FILES = {
  'grain.txt':
    'Grain prices rise\n\nWheat futures rose sharply in Chicago as traders weighed a smaller harvest in Argentina.',
};

describe.skipIf(!postgresUrl())('instances sharing the article store on PostgreSQL', () => {
  it('two instances opening one folder together understand each article once; both answer from all of it', async () => {
    const url = await freshDatabase('shared');
    const c = corpus({ ...A_FILES, ...B_FILES });
    const [one, two] = await Promise.all([instance(url, c.corpusDir), instance(url, c.corpusDir)]);
    expect(one.counter.articles + two.counter.articles).toBe(3);
    expect(titles(one.backed)).toEqual(['Council meets in Oslo', 'Grain prices rise', 'Port strike ends']);
    expect(titles(two.backed)).toEqual(titles(one.backed));
  });

  it('an article taken in by one instance reaches the other from the store (not understood again); a deleted one leaves it', async () => {
    const url = await freshDatabase('shared');
    const a = corpus(A_FILES);
    const b = corpus(B_FILES);
    const one = await instance(url, a.corpusDir, 'north');
    const two = await instance(url, b.corpusDir, 'south');
    // Each folder's articles are in the store, and each instance answers from both.
    expect(titles(two.backed)).toEqual(['Council meets in Oslo', 'Grain prices rise', 'Port strike ends']);
    await until(() => titles(one.backed).length === 3);
    const understoodBy2 = two.counter.articles;

    const file = path.join(a.corpusDir, 'ferry.txt');
    writeFileSync(file, 'Ferry route opens\n\nA new ferry links Valencia and Palma from June, Maria Lopez said.');
    const change = await one.backed.syncFile(file);
    expect(change.articles.map((x) => x.title)).toEqual(['Ferry route opens']);
    await until(() => titles(two.backed).includes('Ferry route opens'));
    // Indexed with the analysis the first instance made: searchable, and its person resolved.
    expect(two.backed.engine.search('ferry Palma', 5).length).toBeGreaterThan(0);
    expect(two.backed.engine.findEntity('Maria Lopez').entity?.name).toBe('Maria Lopez');
    expect(two.counter.articles).toBe(understoodBy2);

    unlinkSync(file);
    await one.backed.removeFile(file);
    await until(() => !titles(two.backed).includes('Ferry route opens'));
    expect(titles(two.backed)).toEqual(['Council meets in Oslo', 'Grain prices rise', 'Port strike ends']);
  });

  it('a scan deletes only the rows of its own folder: a restart of one instance keeps the files only the other sees', async () => {
    const url = await freshDatabase('shared');
    const a = corpus(A_FILES);
    const b = corpus(B_FILES);
    await instance(url, a.corpusDir, 'north');
    const two = await instance(url, b.corpusDir, 'south');
    await two.backed.close();
    const again = await instance(url, b.corpusDir, 'south');
    expect(titles(again.backed)).toEqual(['Council meets in Oslo', 'Grain prices rise', 'Port strike ends']);
    expect(again.counter.articles).toBe(0);
    const store = await PgArticleStore.open(url, { origin: 'north' });
    closers.push(() => store.close());
    expect((await store.files()).map((f) => f.path)).toEqual(['council.txt', 'port.txt']);
    expect((await store.counts()).articles).toBe(3);
  });

  it('a listener whose connection was cut reconnects and takes from the store what changed meanwhile', async () => {
    const url = await freshDatabase('shared');
    const b = corpus(B_FILES);
    const two = await instance(url, b.corpusDir);
    // A writer that announces nothing, and every listener's connection cut: only the catch-up can bring this article.
    const writer = await PgArticleStore.open(url, { origin: 'elsewhere' });
    closers.push(() => writer.close());
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    closers.push(() => admin.end());
    await until(
      async () => (await admin.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")).rows.length > 0,
    );
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
    const quiet = article(
      'quiet-1',
      '2024-05-01',
      'Quiet harbour',
      'Harbour master Ana Ruiz said the harbour was quiet all week.',
    );
    await writer.putFiles([
      {
        file: { path: 'quiet.txt', size: 1, mtimeMs: 1, contentHash: 'h', readerVersion: VERSIONS.reader },
        articles: [quiet],
      },
    ]);
    await writer.putAnalyses([toStored(quiet, fakeAnalyze(quiet), VERSIONS.analyzer)]);
    await until(() => titles(two.backed).includes('Quiet harbour'));
    expect(two.counter.articles).toBe(1); // its own grain story only
    // And a removal made meanwhile is caught up too.
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
    await writer.deleteFiles(['quiet.txt']);
    await until(() => !titles(two.backed).includes('Quiet harbour'));
  });
});
