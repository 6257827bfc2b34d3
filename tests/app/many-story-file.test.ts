import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreBacked } from '../../src/app/store-backed.ts';
import { loadFile, makeIdsUnique } from '../../src/corpus/load.ts';
import { CorpusEngine } from '../../src/index/engine.ts';
import { TimeSlices } from '../../src/util/time-slices.ts';
import { seededRandom } from '../../src/util/random.ts';
import { randomStories } from '../helpers/live-corpus.ts';
import { makeStoreCorpus, STORIES, VERSIONS } from '../helpers/store-corpus.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A file of hundreds of stories arriving while the service runs: read and understood in the file thread (the real
 * analyser), handed over as bytes and taken by the store and the engine a slice at a time. Its answers are those of
 * the same articles added in one go; ids repeated in the file, or held by another file, make way as they always did.
 */
describe('a file of many stories arriving while running', () => {
  it('is taken in slices with the answers of taking it in one go', async () => {
    const c = makeStoreCorpus(STORIES);
    made.push(c.base);
    const backed = await openStoreBacked({
      corpusDir: c.corpusDir,
      dataDir: c.dataDir,
      versions: VERSIONS,
      redoStale: false,
    });
    const before = backed.engine.articles().map((a) => a.id);
    const stories = randomStories(seededRandom(15), 300);
    const records = stories.map((s, i) => ({
      id: i === 7 ? 's1' : i === 9 ? before[0] : s.id,
      title: s.title,
      date: s.date,
      text: s.body,
    }));
    const file = path.join(c.corpusDir, 'many.json');
    writeFileSync(file, JSON.stringify(records));
    backed.watching();
    const change = await backed.syncFile(file);
    expect(change.articles).toHaveLength(300);

    // The same file as the loader reads it, ids made unique as before, added in one go after the same stories.
    const whole = new CorpusEngine();
    const first = await Promise.all(
      Object.keys(STORIES)
        .sort()
        .map(async (name) => (await loadFile(path.join(c.corpusDir, name), c.corpusDir)).articles),
    );
    await whole.addArticles(first.flat(), new TimeSlices(Infinity));
    const read = (await loadFile(file, c.corpusDir)).articles;
    makeIdsUnique(read, new Set(before));
    expect(change.articles.map((a) => a.id)).toEqual(read.map((a) => a.id));
    expect(new Set(read.map((a) => a.id)).size).toBe(300);
    await whole.addArticles(read, new TimeSlices(Infinity));

    expect(backed.engine.stats).toEqual(whole.stats);
    expect(JSON.stringify(backed.engine.exportIndexState())).toBe(JSON.stringify(whole.exportIndexState()));
    for (const name of ['haddad', 'amira haddad', 'lna', 'maria lopez'])
      expect(backed.engine.findEntity(name)).toEqual(whole.findEntity(name));
    expect(backed.engine.timeline('haftar')).toEqual(whole.timeline('haftar'));
    await backed.close();

    // And the store holds all of it: a restart reads nothing again and answers the same.
    const again = await openStoreBacked({
      corpusDir: c.corpusDir,
      dataDir: c.dataDir,
      versions: VERSIONS,
      redoStale: false,
    });
    expect(again.opened.files.read).toBe(0);
    expect(again.engine.stats).toEqual(whole.stats);
    expect(again.engine.findEntity('amira haddad')).toEqual(whole.findEntity('amira haddad'));
    await again.close();
  }, 120_000);
});
