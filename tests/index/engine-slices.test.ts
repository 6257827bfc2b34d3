import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { CorpusEngine } from '../../src/index/engine.ts';
import { TimeSlices } from '../../src/util/time-slices.ts';
import { INVENTED } from '../helpers/articles.ts';
import { turnsDuring } from '../helpers/event-loop.ts';

const SAMPLE = path.join(import.meta.dirname, '..', '..', 'corpus');

/** Everything the engine answers from: the search index, the resolution and the entity table, as saved. */
const indexes = (engine: CorpusEngine) => JSON.stringify(engine.exportIndexState());

describe('adding a batch in slices', () => {
  it('yields to the event loop between articles and answers exactly as adding it in one go', async () => {
    const articles = [...(await loadCorpus(SAMPLE)).articles, ...INVENTED];
    const whole = new CorpusEngine();
    const never = new TimeSlices(Infinity);
    await whole.addArticles(structuredClone(articles), never);
    expect(never.yields).toBe(0);

    const sliced = new CorpusEngine();
    const always = new TimeSlices(0);
    const turns = await turnsDuring(() => sliced.addArticles(structuredClone(articles), always));
    // At least a yield per article (search index, then names), and the loop turned at each.
    expect(always.yields).toBeGreaterThanOrEqual(2 * articles.length);
    expect(turns).toBeGreaterThanOrEqual(always.yields);

    expect(whole.findEntity('amira haddad').entity?.name).toBe('Amira Haddad');
    expect(indexes(whole).length).toBeGreaterThan(10_000);
    expect(indexes(sliced)).toBe(indexes(whole));
    expect(sliced.stats).toEqual(whole.stats);
    for (const name of ['haftar', 'sarraj', 'amira haddad', 'haddad'])
      expect(sliced.findEntity(name)).toEqual(whole.findEntity(name));
    expect(sliced.timeline('malta')).toEqual(whole.timeline('malta'));
    expect(sliced.search('ceasefire', 10)).toEqual(whole.search('ceasefire', 10));
  }, 60_000);

  it('removes a batch in slices, yielding between articles, as removeArticles does in one go', async () => {
    const articles = [...(await loadCorpus(SAMPLE)).articles, ...INVENTED];
    const gone = INVENTED.map((a) => a.id);
    const whole = new CorpusEngine();
    await whole.addArticles(structuredClone(articles));
    whole.removeArticles(gone);
    await whole.settled();
    const sliced = new CorpusEngine();
    await sliced.addArticles(structuredClone(articles));
    const always = new TimeSlices(0);
    const turns = await turnsDuring(() => sliced.removeArticlesInSlices(gone, always));
    await sliced.settled();
    expect(always.yields).toBe(gone.length);
    expect(turns).toBeGreaterThanOrEqual(gone.length);
    expect(sliced.stats).toEqual(whole.stats);
    expect(sliced.findEntity('amira haddad')).toEqual(whole.findEntity('amira haddad'));
    expect(sliced.findEntity('haftar')).toEqual(whole.findEntity('haftar'));
    expect(indexes(sliced)).toBe(indexes(whole));
  }, 60_000);
});
