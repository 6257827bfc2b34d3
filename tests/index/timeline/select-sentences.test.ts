import { describe, expect, it } from 'vitest';
import { candidate } from './candidate-fixture.ts';
import { rankSentences, selectSentences, SPECULATIVE } from '../../../src/index/timeline/select-sentences.ts';

const DAY1 = [
  candidate('2022-03-09', 'Shares of Harlow Mining fell sharply in early trading in London.'),
  candidate('2022-03-09', 'The Korvan dam burst above Millbrook, flooding the valley and killing nine people.'),
  candidate('2022-03-09', 'Nine people were killed when the Korvan dam burst and flooded the Millbrook valley.'),
  candidate('2022-03-09', 'Floodwater from the burst Korvan dam covered the Millbrook valley towns.'),
];

describe('sentence choice', () => {
  it('picks the sentence central among the day’s candidates, not the side story', () => {
    const ranked = rankSentences(DAY1, ['dam']);
    expect(ranked[0].candidate.text).toMatch(/Korvan dam/);
    expect(ranked.at(-1)!.candidate.text).toMatch(/Harlow Mining/);
  });

  it('prefers a sentence about the topic when two are equally central', () => {
    const day = [
      candidate('2022-04-01', 'The river authority closed the road to Millbrook on Friday.'),
      candidate('2022-04-01', 'The dam authority closed the road to Millbrook on Friday.'),
    ];
    expect(rankSentences(day, ['dam'])[0].candidate.text).toMatch(/dam authority/);
  });

  it('does not repeat a sentence on the same day or on another day', () => {
    const day2 = [
      candidate(
        '2022-03-10',
        'Nine people were killed when the Korvan dam burst and flooded the Millbrook valley, officials said.',
      ),
      candidate('2022-03-10', 'Army engineers began rebuilding the Millbrook bridge that the flood swept away.'),
    ];
    const byDay = new Map([
      ['2022-03-09', DAY1],
      ['2022-03-10', day2],
    ]);
    const chosen = selectSentences(['2022-03-09', '2022-03-10'], byDay, 2, ['dam']);
    const texts = [...chosen.values()].flat().map((c) => c.text);
    expect(texts.filter((t) => /Nine people|killing nine/.test(t))).toHaveLength(1);
    expect(chosen.get('2022-03-10')!.map((c) => c.text)).toEqual([
      'Army engineers began rebuilding the Millbrook bridge that the flood swept away.',
    ]);
  });

  it('stops at the number of days asked for', () => {
    const byDay = new Map([
      ['2022-03-09', DAY1],
      ['2022-03-10', [candidate('2022-03-10', 'Army engineers began rebuilding the bridge at Millbrook.')]],
    ]);
    expect([...selectSentences(['2022-03-10', '2022-03-09'], byDay, 1, [], 1).keys()]).toEqual(['2022-03-10']);
  });

  it('prefers a chronology entry to the more central reports of the day', () => {
    const day = [
      candidate('2022-03-08', 'Army engineers began rebuilding the Millbrook bridge on Tuesday.', 'text'),
      candidate('2022-03-08', 'Army engineers reached the Millbrook bridge after the flood.', 'text'),
    ];
    const entry = candidate('2022-03-08', 'Work starts on a new Millbrook bridge for the valley.', 'text');
    expect(rankSentences([...day, entry], ['bridge'])[0].candidate.text).not.toBe(entry.text);
    expect(rankSentences([...day, { ...entry, chronology: true }], ['bridge'])[0].candidate.text).toBe(entry.text);
  });

  it('ranks a sentence telling what might happen below an equally central one telling what did', () => {
    const did = candidate('2022-03-08', 'Floodwater from the Korvan dam reached the Millbrook valley towns.', 'text');
    const might = candidate(
      '2022-03-08',
      'Floodwater from the Korvan dam could reach the Millbrook valley towns.',
      'text',
    );
    const other = candidate('2022-03-08', 'Floodwater covered the roads of the Millbrook valley.', 'text');
    expect(rankSentences([might, other, did], ['dam'])[0].candidate.text).toBe(did.text);
    expect(rankSentences([did, other, might], ['dam'])[0].candidate.text).toBe(did.text);
    // The month May is no speculation; the verb is.
    expect(SPECULATIVE.test('In May the Korvan dam burst above Millbrook.')).toBe(false);
    expect(SPECULATIVE.test('The Korvan dam may burst above Millbrook.')).toBe(true);
  });
});
