/** An HTML page -> the story's text and metadata (title, date, outlet, url), before the furniture rules run. */
import { parse, NodeType, type HTMLElement, type Node } from 'node-html-parser';

export interface HtmlExtract {
  title: string | null;
  text: string;
  /** As written in the page's metadata; normalised by the caller. */
  date: string | null;
  source: string | null;
  url: string | null;
}

/** Never part of a story. */
const DROPPED_TAGS = 'script, style, noscript, template, iframe, svg, canvas, nav, header, footer, aside, form, button, select, input, textarea, figure, figcaption, menu, dialog';
/** Widgets by role, class or id: menus, share bars, related links, comments, ads, cookie banners. */
const WIDGET = /(?:^|[\s_-])(?:menu|nav|navbar|navigation|breadcrumbs?|share|sharing|social|related|comments?|newsletter|promo|advert|ads?|sponsored|cookie|consent|subscribe|paywall|sidebar|footer|masthead|toolbar|popup|modal|tags)(?:$|[\s_-])/i;
const STORY_CONTAINER = /(?:^|[\s_-])(?:content|body|story|article|post|entry|text)(?:$|[\s_-])/i;
const WIDGET_ROLES = new Set(['navigation', 'menu', 'menubar', 'banner', 'contentinfo', 'complementary', 'search', 'dialog']);
const BLOCK_TAGS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE',
  'TABLE', 'TR', 'TD', 'TH', 'DL', 'DT', 'DD', 'BR', 'HR', 'ADDRESS', 'CENTER', 'BODY',
]);

export function extractHtml(html: string): HtmlExtract {
  const root = parse(html, { comment: false, blockTextElements: { script: true, style: false, noscript: false, pre: true } });
  const linkedData = readLinkedData(root);
  const meta = (selector: string) => root.querySelector(selector)?.getAttribute('content')?.trim() || null;
  const source = meta('meta[property="og:site_name"]') ?? linkedData.publisher ?? meta('meta[name="application-name"]');
  const title = pageTitle(root, meta('meta[property="og:title"]') ?? linkedData.headline, source);
  const date = meta('meta[property="article:published_time"]') ?? meta('meta[name="article:published_time"]')
    ?? meta('meta[itemprop="datePublished"]') ?? linkedData.datePublished
    ?? meta('meta[name="date"]') ?? meta('meta[name="pubdate"]') ?? meta('meta[name="publish-date"]')
    ?? meta('meta[name="dc.date"]') ?? meta('meta[name="DC.date.issued"]') ?? timeDatetime(root);
  const url = root.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || meta('meta[property="og:url"]');
  removeFurniture(root);
  const text = blockText(storyRoot(root));
  return { title, text, date, source, url };
}

interface LinkedData {
  headline: string | null;
  datePublished: string | null;
  publisher: string | null;
}

/** schema.org NewsArticle data (JSON-LD), common on news sites; broken JSON is simply ignored. */
function readLinkedData(root: HTMLElement): LinkedData {
  const found: LinkedData = { headline: null, datePublished: null, publisher: null };
  for (const script of root.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.rawText);
    } catch {
      continue;
    }
    for (const item of flattenGraph(data)) {
      if (!/Article|Posting|Report/i.test(String(item['@type'] ?? ''))) continue;
      found.headline ??= stringOrNull(item.headline);
      found.datePublished ??= stringOrNull(item.datePublished);
      const publisher = item.publisher as Record<string, unknown> | undefined;
      found.publisher ??= stringOrNull(publisher?.name);
    }
  }
  return found;
}

