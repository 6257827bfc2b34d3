import { describe, expect, it } from 'vitest';
import {
  chronologyEntry,
  cleanSentence,
  FURNITURE_PREFIXES,
  REJECTED_SHAPES,
} from '../../../src/index/timeline/sentence-shape.ts';

describe('sentence shape', () => {
  it('cuts an agency dateline and a page stamp off the front, keeping the news', () => {
    expect(
      cleanSentence(
        'OSLO | Tue Mar 8, 2022 4:10 pm GMT OSLO (Reuters) - The Korvan dam burst above Millbrook on Tuesday.',
      ),
    ).toBe('The Korvan dam burst above Millbrook on Tuesday.');
    expect(
      cleanSentence('Page last updated at 07:02 GMT, Friday, 11 March 2022 08:02 UK Engineers reached the Korvan dam.'),
    ).toBe('Engineers reached the Korvan dam.');
    expect(cleanSentence('11 March 2022 Last updated at 15:41 GMT Help Engineers reached the Korvan dam.')).toBe(
      'Engineers reached the Korvan dam.',
    );
  });

  it('cuts a factbox bullet off the front, leaving a chronology entry readable', () => {
    expect(cleanSentence('* March 8 - The Korvan dam bursts above Millbrook.')).toBe(
      'March 8 - The Korvan dam bursts above Millbrook.',
    );
    expect(cleanSentence('\\* March 8 - The Korvan dam bursts above Millbrook.')).toBe(
      'March 8 - The Korvan dam bursts above Millbrook.',
    );
    expect(cleanSentence('• Rescuers reach the Millbrook valley.')).toBe('Rescuers reach the Millbrook valley.');
  });

  it('keeps a plain report as it is', () => {
    const text = 'Nine people were killed when the Korvan dam burst on 8 March, officials said.';
    expect(cleanSentence(text)).toBe(text);
  });

  it('leaves out shapes that tell no event, each by its named rule', () => {
    const cases: [string, string][] = [
      ['Could the Korvan dam have been saved?', 'question'],
      ['L) dam operator said its shares fell on Tuesday.', 'cut fragment'],
      ['Floodwater covers the Millbrook valley below the Korvan dam, March 9, 2022.', 'photo caption'],
      ['A rescue boat is seen near the broken Korvan dam in this file photo.', 'photo caption'],
      [
        'This image made from video released by the dam operator shows water pouring through the wall.',
        'photo caption',
      ],
      ['In this image taken from video, rescue boats circle the broken Korvan dam.', 'photo caption'],
      ['At 4:25 pm on 9 March 2022, Ellen wrote: the dam was never safe.', 'reader comment'],
      ['Updated 09:51 UK time: rescuers reached Millbrook after the dam burst.', 'clock stamp'],
    ];
    for (const [text, rule] of cases) {
      expect(cleanSentence(text), text).toBeNull();
      const first = REJECTED_SHAPES.find((r) => r.pattern.test(text));
      expect(first?.name, text).toBe(rule);
    }
  });

  it('gives every rule a name and a reason', () => {
    for (const rule of [...FURNITURE_PREFIXES, ...REJECTED_SHAPES]) {
      expect(rule.name).toMatch(/\w/);
      expect(rule.reason.length).toBeGreaterThan(20);
    }
  });

  it('answers at once on a long run of one character (no backtracking)', () => {
    expect(cleanSentence(`${'('.repeat(5000)} wrote: x`)).toBeNull();
    const long = `A${' 1'.repeat(5000)} May 2022 dam.`;
    expect(cleanSentence(long)).toBe(long);
  });

  it('reads a chronology entry (its day, a colon or a dash, what happened) and cuts its day off', () => {
    expect(chronologyEntry('March 8 - The Korvan dam bursts above Millbrook, killing nine.')).toBe(
      'The Korvan dam bursts above Millbrook, killing nine.',
    );
    expect(chronologyEntry('9 March: Army engineers begin rebuilding the Millbrook bridge.')).toBe(
      'Army engineers begin rebuilding the Millbrook bridge.',
    );
    expect(chronologyEntry('Sept. 3, 2022 -- The operator removes the broken gate.')).toBe(
      'The operator removes the broken gate.',
    );
    // A day inside the sentence, or a day not followed by a colon or dash, is no entry.
    expect(chronologyEntry('On March 8 the Korvan dam burst above Millbrook.')).toBeNull();
    expect(chronologyEntry('March 8 was the day the Korvan dam burst.')).toBeNull();
  });
});
