import { beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/app/bot.ts';
import type { BotCore } from '../../src/app/types.ts';
import { isoSortKey } from '../../src/understanding/statements.ts';
import { article, CLI_INVOKER, INVENTED } from '../helpers/articles.ts';

/** The engine on a corpus of our own writing: resolution, roles, quotes, dates and figures as a careful reader sees them. */
let bot: BotCore;
beforeAll(async () => {
  bot = await createBot({ articles: INVENTED });
});

const ask = async (text: string) => (await bot.handleText(text, { ...CLI_INVOKER })).data as Record<string, any>;

describe('who', () => {
  it('joins full name, surname, title and a misspelling into one person, with her roles and words', async () => {
    const { entity } = await ask('/who haddad');
    expect(entity.name).toBe('Amira Haddad');
    expect(entity.type).toBe('person');
    expect(entity.aliases).toEqual(expect.arrayContaining(['Haddad', 'Amira Hadad']));
    expect(entity.descriptions.join(' | ')).toMatch(/Foreign Minister/);
    expect(entity.quotes[0].text).toMatch(/ready to sign a ceasefire/);
    expect(entity.firstSeen).toBe('2021-03-15');
    expect(entity.lastSeen).toBe('2021-03-22');
  });

  it('keeps a different person of the same surname apart', async () => {
    const { entity } = await ask('/who omar haddad');
    expect(entity.name).toBe('Omar Haddad');
    expect(entity.articles.map((a: { id: string }) => a.id)).toEqual(['kor-2']);
  });

  it('resolves an acronym the articles define, both ways', async () => {
    const byAcronym = await ask('/who nsf');
    const byName = await ask('/who national salvation front');
    expect(byAcronym.entity.id).toBe(byName.entity.id);
    expect(byAcronym.entity.name).toBe('National Salvation Front');
    expect(byAcronym.entity.aliases).toContain('NSF');
  });

  it('forgives typos and offers the closest names when nothing matches', async () => {
    expect((await ask('/who verhoven')).entity.name).toBe('Tomas Verhoeven');
    const none = await ask('/who zzqx');
    expect(none.entity).toBeNull();
  });
});

describe('timeline', () => {
  it('resolves relative dates against each article, in order, each cited', async () => {
    const { events } = await ask('/timeline port alden');
    const dated = events.map((e: any) => [e.date, e.articleId]);
    expect(dated).toContainEqual(['2021-03-13', 'kor-1']); // "on Saturday" in a Monday article
    expect(dated).toContainEqual(['2021-01', 'kor-1']); // "since January"
    const keys = events.map((e: any) => isoSortKey(e.date));
    expect([...keys].sort()).toEqual(keys);
    expect(events.some((e: any) => /Omar Haddad/.test(e.text))).toBe(false); // names neither Port Alden nor is it from an article about it
    for (const e of events) expect(e.text.length).toBeGreaterThan(10);
  });

  it('leaves relative dates of an undated article unresolved, last', async () => {
    const { events } = await ask('/timeline verhoeven');
    const undated = events.filter((e: any) => e.articleId === 'kor-3' && /Wednesday/.test(e.text));
    expect(undated[0]?.date ?? null).toBeNull();
    expect(events[events.length - 1].date).toBeNull();
  });

  it('filters by date range', async () => {
    const { events } = await ask('/timeline port alden from 2021-03');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.date >= '2021-03').toBe(true);
  });
});

describe('brief', () => {
  it('reports figures with their source and how they changed, and what comes next', async () => {
    const result = await bot.handleText('/brief', { ...CLI_INVOKER });
    const figures = result.briefing.sections.find((s) => s.heading === 'Key figures');
    expect(figures?.items.find((i) => i.label === 'Killed')?.text).toMatch(/120.*Red Crescent.*→.*135/);
    const coming = result.briefing.sections.find((s) => s.heading === 'Coming up');
    expect(coming?.items.some((i) => /Geneva next week/.test(i.text))).toBe(true);
    for (const s of result.briefing.sections) for (const i of s.items) expect(i.cites.length).toBeGreaterThan(0);
  });
});

