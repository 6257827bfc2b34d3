import { describe, expect, it } from 'vitest';
import { indexMetaPieces } from '../../src/store/articles/index-meta.ts';
import type { CoveredArticle } from '../../src/store/articles/types.ts';

const covers = (n: number): CoveredArticle[] =>
  Array.from({ length: n }, (_, k) => ({ id: `a "${k}" \\ é\u2028`, contentHash: `h${k}`, groupId: `g${k % 3}` }));

describe('the index state meta made a piece at a time', () => {
  it.each([0, 1, 2, 3, 4, 5, 9])('%i covered articles: the pieces together are JSON.stringify of the whole', (n) => {
    const pieces = [...indexMetaPieces('v "1"', covers(n), 2)];
    expect(Buffer.concat(pieces).toString('utf8')).toBe(JSON.stringify({ version: 'v "1"', covers: covers(n) }));
    expect(pieces).toHaveLength(Math.max(1, Math.ceil(n / 2)));
  });
});
