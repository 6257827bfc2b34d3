import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces, piecesAsBuffers } from '../../src/index/json-pieces.ts';
import { checkProperty, PROPERTY_TIMEOUT_MS } from '../property/arbitraries.ts';

const joined = (value: unknown, items = 3) => [...jsonPieces(value, items)].join('');

describe('JSON made a piece at a time', () => {
  it('is JSON.stringify of a search state: long arrays cut into runs, fields one by one', () => {
    const state = {
      format: 2,
      ids: Array.from({ length: 10 }, (_, k) => `a "${k}"\u2028`),
      lengths: [1, 2, 3],
      nested: { empty: [], none: {}, gone: undefined, date: new Date(0), list: [[1, 2, 3, 4], null] },
      starts: 'AAAA',
    };
    expect(joined(state)).toBe(JSON.stringify(state));
    expect([...jsonPieces(state, 3)].length).toBeGreaterThan(8);
    const buffers = [...piecesAsBuffers(jsonPieces(state, 3), 16)];
    expect(buffers.length).toBeGreaterThan(3);
    expect(Buffer.concat(buffers).toString('utf8')).toBe(JSON.stringify(state));
  });

  it(
    'is JSON.stringify of any JSON value',
    async () => {
      await checkProperty(
        fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 1, max: 4 }), (value, items) => {
          expect(joined(value, items)).toBe(JSON.stringify(value));
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
