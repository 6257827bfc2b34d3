/**
 * An HTML page -> the story's text and metadata (title, date, outlet, url), before the furniture rules run.
 *
 * parse5 (the WHATWG parsing algorithm) builds the tree: it stays linear on hostile pages, where node-html-parser
 * took 55 s on 50,000 unclosed <div> and overflowed the stack on 10,000 nested ones, and htmlparser2 is quadratic
 * in the depth of open elements (docs/hardening.md). Everything after parsing walks the tree with explicit stacks,
 * never recursion, and each element is visited a bounded number of times.
 */
import { parse, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { tidyLines } from '../util/tidy-lines.ts';
import { nestsDeeperThan } from './json-depth.ts';

type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type Node = DefaultTreeAdapterTypes.Node;

export interface HtmlExtract {
  title: string | null;
  text: string;
  /** As written in the page's metadata; normalised by the caller. */
  date: string | null;
  source: string | null;
  url: string | null;
}

/** Never part of a story. */
const DROPPED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'canvas',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'input',
  'textarea',
  'figure',
  'figcaption',
  'menu',
  'dialog',
]);
/** Widgets by role, class or id: menus, share bars, related links, comments, ads, cookie banners. */
const WIDGET =
  /(?:^|[\s_-])(?:menu|nav|navbar|navigation|breadcrumbs?|share|sharing|social|related|comments?|newsletter|promo|advert|ads?|sponsored|cookie|consent|subscribe|paywall|sidebar|footer|masthead|toolbar|popup|modal|tags)(?:$|[\s_-])/i;
const STORY_CONTAINER = /(?:^|[\s_-])(?:content|body|story|article|post|entry|text)(?:$|[\s_-])/i;
const WIDGET_ROLES = new Set([
  'navigation',
  'menu',
  'menubar',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'dialog',
]);
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'table',
  'tr',
  'td',
  'th',
  'dl',
  'dt',
  'dd',
  'br',
  'hr',
  'address',
  'center',
  'body',
]);

export function extractHtml(html: string): HtmlExtract {
  const page = walk(parse(html));
  const linkedData = readLinkedData(page);
  const meta = (attribute: string, value: string) => metaContent(page, attribute, value);
  const source = meta('property', 'og:site_name') ?? linkedData.publisher ?? meta('name', 'application-name');
  const title = pageTitle(page, meta('property', 'og:title') ?? linkedData.headline, source);
  const date =
    meta('property', 'article:published_time') ??
    meta('name', 'article:published_time') ??
    meta('itemprop', 'datePublished') ??
    linkedData.datePublished ??
    meta('name', 'date') ??
    meta('name', 'pubdate') ??
    meta('name', 'publish-date') ??
    meta('name', 'dc.date') ??
    meta('name', 'DC.date.issued') ??
    timeDatetime(page);
  const canonical = page.elements.find(
    ({ el }) => el.tagName === 'link' && attr(el, 'rel') === 'canonical' && attr(el, 'href') !== null,
  );
  const url = attr(canonical?.el, 'href')?.trim() || meta('property', 'og:url');
  const text = blockText(storyRoot(page), page.dropped);
  return { title, text, date, source, url };
}

/** A fragment of HTML (a field's body) -> its text. */
export function htmlFragmentText(html: string): string {
  const fragment = parseFragment(html);
  return blockText(fragment, walk(fragment).dropped);
}

/** Tags in a JSON field's text ("<p>...</p>"): such a body is read as HTML. */
export function looksLikeHtml(text: string): boolean {
  return /<(?:p|div|br|article|span|a|em|strong|h[1-6]|li)\b[^>]*>/i.test(text);
}

interface Visited {
  el: Element;
  /** Furniture itself or inside furniture. */
  dropped: boolean;
  insideArticle: boolean;
}

interface Page {
  root: ParentNode;
  /** Every element in document order. */
  elements: Visited[];
  /** Elements that are furniture, or inside furniture. */
  dropped: Set<Element>;
}

/** One walk in document order with an explicit stack (hostile pages nest deeper than the call stack allows). */
function walk(root: ParentNode): Page {
  const elements: Visited[] = [];
  const dropped = new Set<Element>();
  const stack: { node: Node; dropped: boolean; insideArticle: boolean }[] = [
    { node: root, dropped: false, insideArticle: false },
  ];
  while (stack.length) {
    const { node, dropped: parentDropped, insideArticle: parentInside } = stack.pop()!;
    let state = { dropped: parentDropped, insideArticle: parentInside };
    if (isElement(node)) {
      state = {
        dropped: parentDropped || isFurniture(node),
        insideArticle: parentInside || node.tagName === 'article',
      };
      elements.push({ el: node, dropped: state.dropped, insideArticle: parentInside });
      if (state.dropped) dropped.add(node);
    }
    const children = 'childNodes' in node ? node.childNodes : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], ...state });
  }
  return { root, elements, dropped };
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function attr(el: Element | undefined, name: string): string | null {
  if (!el) return null;
  for (const a of el.attrs) if (a.name === name) return a.value;
  return null;
}

/** The trimmed content of the first <meta ATTRIBUTE="VALUE" content="..."> with content. */
function metaContent(page: Page, attribute: string, value: string): string | null {
  const wanted = value.toLowerCase();
  for (const { el } of page.elements) {
    if (el.tagName !== 'meta' || attr(el, attribute)?.toLowerCase() !== wanted) continue;
    const content = attr(el, 'content')?.trim();
    if (content) return content;
  }
  return null;
}

/** Text of an element's subtree (scripts' JSON, titles), without recursion. */
function textOf(el: Element): string {
  const out: string[] = [];
  const stack: Node[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeName === '#text') out.push((node as DefaultTreeAdapterTypes.TextNode).value);
    const children = 'childNodes' in node ? node.childNodes : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out.join('');
}

