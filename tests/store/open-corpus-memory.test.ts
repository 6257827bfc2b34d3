import { rmSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreBacked } from '../../src/app/store-backed.ts';
import type { Article } from '../../src/corpus/types.ts';
import { seededRandom } from '../../src/util/random.ts';
import { fakeAnalyze, makeStoreCorpus, VERSIONS } from '../helpers/store-corpus.ts';

// A full collection on demand, to see which analyses are still held.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const STORY_COUNT = 640;

describe('a cold open through the article store', () => {
  it('lets go of each analysis once the engine has it, not at the end of the load', async () => {
    // Stories that share few words (near-duplicates would be understood once a group).
    const random = seededRandom(12);
    const syllables = ['ka', 'lo', 'mi', 'ren', 'tu', 'sa', 'vel', 'no', 'dri', 'pa', 'gom', 'ish'];
    const word = () => Array.from({ length: 3 }, () => syllables[Math.floor(random() * syllables.length)]).join('');
    const files: Record<string, string> = {};
    for (let i = 0; i < STORY_COUNT; i++)
      files[`story-${String(i).padStart(4, '0')}.txt`] =
        `Report ${i}\n\nAnna Berg met Karl Olsen. ${Array.from({ length: 40 }, word).join(' ')}.`;
    const c = makeStoreCorpus(files);
    made.push(c.base);
    const analyses: WeakRef<object>[] = [];
    let heldWhenIndexed: number | null = null;
    const backed = await openStoreBacked({
      corpusDir: c.corpusDir,
      dataDir: c.dataDir,
      versions: VERSIONS,
      redoStale: false,
      analyze: async (articles: Article[]) =>
        articles.map((a) => {
          const analysis = fakeAnalyze(a);
          analyses.push(new WeakRef(analysis));
          return analysis;
        }),
      // Called inside the open, once every article is indexed: what the open itself still holds.
      onProgress: (p) => {
        if (p.phase !== 'indexing' || p.done !== p.total || heldWhenIndexed !== null) return;
        collect();
        heldWhenIndexed = analyses.filter((r) => r.deref() !== undefined).length;
      },
    });
    expect(analyses).toHaveLength(STORY_COUNT);
    expect(backed.engine.articles()).toHaveLength(STORY_COUNT);
    // Held to the end, every one of them would be (gigabytes at 200,000 articles).
    expect(heldWhenIndexed).not.toBeNull();
    expect(heldWhenIndexed).toBeLessThan(STORY_COUNT / 10);
    await backed.close();
  });
});
