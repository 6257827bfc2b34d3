import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveStories, mulberry32 } from '../../bench/derive.ts';
import { pickQueries } from '../../bench/queries.ts';
import { evaluateTargets, formatTable, type CorpusFigures } from '../../bench/report.ts';
import { parseReutersSgml, readReuters, reutersDate, writeJsonlCorpus, type Story } from '../../bench/reuters.ts';
import type { SizeResult } from '../../bench/size.ts';
import { percentile, summarise } from '../../bench/stats.ts';
import { groupNearDuplicates } from '../../src/corpus/dedupe.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Article } from '../../src/corpus/types.ts';
import type { ArticleAnalysis } from '../../src/understanding/analysis-types.ts';

const SGML = `<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="7">
<DATE> 3-MAR-1987 09:15:00.10</DATE>
<TEXT>&#2;
<TITLE>ACME &lt;ACM> RAISES DIVIDEND</TITLE>
<DATELINE>    BOSTON, March 3 - </DATELINE><BODY>Acme Corp &lt;ACM> said its board raised the
quarterly dividend to 12 cts from ten cts a share.
    The company said the dividend is payable April 1 to
holders of record March 20.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE>3-MAR-1987 09:16:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>JONES SEES NO CHANGE IN RATES</TITLE>
&#3;</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="9">
<DATE>bad date</DATE>
<TEXT TYPE="UNPROC">&#2;
WEEKLY REPORT - MARCH 3
    Reserves rose 5 pct.
&#3;</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="10">
<DATE>3-MAR-1987 09:17:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
&#3;
</TEXT>
</REUTERS>`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'briefbot-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Reuters-21578 to a corpus', () => {
  it('reads stories, dates, datelines and paragraphs from SGML of our own writing', () => {
    const stories = parseReutersSgml(SGML);
    expect(stories.map((s) => s.id)).toEqual(['reuters-7', 'reuters-8', 'reuters-9']);
    expect(stories[0]).toEqual({
      id: 'reuters-7',
      title: 'ACME <ACM> RAISES DIVIDEND',
      date: '1987-03-03',
      source: 'Reuters',
      body: 'BOSTON, March 3 - Acme Corp <ACM> said its board raised the quarterly dividend to 12 cts from ten cts a share.\n\nThe company said the dividend is payable April 1 to holders of record March 20.',
    });
    // A brief is its headline; unprocessed text keeps its lines as paragraphs; an unreadable date is null.
    expect(stories[1]).toMatchObject({ title: 'JONES SEES NO CHANGE IN RATES', body: 'JONES SEES NO CHANGE IN RATES' });
    expect(stories[2]).toMatchObject({ date: null, body: 'WEEKLY REPORT - MARCH 3\n\nReserves rose 5 pct.' });
  });

  it('parses dates strictly', () => {
    expect(reutersDate('26-FEB-1987 15:01:01.79')).toBe('1987-02-26');
    expect(reutersDate(' 1-JUN-1987 00:00:00.00')).toBe('1987-06-01');
    expect(reutersDate('31-XYZ-1987')).toBeNull();
    expect(reutersDate(null)).toBeNull();
  });

  it('writes JSONL files the corpus loader reads back as the same stories', async () => {
    const stories = parseReutersSgml(SGML);
    const dir = path.join(tmp, 'jsonl');
    expect(await writeJsonlCorpus(stories, dir, 2)).toBe(3);
    expect(readdirSync(dir)).toEqual(['part-000.jsonl', 'part-001.jsonl']);
    const { articles, warnings } = await loadCorpus(dir);
    // The loader finds no story in a brief (its body is its headline) and says so; the others load as written.
    expect(warnings).toEqual([{ file: 'part-000.jsonl', reason: expect.stringMatching(/1 record.*no article text/) }]);
    const kept = stories.filter((s) => s.body !== s.title);
    expect(articles.map((a) => [a.id, a.title, a.date, a.source])).toEqual(
      kept.map((s) => [s.id, s.title, s.date, 'Reuters']),
    );
    expect(articles[0].body).toContain('payable April 1');
  });

  const reutersDir = path.resolve(import.meta.dirname, '../../../shared/datasets/reuters21578');
  it.skipIf(!existsSync(reutersDir))('reads the whole collection: every non-empty story, dated', async () => {
    const stories = (await readReuters(reutersDir))!;
    // 21,578 elements, one of which (NEWID 12793) has no text at all.
    expect(stories.length).toBe(21_577);
    expect(stories.every((s) => s.date?.startsWith('1987-'))).toBe(true);
    expect(stories[0]).toMatchObject({ id: 'reuters-1', title: 'BAHIA COCOA REVIEW', date: '1987-02-26' });
    expect(stories[0].body.startsWith('SALVADOR, Feb 26 - Showers continued')).toBe(true);
    expect(stories.some((s) => /&lt;|&#\d+;|\bReuter\s*$/.test(s.body))).toBe(false);
  });

  it('answers "absent" rather than failing when the data is not there', async () => {
    expect(await readReuters(path.join(tmp, 'nowhere'))).toBeNull();
  });
});

/** Source stories of our own writing: varied wording, names and numbers, several paragraphs each. */
function ourStories(n: number): Story[] {
  const random = mulberry32(7);
  const word = () => `w${Math.floor(random() * 5000)}`;
  const sentence = () => `${Array.from({ length: 12 }, word).join(' ')} ${Math.floor(random() * 1e6)}.`;
  return Array.from({ length: n }, (_, i) => ({
    id: `src-${i}`,
    title: `Story ${i}`,
    date: '1987-03-01',
    source: 'Wire',
    body: Array.from({ length: 1 + (i % 4) }, () => Array.from({ length: 1 + (i % 3) }, sentence).join(' ')).join(
      '\n\n',
    ),
  }));
}

describe('derived corpus', () => {
  it('is reproducible from its seed and different with another seed', () => {
    const sources = ourStories(50);
    const a = [...deriveStories(sources, 200)];
    expect([...deriveStories(sources, 200)]).toEqual(a);
    expect([...deriveStories(sources, 200, 99)]).not.toEqual(a);
    expect(new Set(a.map((s) => s.id)).size).toBe(200);
  });

  it('yields distinct articles that near-duplicate grouping keeps apart, dated year after year', () => {
    const sources = ourStories(300);
    const derived = [...deriveStories(sources, 3000)];
    expect(new Set(derived.map((s) => s.body)).size).toBe(3000);
    const articles: Article[] = derived.map((s) => ({
      ...s,
      url: null,
      words: s.body.split(/\s+/).length,
      path: s.id,
      contentHash: s.id,
      groupId: s.id,
    }));
    groupNearDuplicates(articles);
    expect(articles.filter((a) => a.groupId === a.id).length).toBeGreaterThanOrEqual(2997);
    expect(derived[0].date).toBe('1987-03-01');
    expect(derived[2999].date).toBe(`${1987 + Math.floor(2999 / 300)}-03-01`);
    // The longest part is at most a quarter of the body.
    for (const s of derived.slice(0, 100)) {
      const parts = s.body.split('\n\n').map((p) => p.split(/\s+/).length);
      expect(Math.max(...parts) * 4).toBeLessThanOrEqual(parts.reduce((x, y) => x + y, 0));
    }
  });

  it('refuses a source too small to mix', () => {
    expect(() => [...deriveStories(ourStories(3), 10)]).toThrow(/at least 4/);
  });
});

describe('measuring', () => {
  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(percentile(samples, 50)).toBe(100);
    expect(percentile(samples, 95)).toBe(190);
    expect(percentile(samples, 99)).toBe(198);
    expect(percentile([], 95)).toBe(0);
    expect(summarise([5, 1, 3])).toEqual({ queries: 3, p50: 3, p95: 5, p99: 5, max: 5 });
  });

  it('picks the most-mentioned entities and commonest headline words, deterministically', () => {
    const entity = (name: string, mentions: number) => ({
      local: 0,
      type: 'person' as const,
      name,
      forms: [name],
      mentions,
      sentences: [0],
      descriptors: [],
    });
    const entry = (id: string, title: string, entities: ReturnType<typeof entity>[]) => ({
      article: { id, title } as Article,
      analysis: { articleId: id, entities } as unknown as ArticleAnalysis,
    });
    const entries = [
      entry('1', 'Grain exports rise', [entity('Ana Ruiz', 3), entity('Oslo', 1)]),
      entry('2', 'Grain prices fall', [entity('Ana Ruiz', 2), entity('Bo Lind', 4)]),
      entry('3', 'Shipping prices steady', [entity('Bo Lind', 2)]),
      { article: { id: '4', title: 'Ignored duplicate grain' } as Article, analysis: null },
    ];
    const q = pickQueries(entries, 4);
    expect(q.entities).toEqual(['Bo Lind', 'Ana Ruiz', 'Oslo']);
    expect(q.topics).toEqual(['Bo Lind', 'Ana Ruiz', 'grain', 'prices']);
  });

  it('judges the targets and prints them as a table', () => {
    const result = (over: Partial<SizeResult>): SizeResult => ({
      mode: 'cold',
      articles: 200_000,
      canonical: 199_990,
      loadMs: 1,
      groupMs: 1,
      loadUnderstandMs: 25_000,
      analysisMs: 20_000,
      articlesPerSecond: 10_000,
      tokensPerSecond: 1e6,
      tokens: 1,
      workers: 2,
      readyMs: 26_000,
      phases: {},
      snapshotBytes: 500 * 2 ** 20,
      latency: {
        who: summarise([10, 20]),
        timeline: summarise([30, 60]),
        search: summarise([5]),
        brief: summarise([100]),
      },
      eventLoopMaxMs: 400,
      newArticleMs: 300,
      newArticleFound: true,
      whoAnswersDigest: 'x',
      peakRssBytes: 1.5 * 2 ** 30,
      ...over,
    });
    const figures: CorpusFigures[] = [
      {
        corpus: '200k',
        describe: 'derived',
        cold: result({}),
        restart: result({ mode: 'snapshot', readyMs: 8000, snapshotFrom: 'snapshot' }),
        sameAnswers: true,
      },
    ];
    const verdicts = evaluateTargets(figures);
    const met = Object.fromEntries(verdicts.map((v) => [`${v.target} @${v.corpus}`, v.met]));
    expect(met['/who p95 <= 50 ms @200k']).toBe(true);
    expect(met['/timeline p95 <= 50 ms @200k']).toBe(false);
    expect(met['ready from snapshot <= 10 s @200k']).toBe(true);
    expect(met['peak memory <= 2 GB @200k']).toBe(true);
    expect(met['loaded and understood <= 30 s @21k']).toBeNull();
    const table = formatTable({ cpu: 'Test CPU', cores: 2, memoryGB: 8, os: 'Linux', node: 'v20' }, figures, verdicts);
    expect(table).toContain('| 200k | 200,000 (199,990) | 25.0 s |');
    expect(table).toContain('| /timeline p95 <= 50 ms | 200k | 60 ms | **no** |');
    expect(readFileSync(new URL('../../bench/README.md', import.meta.url), 'utf8')).toContain('npm run bench');
  });
});
