import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractTimes, extractTimesWithReferences } from '../../src/understanding/time/index.ts';
import { hostileText, PROPERTY_TIMEOUT_MS, checkProperty } from './arbitraries.ts';

const docDate = fc.option(
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);

describe('date resolver (property)', () => {
  it(
    'any text and document date: expressions inside the text, in order, never an exception',
    async () => {
      await checkProperty(
        fc.property(hostileText(40), docDate, (text, date) => {
          for (const extract of [extractTimes, extractTimesWithReferences]) {
            for (const t of extract(text, { docDate: date })) {
              expect(t.start).toBeGreaterThanOrEqual(0);
              expect(t.end).toBeLessThanOrEqual(text.length);
              expect(t.start).toBeLessThanOrEqual(t.end);
            }
          }
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
