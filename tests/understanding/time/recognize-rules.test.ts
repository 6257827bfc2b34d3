import { describe, expect, it } from 'vitest';
import { recognize, RECOGNITION_RULES } from '../../../src/understanding/time/recognize.ts';

describe('date recognition rules as data', () => {
  it('names every rule once, with its kind and a reason', () => {
    const names = RECOGNITION_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of RECOGNITION_RULES) expect(r.reason.length, r.name).toBeGreaterThan(15);
  });

  it('keeps the rules of one kind together (bare years run after the ranges they must not split)', () => {
    const kinds = RECOGNITION_RULES.map((r) => r.kind).filter((k) => k !== 'year');
    const runs = kinds.filter((k, i) => i === 0 || kinds[i - 1] !== k);
    expect(runs.length).toBe(new Set(kinds).size);
  });

  it('still finds the forms its rules name', () => {
    const text = 'The dam burst on Monday, May 27, 2019, two days later, and in Q1 2020 it was rebuilt.';
    const found = recognize(text, false).map((c) => text.slice(c.start, c.end));
    expect(found).toEqual(expect.arrayContaining(['Monday, May 27, 2019', 'two days later', 'Q1 2020']));
  });
});
