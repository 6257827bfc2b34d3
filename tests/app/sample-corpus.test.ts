import { beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/app/bot.ts';
import type { BotCore } from '../../src/app/types.ts';
import { CLI_INVOKER } from '../helpers/articles.ts';

/** The examples the engine issue names, on the five bundled articles (corpus/). */
let bot: BotCore;
beforeAll(async () => {
  bot = await createBot({ corpusDir: 'corpus' });
});

const ask = async (text: string) => (await bot.handleText(text, { ...CLI_INVOKER })).data as Record<string, any>;

describe('one entity per referent on the sample corpus', () => {
  it.each(['haftar', 'Khalifa Haftar', 'General Haftar', 'Field Marshal Khalifa Haftar', 'hafta'])(
    '"%s" is Khalifa Haftar',
    async (q) => {
      expect((await ask(`/who ${q}`)).entity.name).toBe('Khalifa Haftar');
    },
  );

  it.each(['Fayez al-Sarraj', 'sarraj', 'al-Sarraj', 'Fayez Al Sarraj', 'Fayez al-Serraj', 'serraj'])(
    '"%s" is Fayez al-Sarraj',
    async (q) => {
      expect((await ask(`/who ${q}`)).entity.name).toBe('Fayez al-Sarraj');
    },
  );

  it.each(['macron', 'marcon'])('"%s" is Emmanuel Macron', async (q) => {
    expect((await ask(`/who ${q}`)).entity.name).toBe('Emmanuel Macron');
  });

  it('joins acronyms to the bodies they stand for', async () => {
    expect((await ask('/who GNA')).entity.name).toBe('Government of National Accord');
    expect((await ask('/who LNA')).entity.name).toBe('Libyan National Army');
  });

  it('gathers every article and alias of Haftar', async () => {
    const { entity } = await ask('/who haftar');
    expect(entity.type).toBe('person');
    expect(entity.articles).toHaveLength(5);
    expect(entity.aliases).toEqual(expect.arrayContaining(['Haftar', 'Khalifa Hafta']));
    expect(entity.firstSeen).toBe('2019-05-27');
    expect(entity.lastSeen).toBe('2023-06-01');
  });
});

describe('roles and quotes on the sample corpus', () => {
  it('gives each person the roles the articles give them', async () => {
    const roles = async (q: string) => (await ask(`/who ${q}`)).entity.descriptions.join(' | ');
    expect(await roles('haftar')).toMatch(/Libyan National Army commander/);
    expect(await roles('conte')).toMatch(/Italian Prime Minister/);
    expect(await roles('cutajar')).toMatch(/Permanent Secretary at the Ministry of Foreign and European Affairs/);
  });

  it('attributes quotes to their speakers', async () => {
    const conte = await ask('/who conte');
    expect(conte.entity.quotes.map((q: any) => q.text).join(' ')).toMatch(/fairly long meeting/);
    const haftar = await ask('/who haftar');
    expect(haftar.entity.quotes.map((q: any) => q.text).join(' ')).toMatch(/political solution is the objective/);
  });
});

describe('timeline on the sample corpus', () => {
  it('dates Malta events as a careful reader does, in order, each cited', async () => {
    const { events } = await ask('/timeline malta');
    const byText = (re: RegExp) => events.find((e: any) => re.test(e.text));
    expect(byText(/216 migrants/)?.date).toBe('2019-05-25'); // "on Saturday" in a Monday 27 May 2019 article
    expect(byText(/last in Malta in January/)?.date).toBe('2019-01');
    const keys = events.map((e: any) => e.date ?? '~');
    expect([...keys].sort()).toEqual(keys);
    for (const e of events) expect(e.articleId).toMatch(/^00\d_/);
  });
});
