// `npm run eval -- extract ../shared/datasets/article-extraction`: scores article extraction on the ScrapingHub
// article-extraction benchmark's development half (the 91 pages in that folder; the other 90 are held out and absent).
// Metric as the benchmark's evaluate.py: 4-token shingles (\w+ tokens, case kept), per-page tp/fp/fn normalised by
// their sum; precision and recall are means over pages, F1 their harmonic mean.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { extractPage } from '../../src/extract/extract.ts';
import { extractHtml } from '../../src/corpus/html.ts';
import { cleanArticle } from '../../src/corpus/clean.ts';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { blockText } from '../../src/extract/block-text.ts';
import type { DomElement } from '../../src/extract/dom.ts';
import { shingleScores, summarise, type PageScore } from './shingles.ts';

interface Gold {
  articleBody: string;
  url: string;
}

type Extractor = (html: string, url: string) => string;

const EXTRACTORS: Record<string, Extractor> = {
  // The reference: Readability.js over linkedom as it comes, its article element as paragraphs.
  readability: (html) => {
    const content = new Readability(parseHTML(html).document as never, {
      serializer: (node) => node as unknown as DomElement,
    }).parse()?.content;
    return content ? blockText(content) : '';
  },
  extract: (html, url) => extractPage(html, { url }).text,
  'corpus-html': (html) => extractHtml(html).text,
  // What the corpus loader keeps of a page: the extraction, then its line-based furniture rules (clean.ts).
  'extract+clean': (html, url) => {
    const page = extractPage(html, { url });
    return cleanArticle({ text: page.text, title: page.title, source: page.source }).body;
  },
  'corpus-html+clean': (html) => {
    const page = extractHtml(html);
    return cleanArticle({ text: page.text, title: page.title, source: page.source }).body;
  },
};

export async function main(args: string[]): Promise<void> {
  const dir = args.find((a) => !a.startsWith('--')) ?? '../shared/datasets/article-extraction';
  const which = args.find((a) => a.startsWith('--extractor='))?.slice('--extractor='.length);
  const verbose = args.includes('--pages');
  if (!existsSync(join(dir, 'ground-truth.json'))) {
    console.log(`skipped: ${dir}/ground-truth.json is absent`);
    return;
  }
  const gold = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, Gold>;
  const ids = readdirSync(join(dir, 'html'))
    .filter((f) => f.endsWith('.html.gz'))
    .map((f) => f.slice(0, -'.html.gz'.length))
    .filter((id) => gold[id])
    .sort();
  const names = which ? [which] : Object.keys(EXTRACTORS);
  for (const name of names) {
    const extractor = EXTRACTORS[name];
    if (!extractor) throw new Error(`unknown extractor ${name}; one of ${Object.keys(EXTRACTORS).join(', ')}`);
    const scores: PageScore[] = [];
    const started = performance.now();
    for (const id of ids) {
      const html = gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('utf8');
      const predicted = extractor(html, gold[id].url);
      const score = shingleScores(gold[id].articleBody, predicted);
      scores.push(score);
      if (verbose)
        console.log(
          `${id.slice(0, 12)} p=${score.precision.toFixed(3)} r=${score.recall.toFixed(3)} ${gold[id].url.slice(0, 80)}`,
        );
    }
    const ms = performance.now() - started;
    const s = summarise(scores);
    console.log(
      `${name}: ${ids.length} pages  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  accuracy ${s.accuracy.toFixed(3)}  (${(ms / ids.length).toFixed(1)} ms/page)`,
    );
  }
}
