/** A page's own statements about its article: title, publication date, author, outlet, canonical URL. */
import type { DomDocument } from './dom.ts';
import { nestsDeeperThan } from '../corpus/json-depth.ts';
import { EXTRACT_LIMITS } from './limits.ts';

export interface PageMetadata {
  title: string | null;
  /** As written (normalised by the caller). */
  dates: string[];
  author: string | null;
  source: string | null;
  url: string | null;
}

interface LinkedData {
  headline: string | null;
  datePublished: string | null;
  author: string | null;
  publisher: string | null;
  url: string | null;
}

/** Where a publication date may be stated, most trusted first (after the feed's own date). */
const DATE_META = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="date"]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="parsely-pub-date"]',
  'meta[name="sailthru.date"]',
];
const AUTHOR_META = [
  'meta[name="author"]',
  'meta[property="article:author"]',
  'meta[name="parsely-author"]',
  'meta[name="sailthru.author"]',
  'meta[name="dc.creator"]',
];
const SOURCE_META = ['meta[property="og:site_name"]', 'meta[name="application-name"]', 'meta[name="publisher"]'];

export function readMetadata(doc: DomDocument): PageMetadata {
  const meta = (selectors: string[]): string | null => {
    for (const selector of selectors) {
      const value = collapse(doc.querySelector(selector)?.getAttribute('content') ?? '');
      if (value) return value;
    }
    return null;
  };
  const ld = readLinkedData(doc);
  const timeElement = doc.querySelector('article time[datetime]') ?? doc.querySelector('time[datetime]');
  const dates = [
    meta(DATE_META.slice(0, 3)),
    ld.datePublished,
    meta(DATE_META.slice(3)),
    timeElement?.getAttribute('datetime') ?? null,
  ].filter((d): d is string => !!d && !!d.trim());
  const metaAuthor = meta(AUTHOR_META);
  const author = ld.author ?? (metaAuthor && !/^https?:/i.test(metaAuthor) ? metaAuthor : null) ?? bylineElement(doc);
  const source = meta(SOURCE_META) ?? ld.publisher;
  const canonical =
    collapse(doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '') ||
    meta(['meta[property="og:url"]']) ||
    ld.url;
  const title = meta(['meta[property="og:title"]', 'meta[name="twitter:title"]']) ?? ld.headline;
  return { title, dates, author, source, url: canonical };
}

function bylineElement(doc: DomDocument): string | null {
  const el =
    doc.querySelector('[rel="author"]') ??
    doc.querySelector('[itemprop="author"] [itemprop="name"]') ??
    doc.querySelector('[itemprop="author"]');
  const text = collapse(el?.textContent?.slice(0, 200) ?? '').replace(/^by\s+/i, '');
  return text && text.length <= 80 ? text : null;
}

/** schema.org NewsArticle data (JSON-LD); broken JSON is ignored. */
function readLinkedData(doc: DomDocument): LinkedData {
  const found: LinkedData = { headline: null, datePublished: null, author: null, publisher: null, url: null };
  const scripts = [...doc.querySelectorAll('script[type="application/ld+json"]')].slice(
    0,
    EXTRACT_LIMITS.maxJsonLdScripts,
  );
  for (const script of scripts) {
    const raw = script.textContent ?? '';
    if (raw.length > EXTRACT_LIMITS.maxJsonLdChars || nestsDeeperThan(raw)) continue;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      continue;
    }
    for (const item of flattenGraph(data, 0)) {
      const type = String(item['@type'] ?? '');
      if (!/Article|Posting|Report|WebPage|BlogPosting/i.test(type)) continue;
      const isArticle = /Article|Posting|Report/i.test(type);
      found.headline ??= isArticle ? text(item.headline) : null;
      found.datePublished ??= text(item.datePublished);
      if (isArticle) {
        found.author ??= names(item.author);
        found.publisher ??= names(item.publisher);
        found.url ??= text(item.url) ?? text((item.mainEntityOfPage as Record<string, unknown> | undefined)?.['@id']);
      }
    }
  }
  return found;
}

/** Items of a JSON-LD document, with @graph members; bounded depth so hostile nesting costs nothing. */
function flattenGraph(data: unknown, depth: number): Record<string, unknown>[] {
  if (depth > 3) return [];
  if (Array.isArray(data)) return data.slice(0, 100).flatMap((d) => flattenGraph(d, depth + 1));
  if (!data || typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  return [record, ...(record['@graph'] ? flattenGraph(record['@graph'], depth + 1) : [])];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? collapse(value) : null;
}

/** "Jane Doe", {"name": "Jane Doe"} or a list of those -> "Jane Doe, John Roe". */
function names(value: unknown): string | null {
  const list = Array.isArray(value) ? value.slice(0, 10) : [value];
  const out = list
    .map((v) => text(v) ?? (v && typeof v === 'object' ? text((v as Record<string, unknown>).name) : null))
    .filter((v): v is string => !!v && !/^https?:/i.test(v));
  return out.length ? out.join(', ') : null;
}

export function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
