import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreBacked } from '../../src/app/store-backed.ts';
import { ARTICLE_DATABASE } from '../../src/store/articles/sqlite.ts';
import { countingAnalyzer, makeStoreCorpus, VERSIONS } from '../helpers/store-corpus.ts';

const CHILD = path.join(import.meta.dirname, 'fixtures', 'store-child.ts');
const made: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  made.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function child(...args: string[]): ChildProcess {
  const c = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  children.push(c);
  return c;
}

/** Polls until the condition holds (no time limit of its own: the test's timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

function count(dataDir: string, sql: string): number {
  try {
    const db = new Database(path.join(dataDir, ARTICLE_DATABASE), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

async function killed(c: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => c.once('exit', resolve));
  c.kill('SIGKILL');
  await exited;
}

describe('kill -9', () => {
  it('during a cold load keeps what was committed, and the restart understands only the rest', async () => {
    const records = Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify({ title: `Note ${i}`, text: `Karla Weber met officials, note ${i}.`, date: '2024-01-02' }),
    );
    const c = makeStoreCorpus({ 'feed.jsonl': records.join('\n') + '\n' });
    made.push(c.base);
    const load = child('load', c.corpusDir, c.dataDir);
    await until(() => count(c.dataDir, 'SELECT COUNT(*) FROM analyses') >= 512);
    await killed(load);
    const kept = count(c.dataDir, 'SELECT COUNT(*) FROM analyses');
    expect(kept).toBeGreaterThanOrEqual(512);
    expect(kept).toBeLessThan(1200);

    const { counter, analyze } = countingAnalyzer();
    const restarted = await openStoreBacked({
      corpusDir: c.corpusDir,
      dataDir: c.dataDir,
      analyze,
      versions: VERSIONS,
      redoStale: false,
    });
    expect(restarted.opened.files.read).toBe(0);
    expect(counter.articles).toBe(1200 - kept);
    expect(restarted.engine.stats.articles).toBe(1200);
    expect(restarted.engine.findEntity('karla weber').entity?.mentions).toBe(1200);
    await restarted.close();
  }, 120_000);

  it('during a store write leaves every file whole: its row and all its articles from one write, or none', async () => {
    const { dataDir, base } = makeStoreCorpus({});
    made.push(base);
    const writer = child('write', dataDir);
    await until(() => count(dataDir, 'SELECT MAX(size) FROM source_files') >= 3);
    await killed(writer);
    const db = new Database(path.join(dataDir, ARTICLE_DATABASE));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const files = db.prepare('SELECT path, size FROM source_files').all() as { path: string; size: number }[];
    expect(files).toHaveLength(40);
    // Every write of a round writes all 40 files at once: one round survives whole.
    expect(new Set(files.map((f) => f.size)).size).toBe(1);
    for (const f of files) {
      const titles = db
        .prepare('SELECT json FROM articles WHERE file = ?')
        .pluck()
        .all(f.path)
        .map((j) => JSON.parse(j as string).title);
      expect(titles).toEqual(Array(5).fill(`round ${f.size}`));
    }
    db.close();
  }, 120_000);

  it('while a file of thousands of articles is written in slices leaves a row that reads as incomplete, and the restart reads the file again', async () => {
    const c = makeStoreCorpus({});
    made.push(c.base);
    const writer = child('write-big', c.dataDir);
    // Past the first round, at whatever slice the poll lands on.
    await until(
      () =>
        count(c.dataDir, 'SELECT COUNT(*) FROM source_files WHERE size >= 2 OR size = -1') > 0 &&
        count(c.dataDir, 'SELECT COUNT(*) FROM articles') > 0,
    );
    await killed(writer);
    const db = new Database(path.join(c.dataDir, ARTICLE_DATABASE));
    const row = db.prepare('SELECT size FROM source_files WHERE path = ?').get('big.jsonl') as
      | { size: number }
      | undefined;
    const titles = db
      .prepare('SELECT json FROM articles WHERE file = ?')
      .pluck()
      .all('big.jsonl')
      .map((j) => JSON.parse(j as string).title as string);
    db.close();
    // Whole (every article of the round its row names), or marked incomplete: never a part that looks whole.
    if (row && row.size !== -1) expect(titles).toEqual(Array(2000).fill(`round ${row.size}`));
    else expect(row?.size ?? -1).toBe(-1);

    writeFileSync(
      path.join(c.corpusDir, 'big.jsonl'),
      Array.from({ length: 300 }, (_, i) =>
        JSON.stringify({ id: `real-${i}`, title: `Real ${i}`, text: `Karla Weber spoke, ${i}.` }),
      ).join('\n'),
    );
    const { analyze } = countingAnalyzer();
    const restarted = await openStoreBacked({
      corpusDir: c.corpusDir,
      dataDir: c.dataDir,
      analyze,
      versions: VERSIONS,
      redoStale: false,
    });
    expect(restarted.opened.files.read).toBe(1);
    expect(restarted.engine.stats.articles).toBe(300);
    expect(restarted.engine.findEntity('karla weber').entity?.mentions).toBe(300);
    await restarted.close();
  }, 120_000);
});
