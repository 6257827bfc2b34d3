import { describe, expect, it } from 'vitest';
import { candidate } from './candidate-fixture.ts';
import { rankSentences } from '../../../src/index/timeline/select-sentences.ts';
import { aboutStory, storyWeights } from '../../../src/index/timeline/story-weights.ts';
import { termCounts } from '../../../src/index/timeline/terms.ts';

const STORY = [
  candidate('2022-03-08', 'The Korvan dam burst above Millbrook, flooding the valley.'),
  candidate('2022-03-09', 'Rescuers searched the flooded Millbrook valley below the Korvan dam.'),
  candidate('2022-03-10', 'Engineers inspected the broken Korvan dam wall.'),
  candidate('2022-03-10', 'Millbrook Rovers won the county cup final at the valley stadium.'),
  candidate('2022-03-11', 'The Korvan dam operator promised to pay for the flood damage.'),
  candidate('2022-03-12', 'Inspectors blamed cracks in the Korvan dam wall for the flood.'),
  candidate('2022-03-13', 'The Korvan dam operator hired engineers to rebuild the wall.'),
];

describe('story weights', () => {
  it('weighs a word every day uses below one a single day uses', () => {
    const { weight } = storyWeights(STORY);
    expect(weight('korvan')).toBeLessThan(weight('engineer'));
  });

  it('finds the story sentence more about the story than the side story', () => {
    const w = storyWeights(STORY);
    expect(aboutStory(termCounts(STORY[2].text), w)).toBeGreaterThan(aboutStory(termCounts(STORY[3].text), w));
  });

  it("ranks a day's part of the story above its side story", () => {
    const day = STORY.filter((c) => c.date === '2022-03-10');
    expect(rankSentences(day, [], storyWeights(STORY))[0].candidate.text).toMatch(/Engineers/);
  });

  it('prefers a sentence dated by its own words to a lead dated by publication', () => {
    const day = [
      candidate('2022-03-08', 'The Korvan dam burst above Millbrook.', 'published'),
      candidate('2022-03-08', 'The Korvan dam burst above Millbrook on 8 March.', 'text'),
    ];
    expect(rankSentences(day, [])[0].candidate.dateFrom).toBe('text');
  });

  it('prefers the concise report to a long sentence telling the same', () => {
    const day = [
      candidate(
        '2022-03-08',
        'The Korvan dam burst above Millbrook, and in the same week the council, which had argued for years about the budget of the new school, the road and the library, met again.',
      ),
      candidate('2022-03-08', 'The Korvan dam burst above Millbrook, flooding the valley.'),
      candidate('2022-03-08', 'Water from the burst Korvan dam flooded Millbrook.'),
    ];
    expect(rankSentences(day, [])[0].candidate.text).not.toMatch(/council/);
  });
});
