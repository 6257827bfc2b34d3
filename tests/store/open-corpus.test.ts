import { promises as fs, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openStoreBacked, type StoreBackedOptions } from '../../src/app/store-backed.ts';
import { SqliteArticleStore } from '../../src/store/articles/sqlite.ts';
import { log } from '../../src/util/log.ts';
import { countingAnalyzer, makeStoreCorpus, STORIES, VERSIONS } from '../helpers/store-corpus.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function corpus(files = STORIES) {
  const c = makeStoreCorpus(files);
  made.push(c.base);
  return c;
}

async function open(c: { corpusDir: string; dataDir: string }, extra: Partial<StoreBackedOptions> = {}) {
  const { counter, analyze } = countingAnalyzer();
  const backed = await openStoreBacked({
    corpusDir: c.corpusDir,
    dataDir: c.dataDir,
    analyze,
    versions: VERSIONS,
    redoStale: false,
    ...extra,
  });
  return { backed, counter, engine: backed.engine };
}

const titles = (engine: { articles(): { title: string }[] }) =>
  engine
    .articles()
    .map((a) => a.title)
    .sort();

describe('opening a corpus through the article store', () => {
  it('reads and understands everything once, then restarts from the store with the same answers and nothing read', async () => {
    const c = corpus();
    const first = await open(c);
    expect(first.counter.articles).toBe(3);
    expect(first.backed.opened).toMatchObject({
      files: { read: 3, unchanged: 0, gone: 0 },
      understood: 3,
      restoredIndexes: false,
    });
    const who = first.engine.findEntity('maria lopez');
    await first.backed.close();

    const second = await open(c);
    expect(second.counter.articles).toBe(0);
    expect(second.backed.opened).toMatchObject({
      files: { read: 0, unchanged: 3, gone: 0 },
      understood: 0,
      restoredIndexes: true,
    });
    expect(second.engine.findEntity('maria lopez')).toEqual(who);
    expect(second.engine.search('wheat', 5).map((h) => h.title)).toEqual(['Grain prices rise']);
    await second.backed.close();
  });

  it('while stopped: an added file is the only one understood, a changed one is understood again, a deleted one is gone', async () => {
    const c = corpus();
    await (await open(c)).backed.close();
    writeFileSync(
      path.join(c.corpusDir, 'ferry.txt'),
      'Ferry line opens\n\nAnna Berg opened a new ferry line between Tallinn and Helsinki.',
    );
    const added = await open(c);
    expect(added.counter.ids).toEqual(['ferry']);
    expect(added.engine.findEntity('anna berg').entity?.name).toBe('Anna Berg');
    expect(added.engine.findEntity('maria lopez').entity?.articles).toHaveLength(2);
    await added.backed.close();

    writeFileSync(
      path.join(c.corpusDir, 'grain.txt'),
      'Grain prices fall\n\nJohn Miller said wheat futures fell in Chicago.',
    );
    await fs.rm(path.join(c.corpusDir, 'council.txt'));
    const changed = await open(c);
    expect(changed.counter.ids).toEqual(['grain']);
    expect(changed.backed.opened.files).toEqual({ read: 1, unchanged: 2, gone: 1 });
    expect(titles(changed.engine)).toEqual(['Ferry line opens', 'Grain prices fall', 'Port strike ends']);
    expect(changed.engine.findEntity('erik haugen').entity).toBeNull();
    expect(changed.engine.findEntity('maria lopez').entity?.articles).toHaveLength(1);
    await changed.backed.close();
  });

  it('while stopped: files deleted and changed are taken out of the restored indexes, not built again, with the answers of a fresh load', async () => {
    const files = {
      ...STORIES,
      'ferry.txt': 'Ferry line opens\n\nAnna Berg opened a new ferry line between Tallinn and Helsinki.',
      'harbour.txt': 'Harbour expands\n\nMaria Lopez said the harbour of Valencia would grow. Anna Berg agreed.',
    };
    const c = corpus(files);
    await (await open(c)).backed.close();
    await fs.rm(path.join(c.corpusDir, 'council.txt'));
    writeFileSync(path.join(c.corpusDir, 'grain.txt'), 'Grain prices fall\n\nJohn Miller said wheat futures fell.');
    const after = await open(c);
    const engine = after.engine;
    expect(after.backed.opened).toMatchObject({ indexes: 'extended', understood: 1 });
    expect(after.counter.ids).toEqual(['grain']);
    await engine.settled();

    // A fresh load of the same folder, into a store of its own.
    const fresh = await open({ corpusDir: c.corpusDir, dataDir: `${c.dataDir}-fresh` });
    made.push(`${c.dataDir}-fresh`);
    expect(fresh.backed.opened.indexes).toBe('rebuilt');
    for (const name of ['maria lopez', 'anna berg', 'john miller', 'erik haugen'])
      expect(engine.findEntity(name).entity?.articles ?? null).toEqual(
        fresh.engine.findEntity(name).entity?.articles ?? null,
      );
    expect(titles(engine)).toEqual(titles(fresh.engine));
    expect(engine.search('wheat', 5).map((h) => h.title)).toEqual(['Grain prices fall']);
    await after.backed.close();
    await fresh.backed.close();
  });

  it('a file touched but not changed is read again but not understood again', async () => {
    const c = corpus();
    await (await open(c)).backed.close();
    utimesSync(path.join(c.corpusDir, 'port.txt'), new Date(), new Date(Date.now() + 5000));
    const touched = await open(c);
    expect(touched.backed.opened.files.read).toBe(1);
    expect(touched.counter.articles).toBe(0);
    await touched.backed.close();
  });

  it('restarts without reading any analysis, reads those an answer needs from the store, and reads a removed one as absent', async () => {
    const c = corpus();
    const first = await open(c);
    const who = first.engine.findEntity('maria lopez');
    await first.backed.close();

    const store = SqliteArticleStore.open({ dataDir: c.dataDir });
    const reads = vi.spyOn(store.lazyAnalyses, 'bytesOf');
    const second = await open(c, { articleStore: store });
    try {
      expect(second.backed.opened).toMatchObject({ understood: 0, restoredIndexes: true });
      expect(reads).not.toHaveBeenCalled();
      expect(second.engine.findEntity('maria lopez')).toEqual(who);
      expect(reads).toHaveBeenCalled();
      // The row leaves the store before the engine lets the article go (a file deleted while running): absent, not an error.
      await store.deleteFiles(['port.txt']);
      expect(second.engine.analyses.parse('port')).toBeUndefined();
      expect(second.engine.analyses.statementsOf('port')).toBeUndefined();
      expect(second.engine.analyses.parse('council')?.articleId).toBe('council');
    } finally {
      await second.backed.close();
      await store.close();
    }
  });

  it('answers from stale analyses (another analyzer version) and redoes them in the background, then holds the new ones', async () => {
    const c = corpus();
    await (await open(c)).backed.close();
    const bumped = { ...VERSIONS, analyzer: 'analyzer-2' };
    const stale = await open(c, { versions: bumped, redoStale: true });
    // It answers at once, from what it has.
    expect(stale.backed.opened.stale.sort()).toEqual(['council', 'grain', 'port']);
    expect(stale.engine.findEntity('maria lopez').entity?.name).toBe('Maria Lopez');
    await stale.backed.idle();
    expect(stale.counter.articles).toBe(3);
    const store = stale.backed.store;
    expect(await store.counts('analyzer-2')).toMatchObject({ articles: 3, analysed: 3 });
    expect(stale.engine.findEntity('maria lopez').entity?.articles).toHaveLength(2);
    await stale.backed.close();
    const again = await open(c, { versions: bumped });
    expect(again.backed.opened.stale).toEqual([]);
    expect(again.counter.articles).toBe(0);
    await again.backed.close();
  });

  it('survives a symlink loop without a fatal error or more articles, and warns about it once', async () => {
    const c = corpus();
    symlinkSync('.', path.join(c.corpusDir, 'loop'));
    const warnings: string[] = [];
    const original = log.warn.bind(log);
    log.warn = ((obj: { file?: string }, msg: string) => void warnings.push(`${obj.file}: ${msg}`)) as typeof log.warn;
    try {
      const opened = await open(c);
      expect(opened.engine.stats.articles).toBe(3);
      await opened.backed.close();
    } finally {
      log.warn = original;
    }
    expect(warnings.filter((w) => w.startsWith('loop'))).toHaveLength(1);
  });

  it('keeps a .txt and a .md of one name both, with the same ids on every open, and logs a bad file once', async () => {
    const c = corpus({
      'note.txt': 'Plain note\n\nKarl Weber wrote the plain note.',
      'note.md': '---\ntitle: Marked note\n---\nLena Fischer wrote the marked note.',
      'empty.txt': '',
    });
    const warnings: string[] = [];
    const original = log.warn.bind(log);
    log.warn = ((obj: { file?: string }, msg: string) => void warnings.push(`${obj.file}: ${msg}`)) as typeof log.warn;
    try {
      const first = await open(c);
      const ids = first.engine
        .articles()
        .map((a) => `${a.id} ${a.title}`)
        .sort();
      expect(ids).toEqual(['note Marked note', 'note.txt Plain note']);
      await first.backed.close();
      const second = await open(c);
      expect(
        second.engine
          .articles()
          .map((a) => `${a.id} ${a.title}`)
          .sort(),
      ).toEqual(ids);
      await second.backed.close();
    } finally {
      log.warn = original;
    }
    expect(warnings.filter((w) => w.startsWith('empty.txt'))).toHaveLength(1);
  });

  it('refuses a corpus folder that is not there rather than forgetting every file', async () => {
    const c = corpus();
    await (await open(c)).backed.close();
    const away = `${c.corpusDir}-away`;
    await fs.rename(c.corpusDir, away);
    await expect(open(c)).rejects.toThrow(/corpus folder not found/);
    await fs.rename(away, c.corpusDir);
    const back = await open(c);
    expect(back.backed.opened.files).toEqual({ read: 0, unchanged: 3, gone: 0 });
    await back.backed.close();
  });

  it('keeps the store consistent: an analysis of content that has since changed is not stored', async () => {
    const c = corpus();
    await (await open(c)).backed.close();
    const store = SqliteArticleStore.open({ dataDir: c.dataDir });
    const [file] = (await store.files()).filter((f) => f.path === 'port.txt');
    await store.putAnalyses([
      { articleId: 'port', contentHash: 'not-its-hash', version: 'x', counts: [0, 0], bytes: Buffer.from('{}') },
    ]);
    expect((await store.analysesOf(['port'])).get('port')?.version).toBe(VERSIONS.analyzer);
    await expect(
      store.putFiles([
        { file: { ...file, path: 'other.txt' }, articles: [{ ...(await firstArticle(store)), path: 'other.txt' }] },
      ]),
    ).rejects.toThrow(/already held/);
    await store.close();
  });
});

async function firstArticle(store: SqliteArticleStore) {
  for await (const batch of store.articles()) return batch[0].article;
  throw new Error('empty store');
}
