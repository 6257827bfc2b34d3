import { beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/app/bot.ts';
import type { BotCore } from '../../../src/app/types.ts';
import type { TimelineEvent } from '../../../src/index/types.ts';
import { article, CLI_INVOKER } from '../../helpers/articles.ts';

/** A phrase topic of our own writing: a grain shortage, told by articles that name no person or body in most sentences. */
const ARTICLES = [
  article(
    'g1',
    '2023-02-01',
    'Bread prices climb',
    'Bread prices climbed again in the northern towns as the grain shortage deepened after a dry winter. Millers said stocks would last a month.',
  ),
  article(
    'g2',
    '2023-02-14',
    'Grain shortage: silos empty',
    'The grain shortage emptied the last public silos in the river provinces, leaving bakeries without flour. Queues formed before dawn outside the shops.',
  ),
  article(
    'g3',
    '2023-02-14',
    'Silos run dry',
    'Public silos ran dry across the river provinces as the grain shortage left bakeries without flour for the first time. Shops closed early.',
  ),
  article(
    'g4',
    '2023-02-15',
    'Flour queues grow',
    'Queues for flour grew longer a day after the silos ran out, with the grain shortage now felt in every town. Prices doubled overnight.',
  ),
  article(
    'g5',
    '2023-03-20',
    'Rationing ends',
    'Looking back on 14 February 2023, when the silos ran out in the river provinces, traders said the grain shortage was over. Ships carrying wheat reached the port this week.',
  ),
  article(
    'g6',
    '2023-03-21',
    'Harbour reopens',
    'Grain ships docked at the reopened harbour as the long shortage eased in the river provinces. Officials said the shortage that began when the silos emptied on 14 February 2023 had ended.',
  ),
  article(
    'other',
    '2023-02-20',
    'Football final',
    'The home side won the football final in extra time before a record crowd at the national stadium.',
  ),
];

let bot: BotCore;
beforeAll(async () => {
  bot = await createBot({ articles: ARTICLES });
});

const timeline = async (args: Record<string, string>) =>
  (await bot.run('timeline', args, { ...CLI_INVOKER })).data.events as TimelineEvent[];

describe('summarised timeline of a phrase topic', () => {
  it('finds the articles about the phrase and keeps the day most published and referred back to', async () => {
    const events = await timeline({ topic: 'grain shortage', dates: '1', sentences: '1' });
    expect(events).toHaveLength(1);
    expect(events[0].date).toBe('2023-02-14');
    expect(events[0].text).toMatch(/silos/);
    expect(['g2', 'g3', 'g5', 'g6']).toContain(events[0].articleId);
  });

  it('gives at most N dates with at most K sentences each, in chronological order, none repeated', async () => {
    const events = await timeline({ topic: 'grain shortage', dates: '3', sentences: '2' });
    const days = [...new Set(events.map((e) => e.date))];
    expect(days.length).toBeLessThanOrEqual(3);
    expect(days).toEqual([...days].sort());
    for (const d of days) expect(events.filter((e) => e.date === d).length).toBeLessThanOrEqual(2);
    expect(new Set(events.map((e) => e.text)).size).toBe(events.length);
    expect(events.some((e) => e.articleId === 'other')).toBe(false);
  });

  it('marks events dated by the article’s publication and by a date in the sentence', async () => {
    const events = await timeline({ topic: 'grain shortage', dates: '10', sentences: '3' });
    const published = events.find((e) => e.date === '2023-02-01')!;
    expect(published.dateFrom).toBe('published');
    const referred = events.filter((e) => e.dateFrom === 'text');
    expect(referred.every((e) => e.date === '2023-02-14')).toBe(true);
  });

  it('keeps to the range asked for', async () => {
    const events = await timeline({ topic: 'grain shortage', from: '2023-03', dates: '5', sentences: '1' });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.date! >= '2023-03')).toBe(true);
    expect(events[0].text).toMatch(/Grain ships docked/);
  });

  it('refuses a count that is not a whole number', async () => {
    const result = await bot.run('timeline', { topic: 'grain shortage', dates: 'lots' }, { ...CLI_INVOKER });
    expect(result.data.error).toBe('usage');
  });
});

describe('key dates of a listed timeline', () => {
  it('opens a chat answer about many dates with the key ones, and keeps every event after them', async () => {
    const what = [
      'pickets blocked',
      'owners refused',
      'unions marched',
      'tourists waited',
      'judges ruled',
      'ministers urged',
      'bakers cheered',
      'pilots joined',
      'sailors voted',
      'mayors pleaded',
      'students rallied',
      'farmers complained',
      'nurses backed',
      'bishops prayed',
      'police watched',
      'traders lost',
    ];
    const where = [
      'Calder',
      'Brennick',
      'Osgood',
      'Tarrow',
      'Velling',
      'Marsh Quay',
      'Dunmore',
      'Ashcombe',
      'Rellin',
      'Stowe',
      'Harwick',
      'Lome Point',
      'Carrow',
      'Fenby',
      'Idris Bay',
      'Kelso',
    ];
    const many = Array.from({ length: 16 }, (_, i) => {
      const day = String(i + 1).padStart(2, '0');
      const extra = i === 4 ? 3 : 1; // 5 May is told by three articles
      return Array.from({ length: extra }, (_, j) =>
        article(
          `m${day}-${j}`,
          `2023-05-${day}`,
          `Ferry news ${day}`,
          `In the ferry strike, ${what[i]} at ${where[i]} on ${i + 1} May 2023${j ? `, reporter ${j} wrote` : ''}.`,
        ),
      );
    }).flat();
    const chat = await createBot({ articles: many });
    const result = await chat.run('timeline', { topic: 'ferry strike' }, { ...CLI_INVOKER });
    const sections = result.briefing.sections;
    expect(sections.map((s) => s.heading)).toEqual(['Key dates (12 of 16)', 'All events']);
    expect(sections[0].items.some((i) => /5 May 2023/.test(i.label ?? ''))).toBe(true);
    expect(sections[1].items.length).toBe((result.data.events as TimelineEvent[]).length);
  });
});

describe('sentences about the topic', () => {
  it('leaves out a lead that does not name the topic, from an article that does', async () => {
    const side = await createBot({
      articles: [
        article(
          's1',
          '2023-06-02',
          'Harbour news',
          'Fishing boats stayed in port all week because of high winds along the coast. The salt tax protest drew thousands to the harbour square on Friday.',
        ),
        article(
          's2',
          '2023-06-02',
          'Protest grows',
          'The salt tax protest spread to three more towns as traders closed their shops for the day.',
        ),
      ],
    });
    const events = (await side.run('timeline', { topic: 'salt tax', dates: '3', sentences: '3' }, { ...CLI_INVOKER }))
      .data.events as TimelineEvent[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => /salt tax/.test(e.text))).toBe(true);
  });
});