function flattenGraph(data: unknown): Record<string, unknown>[] {
  if (Array.isArray(data)) return data.flatMap(flattenGraph);
  if (!data || typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  return [record, ...(Array.isArray(record['@graph']) ? flattenGraph(record['@graph']) : [])];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** og:title, else <title> without the " | Site" suffix, else the first <h1>. */
function pageTitle(root: HTMLElement, metaTitle: string | null, source: string | null): string | null {
  if (metaTitle) return collapse(metaTitle);
  const raw = collapse(root.querySelector('title')?.text ?? '');
  if (raw) return withoutSiteSuffix(raw, source);
  const h1 = collapse(root.querySelector('h1')?.text ?? '');
  return h1 || null;
}

function withoutSiteSuffix(title: string, source: string | null): string {
  const parts = title.split(/\s+[|–—-]\s+/);
  if (parts.length < 2) return title;
  const last = parts[parts.length - 1];
  const isSite = (source && last.toLowerCase() === source.toLowerCase()) || last.split(' ').length <= 4;
  return isSite ? parts.slice(0, -1).join(' - ') : title;
}

function timeDatetime(root: HTMLElement): string | null {
  const time = root.querySelector('article time[datetime]') ?? root.querySelector('time[datetime]');
  return time?.getAttribute('datetime')?.trim() || null;
}

function removeFurniture(root: HTMLElement): void {
  for (const el of root.querySelectorAll(DROPPED_TAGS)) el.remove();
  for (const el of root.querySelectorAll('[class], [id], [role], [hidden], [aria-hidden]')) {
    if (isWidget(el)) el.remove();
  }
}

function isWidget(el: HTMLElement): boolean {
  if (el.tagName === 'ARTICLE' || el.tagName === 'MAIN' || el.tagName === 'BODY') return false;
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  if (WIDGET_ROLES.has((el.getAttribute('role') ?? '').toLowerCase())) return true;
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  // "story-body share-enabled" is the story, not a share bar; comment threads stay furniture whatever they say.
  if (STORY_CONTAINER.test(names) && !/comment/i.test(names)) return false;
  return WIDGET.test(names);
}

/** <article> (the longest if several), else <main>, else the element holding the most paragraph text. */
function storyRoot(root: HTMLElement): HTMLElement {
  const articles = root.querySelectorAll('article');
  if (articles.length) return longest(articles);
  const main = root.querySelector('main') ?? root.querySelector('[role="main"]');
  if (main) return main;
  const scores = new Map<HTMLElement, number>();
  for (const p of root.querySelectorAll('p')) {
    const parent = p.parentNode as HTMLElement | null;
    if (parent) scores.set(parent, (scores.get(parent) ?? 0) + collapse(p.text).length);
  }
  let best: HTMLElement | null = null;
  for (const [el, score] of scores) if (!best || score > scores.get(best)!) best = el;
  return best ?? root.querySelector('body') ?? root;
}

function longest(elements: HTMLElement[]): HTMLElement {
  return elements.reduce((a, b) => (collapse(b.text).length > collapse(a.text).length ? b : a));
}

/** Text with a line break around every block element, so the line-based furniture rules can run on it. */
function blockText(el: HTMLElement): string {
  const out: string[] = [];
  // An explicit stack rather than recursion: hostile pages nest elements deeper than the call stack allows.
  const stack: (Node | typeof BLOCK_END)[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (node === BLOCK_END) {
      out.push('\n\n');
      continue;
    }
    if (node.nodeType === NodeType.TEXT_NODE) {
      out.push(node.text.replace(/\s+/g, ' '));
      continue;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) continue;
    const element = node as HTMLElement;
    if (BLOCK_TAGS.has(element.tagName)) {
      out.push('\n\n');
      stack.push(BLOCK_END);
    }
    for (let i = element.childNodes.length - 1; i >= 0; i--) stack.push(element.childNodes[i]);
  }
  return out.join('').split('\n').map((l) => l.trim()).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

const BLOCK_END = Symbol('block end');

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Tags in a JSON field's text ("<p>...</p>"): such a body is read as HTML. */
export function looksLikeHtml(text: string): boolean {
  return /<(?:p|div|br|article|span|a|em|strong|h[1-6]|li)\b[^>]*>/i.test(text);
}

/** A fragment of HTML (a field's body) -> its text. */
export function htmlFragmentText(html: string): string {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  removeFurniture(root);
  return blockText(root);
}