describe('restoring from saved state', () => {
  it('answers searches and lookups the same from a loaded search index', async () => {
    const { CorpusEngine } = await import('../../src/index/engine.ts');
    const built = new CorpusEngine();
    await built.addArticles(INVENTED);
    const state = JSON.parse(JSON.stringify(built.exportIndexState()));
    const restored = new CorpusEngine();
    restored.restore(built.entries(), state);
    expect(restored.search('ceasefire', 5)).toEqual(built.search('ceasefire', 5));
    expect(restored.findEntity('haddad').entity?.name).toBe('Amira Haddad');
    for (const q of ['haddad', 'omar haddad', 'nsf', 'verhoven', 'port alden'])
      expect(restored.findEntity(q)).toEqual(built.findEntity(q));
    expect(restored.timeline('port alden')).toEqual(built.timeline('port alden'));
    // The restored resolver goes on resolving: a new article's surname joins the person already known.
    const { article } = await import('../helpers/articles.ts');
    await restored.addArticles([
      article(
        'kor-4',
        '2021-03-29',
        'Talks resume',
        'The mediators met rebel commander Verhoeven again on Monday, his aides said.',
      ),
    ]);
    expect(restored.findEntity('verhoeven').entity?.articles.map((a) => a.id)).toContain('kor-4');
  });

  const QUERIES = ['haddad', 'omar haddad', 'nsf', 'verhoven', 'port alden', 'amira', 'nobody at all'];

  async function builtAndState() {
    const { CorpusEngine } = await import('../../src/index/engine.ts');
    const built = new CorpusEngine();
    await built.addArticles(INVENTED);
    return {
      CorpusEngine,
      built,
      state: JSON.parse(JSON.stringify(built.exportIndexState())) as Record<string, unknown>[],
    };
  }

  it('restores the saved entity table: the same answers, suggestions and counts, without rebuilding it', async () => {
    const { CorpusEngine, built, state } = await builtAndState();
    expect(state.map((part) => Object.keys(part)[0])).toEqual([
      'search',
      'searchPool',
      'resolver',
      'resolverShapes',
      'resolverColumns',
      'resolverIndexes:byKey',
      'resolverIndexes:personsByFirst',
      'resolverIndexes:personsByLast',
      'resolverIndexes:surnameIndex',
      'resolverIndexes:acronyms',
      'resolverIndexes:loneSurnames',
      'resolverIndexes:loneOthers',
      'entities',
    ]);
    const restored = new CorpusEngine();
    restored.restore(built.entries(), state);
    expect(restored.stats).toEqual(built.stats);
    for (const q of QUERIES) expect(restored.findEntity(q)).toEqual(built.findEntity(q));
    expect(restored.suggestEntities('ha', 5)).toEqual(built.suggestEntities('ha', 5));
    expect(restored.brief({ topic: 'haddad' })).toEqual(built.brief({ topic: 'haddad' }));
  });

  it('saves the entity table in parts, restored in order, and rebuilds it when one of them is missing', async () => {
    const { CorpusEngine, built } = await builtAndState();
    const state = JSON.parse(JSON.stringify(built.exportIndexState(3))) as Record<string, unknown>[];
    const names = state.map((part) => Object.keys(part)[0]).filter((n) => n.startsWith('entities'));
    expect(names.length).toBe(Math.ceil(built.stats.entities / 3));
    expect(names.slice(0, 3)).toEqual(['entities', 'entities:001', 'entities:002']);
    const restored = new CorpusEngine();
    restored.restore(built.entries(), state);
    expect(restored.stats).toEqual(built.stats);
    for (const q of QUERIES) expect(restored.findEntity(q)).toEqual(built.findEntity(q));
    expect(restored.suggestEntities('ha', 5)).toEqual(built.suggestEntities('ha', 5));
    const gap = new CorpusEngine();
    gap.restore(
      built.entries(),
      state.filter((part) => !('entities:001' in part)),
    );
    expect(gap.stats).toEqual(built.stats);
    for (const q of QUERIES) expect(gap.findEntity(q)).toEqual(built.findEntity(q));
  });

  it('rebuilds the entity table, the resolution or the search index when its saved part does not fit', async () => {
    const { CorpusEngine, built, state } = await builtAndState();
    const without = (name: string, replacement: unknown) =>
      state.map((part) => (name in part ? { [name]: replacement } : part));
    const resolver = state.find((part) => 'resolver' in part)!.resolver as { runs: [string, number][] };
    const spoilt = [
      without('entities', (state.find((part) => 'entities' in part)!.entities as unknown[]).slice(1)),
      without('entities', 'not a table'),
      without('resolver', { ...resolver, runs: resolver.runs.map(([id, n]) => [id, n + 1]) }),
      without('resolverColumns', 'AAAA'),
      state.filter((part) => !('resolverIndexes:surnameIndex' in part)),
      without('resolverIndexes:byKey', 'not an index'),
      without('search', { serializationVersion: 99 }),
      without('searchPool', 'AAAA'),
    ];
    for (const parts of spoilt) {
      const restored = new CorpusEngine();
      restored.restore(built.entries(), parts);
      expect(restored.stats).toEqual(built.stats);
      for (const q of QUERIES) expect(restored.findEntity(q)).toEqual(built.findEntity(q));
      expect(restored.search('ceasefire', 5)).toEqual(built.search('ceasefire', 5));
      // Placement indexes read late and found unreadable are worked out again: new names still find known people.
      await restored.addArticles([
        article('kor-9', '2021-03-30', 'Talks', 'Rebel commander Verhoeven spoke again on Tuesday.'),
      ]);
      expect(restored.findEntity('verhoeven').entity?.articles.map((a) => a.id)).toContain('kor-9');
    }
  });

  it('fills the restored placement indexes in the background, or at once when a name comes first: the same resolution', async () => {
    const { CorpusEngine, built, state } = await builtAndState();
    const { TimeSlices } = await import('../../src/util/time-slices.ts');
    const later = [
      article(
        'kor-9',
        '2021-03-30',
        'Talks',
        'Rebel commander Verhoeven met Amira Haddad and Lena Sorensen on Tuesday.',
      ),
    ];
    const restored = () => {
      const engine = new CorpusEngine();
      engine.restore(built.entries(), state);
      return engine;
    };
    const resolverOf = (engine: InstanceType<typeof CorpusEngine>) => (engine as unknown as { resolver: any }).resolver;
    const onDemand = restored();
    const warmed = restored();
    await warmed.warmUp();
    expect(resolverOf(warmed).pendingIndexes).toBeNull();
    expect(resolverOf(warmed).exportIndexes()).toEqual(resolverOf(onDemand).exportIndexes());
    // Interrupted: the background fill has yielded once, the indexes are then filled on demand; it stops.
    const interrupted = restored();
    const filling = resolverOf(interrupted).fillIndexesInBackground(new TimeSlices(0));
    resolverOf(interrupted).fillPendingIndexes();
    await filling;
    expect(resolverOf(interrupted).exportIndexes()).toEqual(resolverOf(onDemand).exportIndexes());
    for (const engine of [onDemand, warmed, interrupted]) await engine.addArticles(later);
    for (const q of [...QUERIES, 'verhoeven', 'sorensen']) {
      expect(warmed.findEntity(q)).toEqual(onDemand.findEntity(q));
      expect(interrupted.findEntity(q)).toEqual(onDemand.findEntity(q));
    }
  });

  it('loads a saved search index in the background, or at once when asked first', async () => {
    const { CorpusEngine, built, state } = await builtAndState();
    const warmed = new CorpusEngine();
    warmed.restore(built.entries(), state);
    await warmed.warmUp();
    expect(warmed.search('ceasefire talks', 5)).toEqual(built.search('ceasefire talks', 5));
    const asked = new CorpusEngine();
    asked.restore(built.entries(), state);
    const warming = asked.warmUp();
    expect(asked.search('ceasefire talks', 5)).toEqual(built.search('ceasefire talks', 5));
    await warming;
    expect(asked.search('geneva', 5)).toEqual(built.search('geneva', 5));
  });
});

