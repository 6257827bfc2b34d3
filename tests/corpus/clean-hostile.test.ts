import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.ts';

/**
 * Lines shaped to make the cleaning rules backtrack (the attack strings eslint-plugin-regexp reports), 200,000
 * characters each, alone and inside a story: every one ends. A line of "@" took 209 s before the e-mail rule
 * was made linear.
 */
const N = 200_000;
const SHAPES: Record<string, string> = {
  'at signs': '@'.repeat(N) + 'x',
  'a@ pairs': 'a@'.repeat(N / 2),
  spaces: ' '.repeat(N) + 'x',
  'tabs and spaces': '\t '.repeat(N / 2) + 'x',
  'capitals and parentheses': 'A '.repeat(N / 2) + '(x',
  'parenthesised datelines': '(ab) '.repeat(N / 5) + 'x',
  dashes: ' - '.repeat(N / 3) + 'x',
  'photo credits': 'photo '.repeat(N / 6) + 'x',
  commas: ', '.repeat(N / 2) + 'x',
  'obfuscated e-mail': '[email '.repeat(N / 7),
  digits: '1'.repeat(N) + 'x',
  'title words': 'Ab '.repeat(N / 3) + '1',
};

describe('cleanArticle on hostile lines', () => {
  it.each(Object.entries(SHAPES))('%s: ends, alone and inside a story', (_name, line) => {
    for (const text of [line, `Harbour news\n\n${line}\n\nThe harbour reopened on Friday after a week of repairs.`]) {
      const out = cleanArticle({ text, title: null, source: null });
      expect(out.body.length).toBeLessThanOrEqual(text.length);
    }
  });
});

describe('cleanArticle on many short lines', () => {
  it('a paragraph of 500,000 one-letter lines is kept (their widths as arguments overflowed the stack)', () => {
    const out = cleanArticle({ text: 'a\n'.repeat(500_000), title: null, source: null });
    expect(out.body.startsWith('a\n\na\n\na')).toBe(true);
  });
});
