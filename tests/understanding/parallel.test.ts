import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createParallelAnalyzer, type ArticleInput } from '../../src/understanding/parallel.ts';

/** A stand-in analyser written in TypeScript, so that the test proves workers load .ts through tsx. */
const FAKE_ANALYZER = `
import { threadId } from 'node:worker_threads';
interface Input { id: string; body: string; date: string | null }
export function analyzeFake(article: Input): { articleId: string; tokens: number; thread: number; date: string | null } {
  if (article.body.includes('EXPLODE')) throw new Error('cannot read this one');
  // Some real work per article, so that both threads get a share before one has done it all.
  const until = Date.now() + (article.body.includes('slow') ? 3 : 0);
  while (Date.now() < until);
  const words: string[] = article.body.split(/\\s+/).filter(Boolean);
  return { articleId: article.id, tokens: words.length, thread: threadId, date: article.date };
}
`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'briefbot-parallel-'));
const fakeModule = path.join(dir, 'fake-analyzer.mts');
writeFileSync(fakeModule, FAKE_ANALYZER);
/**
 * The same analyser, for the test that both threads get work: each thread marks that it has loaded, and an article
 * waits (at most 10 s) until two have, so that on a busy machine one thread cannot do all the work while the other is
 * still starting.
 */
const pairedModule = path.join(dir, 'paired-analyzer.mts');
const marks = path.join(dir, 'marks');
writeFileSync(
  pairedModule,
  `import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { analyzeFake as analyzeOne } from './fake-analyzer.mts';
mkdirSync(${JSON.stringify(marks)}, { recursive: true });
writeFileSync(${JSON.stringify(marks)} + '/' + threadId, '');
const nap = new Int32Array(new SharedArrayBuffer(4));
let paired = false;
export function analyzeFake(article: { id: string; body: string; date: string | null }) {
  const until = Date.now() + 10_000;
  while (!paired && Date.now() < until) {
    paired = readdirSync(${JSON.stringify(marks)}).length >= 2;
    if (!paired) Atomics.wait(nap, 0, 0, 5);
  }
  return analyzeOne(article);
}
`,
);
const brokenModule = path.join(dir, 'broken.mts');
writeFileSync(brokenModule, `throw new Error('module does not load');\nexport const analyzeFake = () => null;\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function articles(n: number): ArticleInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `a${i}`,
    body: `slow story number ${i} ${'word '.repeat(i % 7)}`.trim(),
    date: i % 2 ? '2024-03-01' : null,
  }));
}

type Fake = { articleId: string; tokens: number; thread: number; date: string | null };

describe('parallel analyser (worker threads under tsx)', () => {
  it('analyses on every thread and keeps the input order', async () => {
    const pool = createParallelAnalyzer({
      workers: 2,
      batchSize: 8,
      inlineBelow: 0,
      module: pairedModule,
      exportName: 'analyzeFake',
    });
    try {
      const input = articles(300);
      const out = (await pool.analyze(input)) as unknown as Fake[];
      expect(out.map((a) => a.articleId)).toEqual(input.map((a) => a.id));
      expect(out[10]).toMatchObject({ tokens: 4 + 3, date: null });
      expect(out[11]).toMatchObject({ tokens: 4 + 4, date: '2024-03-01' });
      const threads = new Set(out.map((a) => a.thread));
      expect(threads.has(0)).toBe(false);
      expect(threads.size).toBe(2);
      expect(pool.running).toBe(2);
      // The pool is reused, not restarted.
      const again = (await pool.analyze(articles(40))) as unknown as Fake[];
      expect(new Set(again.map((a) => a.thread)).size).toBeGreaterThanOrEqual(1);
      expect([...new Set(again.map((a) => a.thread))].every((t) => threads.has(t))).toBe(true);
    } finally {
      await pool.close();
    }
    expect(pool.running).toBe(0);
    // Closed after a bulk load, it starts threads again for the next large batch.
    const later = (await pool.analyze(articles(100))) as unknown as Fake[];
    expect(later.map((a) => a.articleId)).toEqual(articles(100).map((a) => a.id));
    expect(later.every((a) => a.thread !== 0)).toBe(true);
    await pool.close();
  });

  it('stops threads left idle, and starts them again for the next large batch', async () => {
    const pool = createParallelAnalyzer({
      workers: 2,
      batchSize: 8,
      inlineBelow: 0,
      idleStopMs: 50,
      module: fakeModule,
      exportName: 'analyzeFake',
    });
    try {
      await pool.analyze(articles(64));
      // Both threads were started (one may still be loading its module on a busy machine: it counts as running).
      expect(pool.running).toBe(2);
      // Idle for 50 ms, they stop; how soon after depends on how busy the machine is, so wait for it (bounded).
      await vi.waitFor(() => expect(pool.running).toBe(0), { timeout: 10_000, interval: 20 });
      const again = (await pool.analyze(articles(64))) as unknown as Fake[];
      expect(again.map((a) => a.articleId)).toEqual(articles(64).map((a) => a.id));
      expect(again.every((a) => a.thread !== 0)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('analyses a few articles in the calling thread without starting workers', async () => {
    const pool = createParallelAnalyzer({ workers: 2, inlineBelow: 10, module: fakeModule, exportName: 'analyzeFake' });
    const out = (await pool.analyze(articles(3))) as unknown as Fake[];
    expect(out.map((a) => a.thread)).toEqual([0, 0, 0]);
    expect(pool.running).toBe(0);
    await pool.close();
  });

  it('names the article that cannot be analysed, and keeps working afterwards', async () => {
    const pool = createParallelAnalyzer({
      workers: 2,
      batchSize: 4,
      inlineBelow: 0,
      module: fakeModule,
      exportName: 'analyzeFake',
    });
    try {
      const input = articles(50);
      input[33] = { id: 'bad-one', body: 'This will EXPLODE in the analyser', date: null };
      await expect(pool.analyze(input)).rejects.toThrow(/bad-one.*cannot read this one/);
      const out = await pool.analyze(articles(20));
      expect(out).toHaveLength(20);
    } finally {
      await pool.close();
    }
  });

  it('with onFailure, leaves out and reports the article that cannot be analysed, and analyses the rest', async () => {
    for (const inlineBelow of [0, 1000]) {
      const failures: unknown[] = [];
      const pool = createParallelAnalyzer({
        workers: 2,
        batchSize: 4,
        inlineBelow,
        module: fakeModule,
        exportName: 'analyzeFake',
        onFailure: (f) => failures.push(f),
      });
      const input = articles(30);
      input[7] = { id: 'bad-one', body: 'This will EXPLODE in the analyser', date: null };
      const out = await pool.analyze(input);
      expect(out.map((a) => a.articleId)).toEqual(input.filter((a) => a.id !== 'bad-one').map((a) => a.id));
      expect(failures).toEqual([{ articleId: 'bad-one', message: 'cannot read this one' }]);
      await pool.close();
    }
  });

  it('fails fast, without hanging, when the analyser module does not load', async () => {
    const pool = createParallelAnalyzer({
      workers: 2,
      inlineBelow: 0,
      module: brokenModule,
      exportName: 'analyzeFake',
    });
    await expect(pool.analyze(articles(10))).rejects.toThrow(/module does not load/);
    await pool.close();
  });

  const nerReady =
    existsSync(new URL('../../src/understanding/ner/index.ts', import.meta.url)) &&
    existsSync(new URL('../../src/understanding/time/index.ts', import.meta.url));
  it.skipIf(!nerReady)(
    'gives exactly what analyzeArticle gives in one thread, on our text and on the sample corpus',
    async () => {
      const { analyzeArticle } = await import('../../src/understanding/analyze-article.ts');
      const { loadCorpus } = await import('../../src/corpus/load.ts');
      const sample = (await loadCorpus(new URL('../../corpus', import.meta.url).pathname)).articles;
      const ours: ArticleInput[] = [
        {
          id: 'ours-1',
          date: '2023-06-12',
          body: 'Maria Lopez, the mayor of Valencia, said on Monday that the port would reopen in July. "We are ready," Lopez said.',
        },
        {
          id: 'ours-2',
          date: null,
          body: 'The Nordic Shipping Council (NSC) met in Oslo last week. The NSC chairman, Erik Haugen, resigned.',
        },
      ];
      const input = [...sample, ...ours, ...sample, ...ours];
      const pool = createParallelAnalyzer({ workers: 2, batchSize: 2, inlineBelow: 0 });
      try {
        const parallel = await pool.analyze(input);
        expect(parallel).toEqual(input.map((a) => analyzeArticle(a)));
        expect(parallel.find((a) => a.articleId === 'ours-2')!.entities.length).toBeGreaterThan(0);
      } finally {
        await pool.close();
      }
    },
  );
});
