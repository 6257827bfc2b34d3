import { mkdirSync, mkdtempSync, promises as fs, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { groupNearDuplicates } from '../../src/corpus/dedupe.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Article } from '../../src/corpus/types.ts';
import { CorpusEngine } from '../../src/index/engine.ts';
import { readPlace } from '../../src/index/analysis-bytes.ts';
import {
  Base64Bytes,
  codeVersion,
  crc32InJs,
  openCorpus,
  partNamed,
  readBytesPart,
  readSnapshot,
  saveSnapshot,
  snapshotKey,
  type SnapshotEntry,
} from '../../src/index/snapshot.ts';
import { fakeAnalyze } from '../helpers/store-corpus.ts';

// These tests use their own analyser; the real one is only imported by the engine's default and may be mid-rewrite.
vi.mock('../../src/understanding/analyze-article.ts', async (importOriginal) => {
  try {
    return await importOriginal();
  } catch {
    return {
      analyzeArticle: () => {
        throw new Error('analyzer not available');
      },
    };
  }
});

const fakeAnalyzer = (articles: Article[]) => articles.map(fakeAnalyze);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'briefbot-snapshot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let cases = 0;
/** A fresh corpus folder holding these stories as one JSONL feed, and where its snapshot goes. */
function makeCorpus(records = OUR_STORIES): { corpusDir: string; snapshotFile: string } {
  const base = path.join(tmp, `case-${cases++}`);
  const corpusDir = path.join(base, 'corpus');
  mkdirSync(corpusDir, { recursive: true });
  writeFileSync(path.join(corpusDir, 'feed.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { corpusDir, snapshotFile: path.join(base, 'data', 'snapshot.jsonl') };
}

const OUR_STORIES = [
  {
    title: 'Port strike ends',
    date: '2023-06-12',
    body: 'Maria Lopez, the mayor of Valencia, said the port strike was over. Dock workers returned on Monday.',
  },
  {
    title: 'Council meets in Oslo',
    date: '2023-06-13',
    body: 'Erik Haugen resigned from the Nordic Shipping Council. Maria Lopez welcomed the decision.',
  },
  {
    title: 'Grain prices rise',
    date: '2023-06-14',
    body: 'Wheat futures rose sharply in Chicago as traders weighed a smaller harvest in Argentina.',
  },
];

async function loadArticles(dir: string): Promise<Article[]> {
  const { articles } = await loadCorpus(dir);
  groupNearDuplicates(articles);
  return articles;
}

async function open(corpusDir: string, snapshotFile: string, engine = new CorpusEngine(fakeAnalyzer)) {
  const result = await openCorpus({ corpusDir, snapshotFile, engine, loadArticles });
  return { engine, result };
}

describe('index snapshots', () => {
  it('builds from the corpus once, then restarts from the snapshot with the same answers', async () => {
    const { corpusDir, snapshotFile } = makeCorpus();
    const first = await open(corpusDir, snapshotFile);
    expect(first.result.from).toBe('corpus');
    expect(first.result.reason).toBe('no snapshot yet');
    expect(first.result.snapshotBytes).toBeGreaterThan(100);

    let analysed = 0;
    const second = await open(
      corpusDir,
      snapshotFile,
      new CorpusEngine((a) => ((analysed += a.length), fakeAnalyzer(a))),
    );
    expect(second.result).toMatchObject({ from: 'snapshot' });
    expect(analysed).toBe(0);
    expect(parsed(second.engine.entries())).toEqual(parsed(first.engine.entries()));
    const who = second.engine.findEntity('Maria Lopez');
    expect(who.entity?.articles.map((a) => a.title).sort()).toEqual(['Council meets in Oslo', 'Port strike ends']);
    expect(who).toEqual(first.engine.findEntity('Maria Lopez'));
    expect(second.engine.search('wheat harvest', 5).map((h) => h.title)).toEqual(['Grain prices rise']);
    expect((await fs.readdir(path.dirname(snapshotFile))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rebuilds when a corpus file changed, and the new article is answerable', async () => {
    const { corpusDir, snapshotFile } = makeCorpus();
    await open(corpusDir, snapshotFile);
    const feed = path.join(corpusDir, 'feed.jsonl');
    await fs.appendFile(
      feed,
      JSON.stringify({ title: 'New envoy', date: '2023-06-15', body: 'Ana Petrova was named envoy to the talks.' }) +
        '\n',
    );
    const { engine, result } = await open(corpusDir, snapshotFile);
    expect(result).toMatchObject({ from: 'corpus', reason: 'the corpus changed since the snapshot was made' });
    expect(engine.findEntity('Ana Petrova').confidence).toBe('exact');
    // The rebuilt snapshot is current again.
    expect((await open(corpusDir, snapshotFile)).result.from).toBe('snapshot');
  });

  it('rebuilds when a file is added next to the others, even with the same content', async () => {
    const { corpusDir, snapshotFile } = makeCorpus();
    await open(corpusDir, snapshotFile);
    writeFileSync(
      path.join(corpusDir, 'extra.md'),
      '---\ntitle: Ferry service resumes\ndate: 2023-06-16\n---\nThe ferry between Valencia and Ibiza resumed service after the strike.\n',
    );
    expect((await open(corpusDir, snapshotFile)).result.reason).toMatch(/corpus changed/);
  });

  it('never trusts a snapshot from another version, format, or one cut short or corrupt', async () => {
    const { corpusDir, snapshotFile } = makeCorpus();
    await open(corpusDir, snapshotFile);
    const good = await fs.readFile(snapshotFile, 'utf8');
    const [headerLine, ...rest] = good.split('\n');
    const header = JSON.parse(headerLine);

    const cases: [string, string, RegExp][] = [
      [
        'older code',
        [JSON.stringify({ ...header, version: 'an-older-version' }), ...rest].join('\n'),
        /another version/,
      ],
      ['older format', [JSON.stringify({ ...header, format: 0 }), ...rest].join('\n'), /format 0/],
      ['cut short', good.slice(0, good.length - 40), /cut short|incomplete/],
      ['missing lines', [headerLine, rest[0]].join('\n') + '\n', /incomplete/],
      ['corrupt', good.replace('"Port strike ends"', '"Port strike ends'), /unreadable/],
      // Still JSON, and in an analysis that is parsed only when used: the checksum tells.
      ['analysis altered', good.replace('"name":"Maria Lopez"', '"name":"Maria Lopes"'), /unreadable \(corrupt/],
      ['no trailer', good.trimEnd().split('\n').slice(0, -1).join('\n') + '\n', /incomplete/],
      ['not JSON at all', 'hello\n', /unreadable/],
    ];
    for (const [what, content, reason] of cases) {
      await fs.writeFile(snapshotFile, content);
      const { engine, result } = await open(corpusDir, snapshotFile);
      expect({ what, from: result.from, reason: result.reason }).toMatchObject({
        what,
        from: 'corpus',
        reason: expect.stringMatching(reason),
      });
      expect(engine.stats.articles).toBe(3);
    }
  });

  it('checks snapshots with the CRC-32 zlib computes, also where Node has none', async () => {
    const { crc32 } = await import('node:zlib');
    const text = 'Maria Lopez, the mayor of València, said the port strike was over.\n';
    expect(crc32InJs(text, 0)).toBe(crc32(text));
    expect(crc32InJs(Buffer.from(text.slice(20)), crc32InJs(text.slice(0, 20), 0))).toBe(crc32(text));
  });

  it('keys snapshots to the code version and the corpus contents', async () => {
    const { corpusDir } = makeCorpus();
    const key = await snapshotKey(corpusDir);
    expect(key.version).toBe(await codeVersion());
    expect(key.version).toMatch(/^[0-9a-f]{40}$/);
    expect(await snapshotKey(corpusDir)).toEqual(key);
    writeFileSync(
      path.join(corpusDir, 'feed.jsonl'),
      '{"title":"Other","date":"2023-01-01","body":"Something else entirely happened."}\n',
    );
    expect((await snapshotKey(corpusDir)).corpus).not.toBe(key.corpus);
  });

  it('stores and hands back the index state of an engine that can export it', async () => {
    class StatefulEngine extends CorpusEngine {
      restoredWith: unknown = 'never restored';
      exportIndexState() {
        return [{ search: 'serialised search index' }, { resolver: [1, 2, 3] }];
      }
      override restore(entries: SnapshotEntry[], indexState?: unknown[]): void {
        this.restoredWith = indexState;
        super.restore(entries);
      }
    }
    const { corpusDir, snapshotFile } = makeCorpus();
    await open(corpusDir, snapshotFile, new StatefulEngine(fakeAnalyzer));
    const restored = new StatefulEngine(fakeAnalyzer);
    expect((await open(corpusDir, snapshotFile, restored)).result.from).toBe('snapshot');
    expect(restored.restoredWith).toEqual([{ search: 'serialised search index' }, { resolver: [1, 2, 3] }]);
    // A state part missing is a snapshot cut short.
    const lines = (await fs.readFile(snapshotFile, 'utf8')).trimEnd().split('\n');
    await fs.writeFile(snapshotFile, lines.slice(0, -1).join('\n') + '\n');
    expect((await open(corpusDir, snapshotFile, new StatefulEngine(fakeAnalyzer))).result.reason).toMatch(/incomplete/);
    await open(corpusDir, snapshotFile, new StatefulEngine(fakeAnalyzer));
    // A plain engine reading the same file ignores the state and rebuilds its indexes itself.
    const plain = await open(corpusDir, snapshotFile);
    expect(plain.result.from).toBe('snapshot');
    expect(plain.engine.findEntity('Erik Haugen').confidence).toBe('exact');
  });

  it('round-trips the sample corpus exactly, near-duplicate groups included', async () => {
    const sampleDir = new URL('../../corpus', import.meta.url).pathname;
    const engine = new CorpusEngine(fakeAnalyzer);
    await engine.addArticles(await loadArticles(sampleDir));
    const file = path.join(tmp, 'sample.jsonl');
    const key = await snapshotKey(sampleDir);
    const saved = await saveSnapshot(file, engine, key);
    expect(saved.articles).toBe(engine.stats.articles);
    const read = await readSnapshot(file, key);
    expect(read.ok).toBe(true);
    // The analyses stay readable from the file however long after, other files opened meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const others = await Promise.all([1, 2, 3].map(() => fs.open(file, 'r')));
    if (read.ok) expect(parsed(read.entries)).toEqual(parsed(engine.entries()));
    await Promise.all(others.map((handle) => handle.close()));
    // What the engine needs before an analysis is parsed is known from the article line, and an analysis is read from
    // the file only when asked for.
    if (read.ok) {
      expect(read.entries.map((e) => e.counts)).toEqual(engine.entries().map((e) => e.counts));
      expect(read.entries.filter((e) => e.counts).every((e) => e.analysis && !Buffer.isBuffer(e.analysis))).toBe(true);
      expect(read.entries.some((e) => e.counts)).toBe(true);
    }
    expect(await readSnapshot(file, { ...key, corpus: 'another corpus' })).toEqual({
      ok: false,
      reason: 'the corpus changed since the snapshot was made',
    });
  });

  it('writes bytes as base64 a piece at a time and reads them back from the file, beside parts read when asked for', async () => {
    const values = Int32Array.from({ length: 3_000_001 }, (_, i) => (i * 2654435761) | 0); // 12 MB: several pieces
    const source = {
      entries: () => [],
      exportIndexState: () => [{ postings: Base64Bytes.of(values) }, { meta: { terms: ['a', 'b'] } }, ['unnamed', 1]],
    };
    const file = path.join(tmp, 'bytes.jsonl');
    const key = { version: 'v', corpus: 'c' };
    await saveSnapshot(file, source, key);
    const read = await readSnapshot(file, key);
    expect(read).toMatchObject({ ok: true });
    if (!read.ok) return;
    const bytes = readBytesPart(read.indexState, 'postings')!;
    // Compared as bytes: a deep equality of 3 million numbers takes minutes on a busy machine.
    expect(bytes.length).toBe(values.byteLength);
    expect(Buffer.from(values.buffer, values.byteOffset, values.byteLength).equals(bytes)).toBe(true);
    expect(partNamed(read.indexState, 'meta')?.()).toEqual({ terms: ['a', 'b'] });
    expect(read.indexState?.[2]).toEqual(['unnamed', 1]);
    expect(readBytesPart(read.indexState, 'meta')).toBeUndefined();
    expect(partNamed(read.indexState, 'absent')).toBeUndefined();
    // The same parts as plain JSON (no file) give the same bytes.
    const plain = JSON.parse(JSON.stringify(source.exportIndexState()));
    expect(readBytesPart(plain, 'postings')!.equals(bytes)).toBe(true);
  });

  it('writes the articles without index state when a part is too large for one string', async () => {
    const sampleDir = new URL('../../corpus', import.meta.url).pathname;
    const engine = new CorpusEngine(fakeAnalyzer);
    await engine.addArticles(await loadArticles(sampleDir));
    const tooLarge = {
      toJSON: () => {
        throw new RangeError('Invalid string length');
      },
    };
    const source = { entries: () => engine.entries(), exportIndexState: () => [{ search: tooLarge }] };
    const file = path.join(tmp, 'no-state.jsonl');
    const key = await snapshotKey(sampleDir);
    expect((await saveSnapshot(file, source, key)).articles).toBe(engine.stats.articles);
    const read = await readSnapshot(file, key);
    expect(read.ok && read.entries.length).toBe(engine.stats.articles);
    expect(read.ok && read.indexState).toBeUndefined();
  });
});

/** Entries with their analyses parsed, to compare what two snapshots or engines hold. */
function parsed(entries: SnapshotEntry[]) {
  return entries.map(({ article, counts, analysis }) => ({
    article,
    counts,
    analysis: analysis && JSON.parse(readPlace(analysis).toString('utf8')),
  }));
}
