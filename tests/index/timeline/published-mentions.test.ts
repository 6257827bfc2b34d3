import { describe, expect, it } from 'vitest';
import { createBot } from '../../../src/app/bot.ts';
import type { LocalEntity } from '../../../src/understanding/analysis-types.ts';
import { firstMentionStatement } from '../../../src/index/timeline/published-mentions.ts';
import type { TimelineEvent } from '../../../src/index/types.ts';
import { CLI_INVOKER } from '../../helpers/articles.ts';

const entity = (local: number, sentences: number[]): LocalEntity => ({
  local,
  type: 'person',
  name: 'x',
  forms: [],
  mentions: sentences.length,
  sentences,
  descriptors: [],
});

describe('first sentence naming a topic', () => {
  const body =
    'Harbour works began. In recent months the mayor Ida Brenner has argued for a second quay at the old port. Brenner spoke again.';

  it('is the first sentence long enough that names one of its entities, with no date of its own', () => {
    const s = firstMentionStatement(body, [entity(0, [1, 2]), entity(1, [0])], new Set([0]));
    expect(s).toMatchObject({ sentence: 1, date: null, explicit: false });
    expect(s!.text).toMatch(/^In recent months the mayor Ida Brenner/);
  });

  it('is nothing when no sentence names it', () => {
    expect(firstMentionStatement(body, [entity(1, [0])], new Set([0]))).toBeNull();
  });
});

describe('/timeline haftar on the sample corpus', () => {
  it('has at least three dated events, the last the June 2023 meeting in Benghazi', async () => {
    const bot = await createBot({ corpusDir: 'corpus' });
    const events = (await bot.handleText('/timeline haftar', { ...CLI_INVOKER })).data.events as TimelineEvent[];
    const dated = events.filter((e) => e.date);
    expect(dated.length).toBeGreaterThanOrEqual(3);
    expect(dated.at(-1)!.date).toBe('2023-06-01');
    expect(dated.at(-1)!.text).toMatch(/Benghazi/);
    expect(dated.some((e) => e.dateFrom === 'published' && e.date === '2019-05-27')).toBe(true);
  });
});
