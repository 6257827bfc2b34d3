import { describe, expect, it } from 'vitest';
import { termCounts } from '../../../src/index/timeline/terms.ts';
import { expansionTerms, TOPIC_EXPANSION } from '../../../src/index/timeline/topic-terms.ts';

const TOPIC = ['grain', 'shortage'];

function expand(texts: string[]): string[] {
  const terms = texts.map(termCounts);
  return expansionTerms(
    terms,
    terms.map((t) => TOPIC.some((w) => t.has(w))),
    TOPIC,
  );
}

describe('words a topic is told with', () => {
  it('adds the words of the story that mostly occur in sentences naming the topic', () => {
    const words = expand([
      'The grain shortage emptied the silos of the river provinces.',
      'Bakeries closed as the grain shortage reached the silos in the north.',
      'Millers blamed the shortage on empty silos and a dry winter.',
      'The silos were refilled by ships in March.', // names the story's word only
      'Football crowds filled the stadium on Sunday.',
      'The football final drew a record crowd.',
      'A football club bought grain for its horses.', // football once with the topic, twice without
    ]);
    expect(words).toContain('silo');
    expect(words).not.toContain('football');
    expect(words).not.toContain('grain');
  });

  it('adds nothing when no sentence names the topic, and at most the set number of words', () => {
    expect(expand(['Football crowds filled the stadium.', 'The final drew a record crowd.'])).toEqual([]);
    const many = Array.from(
      { length: 30 },
      (_, i) => `The grain shortage word${String.fromCharCode(97 + (i % 26))}x spread further.`,
    );
    expect(expand(many).length).toBeLessThanOrEqual(TOPIC_EXPANSION.words);
  });
});
