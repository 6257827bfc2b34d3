import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import { CorpusEngine } from '../../src/index/engine.ts';
import { openStoredCorpus } from '../../src/index/open-corpus.ts';
import { AnalysesAtHand } from '../../src/index/stored-analyses.ts';
import { SqliteArticleStore } from '../../src/store/articles/sqlite.ts';
import { seededRandom } from '../../src/util/random.ts';
import { fakeAnalyze, makeStoreCorpus, VERSIONS } from '../helpers/store-corpus.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const FIRST = 'Maria Erik Anna John Ilse Ottilie Piet Sofia Lars Nadia Omar Ingrid'.split(' ');
const LAST = 'Lopez Haugen Berg Miller Vandermeer Brandvold Jansen Costa Lund Haddad Farouk Dahl Moreau'.split(' ');

const WORDS =
  'harbour ferry cargo grain council minister strike talks border treaty election court budget tariff port rail bridge storm drought harvest bank loan bond market shares union wage pension school hospital'.split(
    ' ',
  );

/** More stories than the engine takes in one chunk (1,024), each naming two people of a small cast (seeded, distinct words). */
function manyStories(n: number): Record<string, string> {
  const random = seededRandom(7);
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 30 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
    const a = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    const b = `${FIRST[(i * 5 + 3) % FIRST.length]} ${LAST[(i * 3 + 1) % LAST.length]}`;
    files[`story-${String(i).padStart(5, '0')}.txt`] =
      `Story number ${i}\n\n${a} met ${b} in the harbour on a Monday. Marker${i} was the word of the day: ${words}.`;
  }
  return files;
}

function corpus(n: number) {
  const c = makeStoreCorpus(manyStories(n));
  made.push(c.base);
  return c;
}

/** Opens the corpus on a fresh engine; analyze understands what the store has no analysis of. */
type Analyze = (articles: Article[]) => Promise<ReturnType<typeof fakeAnalyze>[]>;

async function open(
  c: { corpusDir: string; dataDir: string },
  analyzeOn: (engine: CorpusEngine) => Analyze,
  memoryBytes?: number,
) {
  const store = SqliteArticleStore.open({ dataDir: c.dataDir });
  const atHand = new AnalysesAtHand(async (articles) => articles.map(fakeAnalyze));
  const engine = new CorpusEngine(atHand.analyze, { memoryBytes });
  const analyze = analyzeOn(engine);
  try {
    const opened = await openStoredCorpus({
      corpusDir: c.corpusDir,
      store,
      engine,
      atHand,
      analyze,
      versions: VERSIONS,
    });
    return { engine, opened };
  } finally {
    await store.close();
  }
}

/** The fake analyser, failing (as a killed load stops) once it has been given this many chunks. */
function failingAfter(chunks: number): () => Analyze {
  let calls = 0;
  return () => async (articles: Article[]) => {
    if (++calls > chunks) throw new Error('stopped');
    return articles.map(fakeAnalyze);
  };
}

const answers = (engine: CorpusEngine) => ({
  stats: engine.stats,
  people: FIRST.flatMap((f) => LAST.map((l) => engine.findEntity(`${f} ${l}`).entity)).map(
    (e) => e && { name: e.name, articles: e.articles.length },
  ),
});

describe('opening a corpus a load left part way', () => {
  it('indexes the stored analyses while the rest is understood, and answers as a load in one go does', async () => {
    const stories = 1100;
    const whole = corpus(stories);
    const oneGo = await open(whole, () => async (articles) => articles.map(fakeAnalyze));
    expect(oneGo.opened.understood).toBe(stories);

    const parted = corpus(stories);
    // 17 chunks of 64 committed (1,088 articles): more than the engine's first chunk of 1,024.
    await expect(open(parted, failingAfter(17))).rejects.toThrow('stopped');
    let indexedFirst = false;
    const resumed = await open(
      parted,
      (engine) => async (articles) => {
        // Understanding the rest waits until the engine has indexed what was stored: it must not wait for this.
        for (let turn = 0; turn < 10_000 && !indexedFirst; turn++) {
          indexedFirst = engine.analyses.placeOf('story-00005') !== undefined;
          if (!indexedFirst) await new Promise((resolve) => setImmediate(resolve));
        }
        return articles.map(fakeAnalyze);
        // The engine keeps 1 byte of analyses in memory: the stored ones are read back from its file as it indexes them.
      },
      1,
    );
    expect(indexedFirst).toBe(true);
    expect(resumed.opened.understood).toBe(stories - 17 * 64);
    expect(answers(resumed.engine)).toEqual(answers(oneGo.engine));
    expect(resumed.engine.search('Marker1099', 1)).toHaveLength(1);
  });
});
