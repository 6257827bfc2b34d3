import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractHtml } from '../../src/corpus/html.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/corpus/json-depth.ts';
import { loadFile } from '../../src/corpus/load.ts';
import { checkProperty, PROPERTY_TIMEOUT_MS } from '../property/arbitraries.ts';

/** An article record wrapped in `depth` levels in all (arrays, then the record itself). */
const nestedRecord = (depth: number, record: object) =>
  `${'['.repeat(depth - 1)}${JSON.stringify(record)}${']'.repeat(depth - 1)}`;
const STORY = { title: 'Harbour reopens', body: 'The harbour reopened on Friday after a week of repairs.' };

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'briefbot-json-depth-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const load = async (name: string, content: string) => {
  const file = path.join(tmp, name);
  await fs.writeFile(file, content);
  return loadFile(file, tmp);
};

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(nestsDeeperThan('["[[[[{{{{"]', 1)).toBe(false);
    expect(nestsDeeperThan(String.raw`["a \" [[[[ \\", "\\"]`, 1)).toBe(false);
    expect(nestsDeeperThan(String.raw`["\\", [[]]]`, 2)).toBe(true);
    expect(nestsDeeperThan('[][][][]', 1)).toBe(false);
  });

  it(
    'agrees with the depth of any JSON value, whatever its strings hold',
    async () => {
      const depthOf = (v: unknown): number =>
        v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
      await checkProperty(
        fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), (value, limit) => {
          expect(nestsDeeperThan(JSON.stringify(value), limit)).toBe(depthOf(value) > limit);
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('reads malformed text too (JSON.parse then rejects it): an unclosed string, stray closers', () => {
    expect(nestsDeeperThan('["[[[[[[', 1)).toBe(false);
    expect(nestsDeeperThan(']]]]][[', 1)).toBe(true);
    expect(nestsDeeperThan('', 1)).toBe(false);
  });
});

describe('JSON nested deeper than the limit (issue 15: 2.6 million nested arrays took 2.4 s of a worker)', () => {
  it('a .json document: one warning that says so, no articles', async () => {
    const { articles, warnings } = await load('deep.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(articles).toEqual([]);
    expect(warnings).toEqual([{ file: 'deep.json', reason: `nested deeper than ${MAX_JSON_DEPTH} levels: skipped` }]);
  });

  it('an article deeper than the limit is skipped; one 20 levels deep still loads', async () => {
    const deep = await load('deep-article.json', nestedRecord(MAX_JSON_DEPTH + 1, STORY));
    expect(deep.articles).toEqual([]);
    expect(deep.warnings.map((w) => w.reason)).toEqual([`nested deeper than ${MAX_JSON_DEPTH} levels: skipped`]);
    const fine = await load('nested.json', JSON.stringify({ ...STORY, extra: JSON.parse(nestedRecord(18, {})) }));
    expect(fine.warnings).toEqual([]);
    expect(fine.articles.map((a) => a.title)).toEqual(['Harbour reopens']);
  });

  it('.jsonl: a deep line is skipped and counted, the others load', async () => {
    const lines = [JSON.stringify(STORY), `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, ''].join('\n');
    const { articles, warnings } = await load('feed.jsonl', lines);
    expect(articles.map((a) => a.title)).toEqual(['Harbour reopens']);
    expect(warnings.map((w) => w.reason)).toEqual([`1 line(s) nested deeper than ${MAX_JSON_DEPTH} levels skipped`]);
  });

  it('JSON-LD in HTML: a deep script is ignored, a shallow one read', () => {
    const page = (ld: string) =>
      `<html><head><title>Harbour reopens</title><script type="application/ld+json">${ld}</script></head>` +
      `<body><article><p>${STORY.body}</p></article></body></html>`;
    const data = { '@type': 'NewsArticle', datePublished: '2020-01-02' };
    expect(extractHtml(page(nestedRecord(20, data))).date).toBe('2020-01-02');
    expect(extractHtml(page(nestedRecord(MAX_JSON_DEPTH + 1, data))).date).toBeNull();
  });
});
