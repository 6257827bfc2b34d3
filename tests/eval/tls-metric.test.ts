import { describe, expect, it } from 'vitest';
import { rougeCounts, rougeWords, type RougeData } from '../../scripts/eval/rouge.ts';
import { approximateRouge1, f1, meanPR, scoreTimeline, type Timeline } from '../../scripts/eval/tls-metric.ts';

const DATA: RougeData = { stopwords: new Set(['the', 'of', 'a']), exceptions: new Map([['geese', 'goose']]) };

describe('ROUGE-1.5.5 counts', () => {
  it('lower-cases, splits on symbols, drops stopwords, stems words longer than 3 letters, exceptions first', () => {
    expect(rougeWords(["The geese of Rebuilding-Work flew, didn't they?"], DATA)).toEqual([
      'goose',
      'rebuild',
      'work',
      'flew',
      'did',
      'n',
      't',
      'thei',
    ]);
  });

  it('clips each n-gram to the smaller count', () => {
    expect(rougeCounts(['dam', 'dam', 'burst'], ['dam', 'burst'], 1)).toEqual({ hit: 2, peer: 3, model: 2 });
    expect(rougeCounts(['dam', 'dam', 'burst'], ['dam', 'burst'], 2)).toEqual({ hit: 1, peer: 2, model: 1 });
  });
});

describe('align+ m:1 timeline scores', () => {
  const gold: Timeline = new Map([
    ['2020-01-01', ['The dam burst.']],
    ['2020-01-05', ['Rebuilding began.']],
  ]);

  it('scores a perfect timeline 1', () => {
    const s = scoreTimeline(gold, gold, DATA);
    expect([f1(s.rouge1), f1(s.rouge2), f1(s.date)]).toEqual([1, 1, 1]);
  });

  it('aligns a date to the gold date its content matches and weighs the match by 1/(days apart + 1)', () => {
    const pred: Timeline = new Map([
      ['2020-01-01', ['The dam burst.']],
      ['2020-01-02', ['Rebuilding began.']],
    ]);
    const s = scoreTimeline(pred, gold, DATA);
    // day 1 matches exactly (2 of 2 words); day 2 is aligned with 5 January (same words, 3 days apart: 2 x 1/4).
    expect(s.rouge1.precision).toBeCloseTo(2.5 / 4, 10);
    expect(s.rouge1.recall).toBeCloseTo(2.5 / 4, 10);
    expect(s.date).toEqual({ precision: 0.5, recall: 0.5 });
  });

  it('scores an empty timeline 0', () => {
    const s = scoreTimeline(new Map(), gold, DATA);
    expect(f1(s.rouge1)).toBe(0);
  });

  it('approximates ROUGE-1 on raw tokens without punctuation', () => {
    expect(approximateRouge1(['The dam burst.'], ['The dam burst !'])).toBe(1);
    expect(approximateRouge1(['the dam'], ['The dam'])).toBe(0.5);
  });

  it('averages precision and recall over timelines, then takes F1', () => {
    expect(
      meanPR([
        { precision: 1, recall: 0 },
        { precision: 0, recall: 1 },
      ]),
    ).toEqual({ precision: 0.5, recall: 0.5 });
  });
});
