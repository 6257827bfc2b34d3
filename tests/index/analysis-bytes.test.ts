import { readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { AnalysisStore, readPlace } from '../../src/index/analysis-bytes.ts';
import { CorpusEngine } from '../../src/index/engine.ts';
import type { ArticleAnalysis } from '../../src/understanding/analysis-types.ts';
import { INVENTED } from '../helpers/articles.ts';

function analysis(id: string, lead = 0): ArticleAnalysis {
  return {
    articleId: id,
    tokens: 12,
    lead,
    leadSpan: { start: 0, end: 10 },
    entities: [
      {
        local: 0,
        type: 'person',
        name: 'Ines Moreau',
        forms: ['Ines Moreau', 'Moreau'],
        mentions: 2,
        sentences: [0, 1],
        descriptors: ['the mayor'],
      },
    ],
    statements: [],
    quotes: [],
    figures: [],
  };
}

const spillFiles = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith('briefbot-analyses-'));

describe('analysis store', () => {
  it('gives back what it was given, from memory or from its temporary file, and leaves no file behind', () => {
    const before = spillFiles();
    const inMemory = new AnalysisStore();
    const inFile = new AnalysisStore({ memoryBytes: 0 });
    for (const n of [1, 2, 3]) {
      inMemory.put(analysis(`a${n}`, n));
      inFile.put(analysis(`a${n}`, n));
    }
    expect(Buffer.isBuffer(inMemory.placeOf('a2'))).toBe(true);
    expect(Buffer.isBuffer(inFile.placeOf('a2'))).toBe(false);
    for (const n of [1, 2, 3]) {
      expect(inMemory.get(`a${n}`)).toEqual(analysis(`a${n}`, n));
      expect(inFile.get(`a${n}`)).toEqual(analysis(`a${n}`, n));
      expect(JSON.parse(readPlace(inFile.placeOf(`a${n}`)!).toString('utf8'))).toEqual(analysis(`a${n}`, n));
    }
    expect(inFile.get('missing')).toBeUndefined();
    expect(spillFiles()).toEqual(before);
  });

  it('moves what it holds to a file once past its memory limit', () => {
    const store = new AnalysisStore({ memoryBytes: 600 });
    store.put(analysis('a1'));
    expect(Buffer.isBuffer(store.placeOf('a1'))).toBe(true);
    for (let n = 2; n <= 4; n++) store.put(analysis(`a${n}`));
    expect([1, 2, 3, 4].map((n) => Buffer.isBuffer(store.placeOf(`a${n}`)))).toEqual([false, false, false, false]);
    expect(store.get('a1')).toEqual(analysis('a1'));
  });

  it('keeps only the most recently used analyses parsed', () => {
    const store = new AnalysisStore({ cacheSize: 2 });
    for (const id of ['a', 'b', 'c']) store.put(analysis(id));
    const a = store.get('a');
    expect(store.get('a')).toBe(a);
    store.get('b');
    store.get('a'); // a is the most recent again
    store.get('c'); // b is dropped
    expect(store.get('a')).toBe(a);
    const b = store.get('b');
    expect(b).toEqual(analysis('b'));
    store.get('c');
    expect(store.get('a')).not.toBe(a); // dropped for b and c, parsed again
    expect(store.parse('c')).not.toBe(store.get('c'));
  });

  it("parses an article's statements alone, whatever their text holds", () => {
    const statement = {
      sentence: 1,
      text: 'He wrote "statements":[1] on the board.',
      date: '2021-03-13',
      precision: 'day' as const,
      explicit: true,
      upcoming: false,
      entities: [0],
    };
    const withStatements = { ...analysis('s'), statements: [statement] };
    const store = new AnalysisStore({ memoryBytes: 0 });
    store.put(withStatements);
    expect(store.statementsOf('s')).toEqual([statement]);
    const { statements: _, ...head } = withStatements;
    expect(store.withoutStatements('s')).toEqual(head);
    expect(store.withoutStatements('s')).not.toHaveProperty('statements');
    // Bytes written some other way (statements first) are read whole.
    const { statements, ...rest } = withStatements;
    store.adopt('t', Buffer.from(JSON.stringify({ statements, ...rest })));
    expect(store.statementsOf('t')).toEqual([statement]);
    expect(store.withoutStatements('t')).toMatchObject(rest);
    expect(store.get('t')).toEqual(withStatements);
    expect(store.statementsOf('missing')).toBeUndefined();
  });

  it('forgets a deleted or replaced analysis', () => {
    const store = new AnalysisStore({ memoryBytes: 0 });
    store.put(analysis('a', 1));
    expect(store.get('a')?.lead).toBe(1);
    store.put(analysis('a', 2));
    expect(store.get('a')?.lead).toBe(2);
    store.delete('a');
    expect(store.get('a')).toBeUndefined();
    expect(store.placeOf('a')).toBeUndefined();
  });
});

describe('an engine whose analyses are on disk and barely cached', () => {
  it('answers as one holding them in memory', async () => {
    const inMemory = new CorpusEngine();
    const onDisk = new CorpusEngine(undefined, { memoryBytes: 0, cacheSize: 1 });
    await inMemory.addArticles(INVENTED);
    await onDisk.addArticles(INVENTED);
    expect(onDisk.stats).toEqual(inMemory.stats);
    for (const q of ['haddad', 'omar haddad', 'nsf', 'port alden']) {
      expect(onDisk.findEntity(q)).toEqual(inMemory.findEntity(q));
      expect(onDisk.timeline(q)).toEqual(inMemory.timeline(q));
    }
    expect(onDisk.brief({})).toEqual(inMemory.brief({}));
  });
});
