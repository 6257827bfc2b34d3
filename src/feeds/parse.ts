/** Feed bytes -> ParsedFeed, with feedsmith (see docs/feeds.md for why) and the repairs broken-but-common feeds need. */
import { decodeHTML } from 'entities';
import { parseFeed } from 'feedsmith';
import { createHash } from 'node:crypto';
import type { FeedItem, ParsedFeed } from './types.ts';

/** Items read from one feed; a longer feed is cut (a feed of news is a window, not an archive). */
export const MAX_ITEMS_PER_FEED = 500;
const MAX_TITLE_CHARS = 500;

export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

/** Bytes -> text: the charset of the Content-Type, else of the XML declaration, else UTF-8 (Windows-1252 if that fails). */
export function decodeFeed(bytes: Uint8Array, contentType: string | null): string {
  const declared = charsetOf(contentType) ?? xmlEncoding(bytes);
  if (declared) {
    try {
      const decoder = new TextDecoder(declared);
      return stripBom(decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes));
    } catch {
      // An unknown label: fall through to UTF-8.
    }
  }
  try {
    return stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Windows-1252's 0x80-0x9F (curly quotes, dashes, €): Node 20's TextDecoder reads them as Latin-1 control characters. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

function charsetOf(contentType: string | null): string | null {
  const m = /charset\s*=\s*"?([\w.:-]{1,40})/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : null;
}

function xmlEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const m = /^\s*<\?xml[^>]{0,150}encoding\s*=\s*["']([\w.:-]{1,40})["']/i.exec(
    head.replace(/^\uFEFF|^\xEF\xBB\xBF/, ''),
  );
  return m ? m[1].toLowerCase() : null;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `base` (the feed's URL) resolves relative item links. */
export function parseFeedText(text: string, base?: string): ParsedFeed {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text.trimStart());
  } catch (err) {
    throw new FeedParseError(`not a feed we can read (${String((err as Error).message ?? err).slice(0, 80)})`);
  }
  // feedsmith's types differ per format; each field is read defensively below.
  const feed = parsed.feed as unknown as Record<string, unknown>;
  const raw = ((parsed.format === 'atom' ? feed.entries : feed.items) ?? []) as Record<string, unknown>[];
  const items = raw
    .slice(0, MAX_ITEMS_PER_FEED)
    .map((item) => itemOf(parsed.format, item, base))
    .filter((i): i is FeedItem => i !== null);
  const link = parsed.format === 'atom' ? alternateLink(feed.links) : (str(feed.link) ?? str(feed.home_page_url));
  return { format: parsed.format, title: plain(textOf(feed.title)) || null, link, items };
}

function itemOf(
  format: ParsedFeed['format'],
  item: Record<string, unknown>,
  base: string | undefined,
): FeedItem | null {
  let url: string | null;
  let id: string | null;
  let date: unknown;
  let content: string;
  let author: string | null;
  if (format === 'atom') {
    url = alternateLink(item.links);
    id = str(item.id);
    date = item.published ?? item.updated;
    content = textOf(item.content) || textOf(item.summary);
    author = names(item.authors);
  } else if (format === 'json') {
    url = str(item.url) ?? str(item.external_url);
    id = str(item.id) ?? (typeof item.id === 'number' ? String(item.id) : null);
    date = item.date_published ?? item.date_modified;
    content = str(item.content_html) ?? str(item.content_text) ?? str(item.summary) ?? '';
    author = names(item.authors) ?? names(item.author ? [item.author] : null);
  } else {
    url = str(item.link);
    const guid = item.guid as { value?: unknown } | string | undefined;
    id = typeof guid === 'string' ? str(guid) : str(guid?.value);
    const dc = item.dc as Record<string, unknown> | undefined;
    date = item.pubDate ?? dc?.date ?? (dc?.dates as unknown[] | undefined)?.[0];
    const encoded = (item.content as Record<string, unknown> | undefined)?.encoded;
    content = str(encoded) ?? str(item.description) ?? '';
    author = str(item.author) ?? names(dc?.creators) ?? str(dc?.creator);
  }
  const title = plain(textOf(item.title)).slice(0, MAX_TITLE_CHARS);
  if (!title && !content && !url) return null;
  const guid = id ?? url ?? `sha1:${createHash('sha1').update(`${title}\n${content}`).digest('hex')}`;
  return {
    guid,
    url: httpUrl(url, base),
    title: title || plain(content).slice(0, 100),
    date: isoDate(date),
    content,
    author,
  };
}

/** A date as feeds write it (RFC 822, ISO 8601, sometimes neither) -> ISO, or null when unreadable. */
export function isoDate(value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : value instanceof Date ? value.toISOString() : '';
  if (!text || text.length > 80) return null;
  let ms = Date.parse(text);
  // "Mon, 27 May 2019 10:00:00 CEST" and other zone names Date.parse does not know: read without the zone.
  // eslint-disable-next-line regexp/no-super-linear-move -- text is at most 80 characters (checked above)
  if (Number.isNaN(ms)) ms = Date.parse(text.replace(/\s+[A-Z]{3,5}$/, ' GMT'));
  if (Number.isNaN(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1990 && year <= 2200 ? new Date(ms).toISOString() : null;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string')
    return (value as { value: string }).value;
  return '';
}

/** HTML (or escaped HTML) -> plain text on one line. Linear: one pass per replacement, no nested quantifiers. */
export function plain(html: string): string {
  return decodeHTML(stripTags(decodeHTML(html)))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Tags that end a block of text: replaced by a space, where other tags go without one. */
const BLOCK_TAG = /^\/?(?:p|br|div|li|h\d|tr|td|blockquote)\b/i;

/**
 * Tags out, in one pass: each "<" looks for its ">" once; a "<" with none after it is kept as text, and so is the
 * rest (a pattern like /<[^>]*>/ would rescan the tail from every "<" of "<<<<…": quadratic).
 */
function stripTags(html: string): string {
  const out: string[] = [];
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) break;
    const close = html.indexOf('>', open + 1);
    if (close < 0) break;
    out.push(html.slice(at, open), BLOCK_TAG.test(html.slice(open + 1, Math.min(close, open + 12))) ? ' ' : '');
    at = close + 1;
  }
  out.push(html.slice(at));
  return out.join('');
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function names(list: unknown): string | null {
  if (!Array.isArray(list)) return null;
  const out = list
    .slice(0, 10)
    .map((a) => (typeof a === 'string' ? a : str((a as Record<string, unknown> | null)?.name)))
    .filter((n): n is string => !!n && !!n.trim());
  return out.length ? out.join(', ') : null;
}

function alternateLink(links: unknown): string | null {
  if (!Array.isArray(links)) return null;
  const list = links as { href?: string; rel?: string }[];
  return str((list.find((l) => !l.rel || l.rel === 'alternate') ?? list[0])?.href);
}

function httpUrl(url: string | null, base?: string): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
