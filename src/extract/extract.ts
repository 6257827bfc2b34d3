/**
 * A web page -> its article: Mozilla's Readability over a linkedom DOM for the story, the page's metadata for
 * date, author and outlet, and bounds that keep hostile pages linear (see limits.ts and scan.ts).
 */
import { createRequire } from 'node:module';
import { parseDateText } from '../corpus/dates.ts';
import type { DomDocument, DomElement } from './dom.ts';
import { blockText } from './block-text.ts';
import { EXTRACT_LIMITS } from './limits.ts';
import { collapse, readMetadata, type PageMetadata } from './metadata.ts';
import { pruneParagraphs, removeFurniture, removeLinkBlocks } from './prune.ts';
import { scanPage } from './html-scan.ts';
import type { ExtractOptions, PageArticle } from './types.ts';

// linkedom and Readability load on the first page, not with the module: every CLI start and corpus load imports
// this file, and most never see HTML (about 0.5 s of CPU saved per start).
const require = createRequire(import.meta.url);
type DomLibraries = {
  parseHTML: typeof import('linkedom').parseHTML;
  Readability: typeof import('@mozilla/readability').Readability;
};
let libraries: DomLibraries | null = null;
function domLibraries(): DomLibraries {
  return (libraries ??= {
    parseHTML: require('linkedom').parseHTML,
    Readability: require('@mozilla/readability').Readability,
  });
}

export function extractPage(html: string, options: ExtractOptions = {}): PageArticle {
  const page = html.length > EXTRACT_LIMITS.maxHtmlChars ? html.slice(0, EXTRACT_LIMITS.maxHtmlChars) : html;
  const shape = scanPage(page);
  if (shape.elements > EXTRACT_LIMITS.maxElements || shape.maxDepth > EXTRACT_LIMITS.maxDepth) {
    return finish(
      { title: null, dates: [], author: null, source: null, url: null },
      shape.paragraphs.join('\n\n'),
      null,
      options,
    );
  }
  // linkedom needs a whole document: a fragment (or nothing) is wrapped in one.
  const whole = /<html[\s>]/i.test(page) ? page : `<!doctype html><html><head></head><body>${page}</body></html>`;
  let metadata: PageMetadata = { title: null, dates: [], author: null, source: null, url: null };
  let text = '';
  let readableTitle: string | null = null;
  let byline: string | null = null;
  try {
    const { parseHTML, Readability } = domLibraries();
    const document = parseHTML(whole).document as unknown as DomDocument;
    metadata = readMetadata(document);
    readableTitle = collapse(document.querySelector('title')?.textContent ?? '') || null;
    removeFurniture(document.body ?? document.documentElement);
    const result = new Readability(document as never, {
      serializer: (node) => node as unknown as DomElement,
      charThreshold: 300,
    }).parse();
    if (result?.content) {
      removeLinkBlocks(result.content);
      text = pruneParagraphs(blockText(result.content));
    }
    if (result?.title) readableTitle = collapse(result.title);
    byline = result?.byline ? collapse(result.byline) : null;
  } catch {
    // A page the DOM path cannot take: the tokenizer's paragraphs below.
    text = '';
  }
  if (!text) text = shape.paragraphs.join('\n\n');
  return finish({ ...metadata, author: metadata.author ?? byline }, text, readableTitle, options);
}

function finish(meta: PageMetadata, text: string, fallbackTitle: string | null, options: ExtractOptions): PageArticle {
  const date =
    [options.feedDate ?? null, ...meta.dates].map((d) => (d ? parseDateText(d) : null)).find((d) => d) ?? null;
  const url = absoluteUrl(meta.url, options.url ?? null) ?? options.url ?? null;
  const source = meta.source ?? hostOf(url);
  return {
    title: withoutSiteName(meta.title ?? fallbackTitle ?? '', source),
    text,
    date,
    author: meta.author ? clip(meta.author, 200) : null,
    source,
    url,
  };
}

/** "Budget passed | The Courier" -> "Budget passed" when the part after the separator is the outlet's name. */
function withoutSiteName(title: string, source: string | null): string {
  if (!source) return title;
  const cut = Math.max(
    title.lastIndexOf(' | '),
    title.lastIndexOf(' - '),
    title.lastIndexOf(' – '),
    title.lastIndexOf(' — '),
  );
  if (cut <= 0) return title;
  return title
    .slice(cut + 3)
    .trim()
    .toLowerCase() === source.toLowerCase()
    ? title.slice(0, cut).trim()
    : title;
}

function absoluteUrl(href: string | null, base: string | null): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base ?? undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}
