import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Article } from '../../src/corpus/types.ts';
import type { CorpusVersions } from '../../src/store/articles/versions.ts';
import type { ArticleAnalysis } from '../../src/understanding/analysis-types.ts';

/** A tiny stand-in analyser (two capitalised words make a person), so these tests neither wait for nor depend on the NER. */
export function fakeAnalyze(article: Pick<Article, 'id' | 'body'>): ArticleAnalysis {
  const names = [...new Set([...article.body.matchAll(/\b[A-Z][a-z]+ [A-Z][a-z]+\b/g)].map((m) => m[0]))];
  return {
    articleId: article.id,
    tokens: article.body.split(/\s+/).length,
    lead: 0,
    leadSpan: { start: 0, end: article.body.length },
    entities: names.map((name, local) => ({
      local,
      type: 'person',
      name,
      forms: [name],
      mentions: 1,
      sentences: [0],
      descriptors: [],
    })),
    statements: [],
    quotes: [],
    figures: [],
  };
}

/** The fake analyser, counting the articles it is given. */
export function countingAnalyzer() {
  const counter = { articles: 0, ids: [] as string[] };
  const analyze = async (articles: Article[]) => {
    counter.articles += articles.length;
    counter.ids.push(...articles.map((a) => a.id));
    return articles.map(fakeAnalyze);
  };
  return { counter, analyze };
}

export const VERSIONS: CorpusVersions = { reader: 'reader-1', analyzer: 'analyzer-1', index: 'index-1' };

/** Stories of our own, one .txt file each: "title\n\nbody". */
export const STORIES: Record<string, string> = {
  'port.txt':
    'Port strike ends\n\nMaria Lopez, the mayor of Valencia, said the port strike was over. Dock workers returned on Monday.',
  'council.txt':
    'Council meets in Oslo\n\nErik Haugen resigned from the Nordic Shipping Council. Maria Lopez welcomed the decision.',
  'grain.txt':
    'Grain prices rise\n\nWheat futures rose sharply in Chicago as traders weighed a smaller harvest in Argentina.',
};

/** A fresh corpus folder of these files, and a data folder beside it. */
export function makeStoreCorpus(files: Record<string, string> = STORIES): {
  corpusDir: string;
  dataDir: string;
  base: string;
} {
  const base = mkdtempSync(path.join(os.tmpdir(), 'briefbot-store-'));
  const corpusDir = path.join(base, 'corpus');
  mkdirSync(corpusDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(corpusDir, name), text);
  return { corpusDir, dataDir: path.join(base, 'data'), base };
}