interface LinkedData {
  headline: string | null;
  datePublished: string | null;
  publisher: string | null;
}

/** schema.org NewsArticle data (JSON-LD), common on news sites; broken JSON is simply ignored. */
function readLinkedData(page: Page): LinkedData {
  const found: LinkedData = { headline: null, datePublished: null, publisher: null };
  for (const { el } of page.elements) {
    if (el.tagName !== 'script' || attr(el, 'type') !== 'application/ld+json') continue;
    const json = textOf(el);
    if (nestsDeeperThan(json)) continue;
    let data: unknown;
    try {
      data = JSON.parse(json);
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

/** The items of a JSON-LD value and of its "@graph" lists, without recursion (the JSON may nest deeply). */
function flattenGraph(data: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const stack: unknown[] = [data];
  while (stack.length) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    } else if (item && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      out.push(record);
      if (Array.isArray(record['@graph'])) stack.push(record['@graph']);
    }
  }
  return out;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** og:title, else <title> without the " | Site" suffix, else the first <h1>. */
function pageTitle(page: Page, metaTitle: string | null, source: string | null): string | null {
  if (metaTitle) return collapse(metaTitle);
  const first = (name: string) => page.elements.find(({ el }) => el.tagName === name)?.el;
  const titleElement = first('title');
  const raw = collapse(titleElement ? textOf(titleElement) : '');
  if (raw) return withoutSiteSuffix(raw, source);
  const h1 = first('h1');
  return collapse(h1 ? textOf(h1) : '') || null;
}

function withoutSiteSuffix(title: string, source: string | null): string {
  // eslint-disable-next-line regexp/no-super-linear-move -- linear: the title was collapsed to single spaces (collapse), so each `\s+` takes one character
  const parts = title.split(/\s+[|–—-]\s+/);
  if (parts.length < 2) return title;
  const last = parts[parts.length - 1];
  const isSite = (source && last.toLowerCase() === source.toLowerCase()) || last.split(' ').length <= 4;
  return isSite ? parts.slice(0, -1).join(' - ') : title;
}

function timeDatetime(page: Page): string | null {
  const times = page.elements.filter(({ el }) => el.tagName === 'time' && attr(el, 'datetime') !== null);
  const time = times.find((t) => t.insideArticle) ?? times[0];
  return attr(time?.el, 'datetime')?.trim() || null;
}

function isFurniture(el: Element): boolean {
  if (DROPPED_TAGS.has(el.tagName)) return true;
  if (el.tagName === 'article' || el.tagName === 'main' || el.tagName === 'body') return false;
  if (attr(el, 'hidden') !== null || attr(el, 'aria-hidden') === 'true') return true;
  if (WIDGET_ROLES.has((attr(el, 'role') ?? '').toLowerCase())) return true;
  const names = `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`;
  // "story-body share-enabled" is the story, not a share bar; comment threads stay furniture whatever they say.
  if (STORY_CONTAINER.test(names) && !/comment/i.test(names)) return false;
  return WIDGET.test(names);
}

/** <article> (the longest if several), else <main>, else the element holding the most paragraph text. */
function storyRoot(page: Page): ParentNode {
  const live = page.elements.filter((v) => !v.dropped).map((v) => v.el);
  const lengths = textLengths(live, page.dropped);
  const longest = (elements: Element[]) =>
    elements.reduce((a, b) => ((lengths.get(b) ?? 0) > (lengths.get(a) ?? 0) ? b : a));
  const articles = live.filter((el) => el.tagName === 'article');
  if (articles.length) return longest(articles);
  const main = live.find((el) => el.tagName === 'main') ?? live.find((el) => attr(el, 'role') === 'main');
  if (main) return main;
  const scores = new Map<Element, number>();
  for (const p of live) {
    const parent = p.parentNode;
    if (p.tagName === 'p' && parent && isElement(parent))
      scores.set(parent, (scores.get(parent) ?? 0) + (lengths.get(p) ?? 0));
  }
  let best: Element | null = null;
  for (const [el, score] of scores) if (!best || score > scores.get(best)!) best = el;
  return best ?? live.find((el) => el.tagName === 'body') ?? page.root;
}

/** Each live element's length of whitespace-collapsed text, children before parents (one pass, no recursion). */
function textLengths(live: Element[], dropped: Set<Element>): Map<Element, number> {
  const lengths = new Map<Element, number>();
  for (let i = live.length - 1; i >= 0; i--) {
    let length = 0;
    for (const child of live[i].childNodes) {
      if (child.nodeName === '#text') length += collapse((child as DefaultTreeAdapterTypes.TextNode).value).length;
      else if (isElement(child) && !dropped.has(child)) length += lengths.get(child) ?? 0;
    }
    lengths.set(live[i], length);
  }
  return lengths;
}

/** Text with a line break around every block element, so the line-based furniture rules can run on it. */
function blockText(el: ParentNode, dropped: Set<Element>): string {
  const out: string[] = [];
  const stack: (Node | typeof BLOCK_END)[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (node === BLOCK_END) {
      out.push('\n\n');
      continue;
    }
    if (node.nodeName === '#text') {
      out.push((node as DefaultTreeAdapterTypes.TextNode).value.replace(/\s+/g, ' '));
      continue;
    }
    if (isElement(node)) {
      if (dropped.has(node)) continue;
      if (BLOCK_TAGS.has(node.tagName)) {
        out.push('\n\n');
        stack.push(BLOCK_END);
      }
    } else if (node.nodeName !== '#document' && node.nodeName !== '#document-fragment') {
      continue;
    }
    const children = (node as ParentNode).childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return tidyLines(out);
}

const BLOCK_END = Symbol('block end');

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