describe('a name in more articles than a profile reads', () => {
  it('takes its roles from the newest articles and still counts and lists every one', async () => {
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const stories = Array.from({ length: 1010 }, (_, n) => {
      const role = n < 10 ? 'the deputy clerk' : 'the port director';
      return article(
        `port-${n}`,
        day(n),
        `Harbour report ${n}`,
        `Tobias Wrenfield, ${role} of Castrel Port, said ${n} ships docked on ${day(n)}.`,
      );
    });
    const big = await createBot({ articles: stories });
    const answer = await big.handleText('/who tobias wrenfield', { ...CLI_INVOKER });
    const { entity } = answer.data as Record<string, any>;
    expect(entity.name).toBe('Tobias Wrenfield');
    expect(entity.articles).toHaveLength(1010);
    // In chat: the newest fifty, and how many earlier ones there are.
    const listed = answer.briefing.sections.find((s) => s.heading === 'Articles')!;
    expect(listed.items).toHaveLength(50);
    expect(listed.items[49].cites).toEqual(['port-1009']);
    expect(listed.omitted).toBe(960);
    expect(entity.firstSeen).toBe(day(0));
    expect(entity.descriptions.join(' | ')).toMatch(/port director of Castrel Port/);
    // The ten oldest stories, the only ones to call him a clerk, are past the newest few hundred a profile reads.
    expect(entity.descriptions.join(' | ')).not.toMatch(/clerk/);
  }, 60_000);

  it('gives a timeline of the newest articles when a name is in very many', async () => {
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const stories = Array.from({ length: 1005 }, (_, n) =>
      article(
        `mill-${n}`,
        day(n),
        `Mill report ${n}`,
        `Greta Holmqvist opened mill number ${n} in Varnby on ${day(n)}, officials said.`,
      ),
    );
    const big = await createBot({ articles: stories });
    const { events } = (await big.handleText('/timeline greta holmqvist', { ...CLI_INVOKER })).data as {
      events: { articleId: string; date: string }[];
    };
    const ids = new Set(events.map((e) => e.articleId));
    expect(ids.size).toBe(1000);
    expect(ids.has('mill-1004')).toBe(true);
    expect(ids.has('mill-4')).toBe(false);
    expect(events[0].date <= events[events.length - 1].date).toBe(true);
  }, 60_000);
});

describe('stats', () => {
  it('follows articles as they come and go (kept between changes, not summed per call)', async () => {
    const { CorpusEngine } = await import('../../src/index/engine.ts');
    const fresh = async (articles: typeof INVENTED) => {
      const engine = new CorpusEngine();
      await engine.addArticles(articles);
      return engine.stats;
    };
    const engine = new CorpusEngine();
    await engine.addArticles(INVENTED.slice(0, 2));
    expect(engine.stats).toEqual(await fresh(INVENTED.slice(0, 2)));
    await engine.addArticles(INVENTED.slice(2));
    expect(engine.stats.events).toBe((await fresh(INVENTED)).events);
    engine.removeArticles([INVENTED[0].id]);
    expect(engine.stats.events).toBe((await fresh(INVENTED.slice(1))).events);
    expect(engine.stats.articles).toBe(INVENTED.length - 1);
  });
});
