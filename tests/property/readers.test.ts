import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFile, type Format } from '../../src/corpus/formats.ts';
import { cleanArticle } from '../../src/corpus/clean.ts';
import { hostileText, PROPERTY_TIMEOUT_MS, checkProperty } from './arbitraries.ts';

/** The corpus readers take any text: they end, never throw, and never make text out of nothing. */
const FORMATS: Format[] = ['text', 'markdown', 'json', 'jsonl', 'html'];

/** Inputs shaped for each format as well as arbitrary text. */
const inputFor = (format: Format) => {
  const text = hostileText(60);
  switch (format) {
    case 'json':
      return fc.oneof(
        text,
        fc
          .array(fc.record({ title: text, text, date: text, id: text }), { maxLength: 4 })
          .map((r) => JSON.stringify(r)),
      );
    case 'jsonl':
      return fc.oneof(
        text,
        fc
          .array(fc.record({ text, source: text }), { maxLength: 4 })
          .map((rs) => rs.map((r) => JSON.stringify(r)).join('\n')),
      );
    case 'markdown':
      return fc.oneof(
        text,
        fc.tuple(text, text).map(([meta, body]) => `---\ntitle: ${meta}\n---\n${body}`),
      );
    default:
      return text;
  }
};

describe('corpus readers (property)', () => {
  for (const format of FORMATS) {
    it(
      `${format}: any input ends with records of strings, no exception; cleaning them ends too`,
      async () => {
        await checkProperty(
          fc.property(inputFor(format), (input) => {
            const { records, notes } = parseFile(input, format);
            expect(Array.isArray(notes)).toBe(true);
            for (const r of records) {
              expect(typeof r.text).toBe('string');
              // Markup only ever goes: a reader's text is never longer than the file (HTML entities only shorten).
              if (format !== 'json' && format !== 'jsonl') expect(r.text.length).toBeLessThanOrEqual(input.length);
              const cleaned = cleanArticle({ text: r.text, title: r.title, source: r.source });
              expect(typeof cleaned.body).toBe('string');
            }
          }),
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }
});
