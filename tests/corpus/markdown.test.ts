import { describe, expect, it } from 'vitest';
import { markdownToText } from '../../src/corpus/markdown.ts';

/** 1 MB of one repeated unit: the shapes that made the old regular expressions quadratic (issue 15, item 2). */
const HOSTILE_UNITS = [
  '__x ',
  '**x ',
  '[',
  '![',
  '[a](',
  '![a](',
  '**',
  '__',
  '<!--',
  '> ',
  '# ',
  '[a]',
  '](',
  '* ',
  '-',
  '_',
];
const MEGABYTE = 1 << 20;
const repeat = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));

describe('markdownToText', () => {
  it('strips headings, links, images, emphasis, quotes, rules, list marks and comments', () => {
    const md = [
      '# Coastal towns brace ##',
      '',
      'Officials in **Port Mellon** ordered __sandbags__ as the [highest tide](https://example.org/t) neared.<!-- note -->',
      '',
      '![A flooded street](https://example.org/flood.jpg)',
      '',
      '> > “We are ready,” said Ines Okafor.',
      '',
      '* * *',
      '- first point',
      '+ second point',
    ].join('\n');
    expect(markdownToText(md)).toBe(
      [
        'Coastal towns brace',
        '',
        'Officials in Port Mellon ordered sandbags as the highest tide neared.',
        '',
        '',
        '',
        '“We are ready,” said Ines Okafor.',
        '',
        '',
        'first point',
        'second point',
      ].join('\n'),
    );
  });

  it('keeps what is not markup: lone brackets, unpaired marks, snake_case, a comment left open', () => {
    expect(markdownToText('a [note] (aside) and ** alone, rate_of_change, 2 * 3')).toBe(
      'a [note] (aside) and ** alone, rate_of_change, 2 * 3',
    );
    expect(markdownToText('Kept text.\n<!-- never closed\nhidden')).toBe('Kept text.\n');
    expect(markdownToText('a multi-line [link\ntext](url) here')).toBe('a multi-line link\ntext here');
  });

  it.each(HOSTILE_UNITS)(
    '1 MB of %j ends (linear: the old patterns never finished) and keeps its size bound',
    (unit) => {
      const text = repeat(unit, MEGABYTE);
      const out = markdownToText(text);
      expect(out.length).toBeLessThanOrEqual(text.length);
    },
  );
});
