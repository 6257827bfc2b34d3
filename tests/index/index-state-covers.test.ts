import { describe, expect, it } from 'vitest';
import { CorpusEngine } from '../../src/index/engine.ts';
import { indexStateOf } from '../../src/index/index-state.ts';
import { TimeSlices } from '../../src/util/time-slices.ts';
import { article, INVENTED } from '../helpers/articles.ts';
import { turnsDuring } from '../helpers/event-loop.ts';

describe('the covered articles of a save, listed a slice at a time', () => {
  it('are those listed in one go, the loop turning between them; a change meanwhile makes the save give up', async () => {
    const engine = new CorpusEngine();
    await engine.addArticles(structuredClone(INVENTED));
    const whole = await indexStateOf(engine, 'v', new TimeSlices(Infinity));
    const always = new TimeSlices(0);
    let sliced = whole;
    const turns = await turnsDuring(async () => (sliced = await indexStateOf(engine, 'v', always)));
    expect(always.yields).toBe(INVENTED.length);
    expect(turns).toBeGreaterThanOrEqual(INVENTED.length);
    expect(sliced.covers).toEqual(whole.covers);
    expect(sliced.covers.map((c) => c.id)).toEqual([...engine.store.keys()]);
    expect(sliced.unchanged!()).toBe(true);

    const listing = indexStateOf(engine, 'v', new TimeSlices(0));
    await engine.addArticles([article('late', '2020-01-02', 'Late', 'Amira Haddad spoke late.')]);
    expect((await listing).unchanged!()).toBe(false);
  });
});
