/**
 * Articles leaving a running engine (issue 12): answered at once without them, the entity resolution built afresh in
 * the background in slices, and, once settled, every answer the same as an engine built afresh over what is left.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import type { CorpusEngine } from '../../src/index/engine.ts';
import { entityTable } from '../../src/index/entity-table.ts';
import { resolveInSlices } from '../../src/index/resolve-afresh.ts';
import { EntityResolver } from '../../src/index/entity-resolver.ts';
import { seededRandom } from '../../src/util/random.ts';
import { TimeSlices } from '../../src/util/time-slices.ts';
import { answersOf, builtAfresh, memoAnalyzer, randomStories, type Answers } from '../helpers/live-corpus.ts';
import { article } from '../helpers/articles.ts';
import { CorpusEngine as Engine } from '../../src/index/engine.ts';

const analyze = memoAnalyzer();

const held = (engine: CorpusEngine): Article[] => [...engine.store.values()].map((s) => s.article);

/** No answer cites an article the engine no longer holds, and every entity still has an article. */
function expectOnlyHeld(answers: Answers, engine: CorpusEngine): void {
  const ids = new Set(engine.store.keys());
  for (const e of answers.entities) {
    expect(e.articles.length, e.name).toBeGreaterThan(0);
    for (const id of e.articles) expect(ids.has(id), `${e.name} cites ${id}`).toBe(true);
  }
  for (const [name, found] of Object.entries(answers.who))
    for (const id of found?.articles ?? []) expect(ids.has(id), `/who ${name} cites ${id}`).toBe(true);
  expect([...answers.newest].sort()).toEqual([...ids].filter((id) => engine.store.get(id)!.counts).sort());
  expect([...answers.dateOrder].sort()).toEqual([...ids].sort());
}

describe('removing articles from a running engine', () => {
  for (const seed of [1, 2, 3]) {
    it(`random adds, changes and removals (seed ${seed}): without them at once, as a fresh build once settled`, async () => {
      const random = seededRandom(seed);
      const pool = randomStories(random, 40, `s${seed}-`);
      const engine = new Engine(analyze);
      await engine.addArticles(pool.slice(0, 12));
      let next = 12;
      answersOf(engine); // the orders and the entity table are built, so that what follows updates them
      let removals = 0;
      for (let step = 0; step < 14; step++) {
        const roll = random();
        const ids = [...engine.store.keys()];
        if (roll < 0.4 && next < pool.length) {
          const batch = pool.slice(next, next + 1 + Math.floor(random() * 3));
          next += batch.length;
          await engine.addArticles(batch);
          expectOnlyHeld(answersOf(engine), engine);
          continue;
        }
        if (roll < 0.55 && ids.length) {
          // A changed article: the same id, new content (addArticles takes the old one out first).
          const id = ids[Math.floor(random() * ids.length)];
          const [story] = randomStories(random, 1, 'changed-');
          await engine.addArticles([{ ...story, id, path: `${id}.txt`, groupId: id }]);
        } else if (ids.length > 1) {
          const gone = ids.filter(() => random() < 0.2).slice(0, 3);
          engine.removeArticles(gone.length ? gone : [ids[0]]);
        }
        removals++;
        // At once: nothing cites what left.
        expectOnlyHeld(answersOf(engine), engine);
        await engine.settled();
        expect(engine.resolver.removedNodes).toBe(0);
        const fresh = await builtAfresh(held(engine), analyze);
        expect(answersOf(engine)).toEqual(answersOf(fresh));
      }
      expect(removals).toBeGreaterThan(3);
    });
  }

  it('adds and removals while the resolution is built afresh are replayed on it; a removal starts another', async () => {
    const random = seededRandom(42);
    const pool = randomStories(random, 30, 'c-');
    const engine = new Engine(analyze);
    await engine.addArticles(pool.slice(0, 20));
    answersOf(engine);
    engine.removeArticles(['c-3']);
    // Each of these lands while the first background resolution runs.
    const adding = engine.addArticles(pool.slice(20, 24));
    engine.removeArticles(['c-7', 'c-12']);
    await adding;
    await engine.addArticles(pool.slice(24, 27));
    expectOnlyHeld(answersOf(engine), engine);
    await engine.settled();
    expect(engine.resolver.removedNodes).toBe(0);
    expectOnlyHeld(answersOf(engine), engine);
    for (const id of ['c-3', 'c-7', 'c-12']) expect(engine.store.has(id)).toBe(false);
    for (const a of pool.slice(20, 27)) expect(engine.store.has(a.id)).toBe(true);
    // Once a removal settles with nothing else going on, the answers are a fresh build's.
    engine.removeArticles(['c-0']);
    await engine.settled();
    expect(answersOf(engine)).toEqual(answersOf(await builtAfresh(held(engine), analyze)));
  });

  it('the article alone naming a person: the person goes at once; the index state is saved only once settled', async () => {
    const engine = new Engine(analyze);
    await engine.addArticles([
      article('a1', '2021-03-10', 'Talks', 'Amira Haddad met Tomas Verhoeven in Port Alden on Monday.'),
      article(
        'a2',
        '2021-03-11',
        'Grain',
        'Marta Lindqvist of the Northern Grain Board (NGB) said the harvest was late.',
      ),
    ]);
    expect(engine.findEntity('Marta Lindqvist').entity?.articles.map((a) => a.id)).toEqual(['a2']);
    engine.removeArticles(['a2']);
    expect(engine.findEntity('Marta Lindqvist').entity?.name).not.toBe('Marta Lindqvist');
    expect(engine.findEntity('Amira Haddad').entity?.articles.map((a) => a.id)).toEqual(['a1']);
    expect(engine.exportIndexState()).toEqual([]);
    await engine.settled();
    expect(engine.exportIndexState().length).toBeGreaterThan(0);
  });
});

describe('resolveInSlices', () => {
  it('yields to the event loop between slices and builds what a resolution in one go builds', async () => {
    const stories = randomStories(seededRandom(7), 25, 'y-');
    const analyses = analyze(stories);
    const byId = new Map(analyses.map((a) => [a.articleId, a]));
    const slices = new TimeSlices(0);
    let ranMeanwhile = false;
    setImmediate(() => (ranMeanwhile = true));
    const built = await resolveInSlices(
      stories.map((s) => s.id),
      { analysis: (id) => byId.get(id) },
      slices,
    );
    expect(ranMeanwhile).toBe(true);
    expect(slices.yields).toBeGreaterThan(stories.length);

    const oneGo = new EntityResolver();
    oneGo.addAnalyses(analyses);
    const table = entityTable({ resolver: oneGo, table: null } as unknown as CorpusEngine);
    const records = (t: typeof table) =>
      [...t.byRoot.values()].map(({ root, slug, name, aliases, members, mentions }) => ({
        root,
        slug,
        name,
        aliases,
        members,
        mentions,
      }));
    expect(records(built.table)).toEqual(records(table));
  });
});

describe('removing a near-duplicate', () => {
  it('is no longer cited among the outlets of its story', async () => {
    const engine = new Engine(analyze);
    const story = 'Amira Haddad met Tomas Verhoeven in Port Alden on Monday.';
    const copy = { ...article('dup', '2021-03-10', 'Talks', story, 'Other Wire'), groupId: 'orig' };
    await engine.addArticles([article('orig', '2021-03-10', 'Talks', story, 'Test Wire'), copy]);
    expect(engine.article('orig')?.alsoIn).toEqual(['dup']);
    engine.removeArticles(['dup']);
    expect(engine.article('orig')?.alsoIn).toEqual([]);
    expect(engine.articles().map((a) => a.id)).toEqual(['orig']);
  });
});
