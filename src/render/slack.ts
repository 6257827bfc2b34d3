import type { types } from '@slack/bolt';
import { formatDate } from '../briefing/format.ts';
import type { Briefing, BriefingSection, Citation } from '../briefing/types.ts';
import { emphasize, fitEscaped, moreLine, truncateAtWord } from './fit.ts';

/** Block Kit as Slack defines it; a message that breaks one of its limits is refused whole. */
export type SlackBlock = types.KnownBlock;

/** Slack's Block Kit limits (PLATFORMS.md). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerHome: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonValue: 2000,
  buttonText: 75,
  /** Slack refuses more; "well under" is the page budget below. */
  messageText: 12_000,
} as const;

export interface SlackRenderOptions {
  /** Blocks a page may use, leaving room for the buttons the platform adds. */
  maxBlocks?: number;
  /** Characters of block text per page, well under the 12,000 Slack accepts. */
  maxChars?: number;
}

/** One message: blocks plus the plain `text` Slack shows in notifications and reads to screen readers. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const ITEM_MAX = 700;
const SUMMARY_MAX = 1500;
const NOTE_MAX = 1500;
const CITATION_TITLE_MAX = 150;
/** Longer addresses are left out rather than let one link crowd a context line. */
const MAX_LINK = 1000;
const FALLBACK_MAX = 2000;
const SECTION_TEXT_MAX = SLACK_LIMITS.sectionText - 100;
/** Citation numbers shown after one item, and articles listed under one page; the rest are counted. */
const REFS_PER_ITEM = 8;
const SOURCES_PER_PAGE = 20;
/** Blocks held back on every page for the share/more buttons and a "+N more" line. */
const RESERVED_BLOCKS = 3;

/**
 * Escapes text for mrkdwn exactly as Slack asks: & first, then < and >. That alone makes `<!channel>`, `<@U123>`
 * and `<https://x|y>` inert text, because Slack only reads those forms between real angle brackets.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped text of at most max characters, cut at a word before escaping so no entity is split. */
export function escapeWithin(text: string, max: number): string {
  return fitEscaped(text, max, escapeMrkdwn);
}

/** Bold in mrkdwn; asterisks inside would end the bold early, so they are dropped. */
function bold(text: string): string {
  const clean = text.replace(/\*/g, '').trim();
  return clean ? `*${escapeMrkdwn(clean)}*` : '';
}

/** A link only for http(s) addresses, with the characters that would end Slack's <url|text> form percent-encoded. */
export function safeLink(url: string | null, label: string): string {
  const text = escapeMrkdwn(label);
  if (!url || url.length > MAX_LINK || !/^https?:\/\/[^\s]+$/i.test(url)) return text;
  const href = url.replace(/[<>|&"\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `<${href}|${text.replace(/\|/g, '¦')}>`;
}

/** Plain text for headers and buttons: Slack shows plain_text as written, so only length matters. */
export function plainWithin(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return truncateAtWord(oneLine || 'briefbot', max);
}

/** Numbers articles by first citation, across all pages, so [3] means the same article everywhere in an answer. */
class CitationNumbers {
  private readonly numbers = new Map<string, number>();
  ref(id: string): number {
    if (!this.numbers.has(id)) this.numbers.set(id, this.numbers.size + 1);
    return this.numbers.get(id)!;
  }
}

/** A run of blocks that stays together on a page (one section's part), with the articles it cites. */
interface Chunk {
  blocks: SlackBlock[];
  chars: number;
  cites: string[];
}

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (texts: string[]): SlackBlock => ({
  type: 'context',
  elements: texts.map((text) => ({ type: 'mrkdwn', text })),
});

function itemLine(item: BriefingSection['items'][number], numbers: CitationNumbers): string {
  const shown = item.cites
    .slice(0, REFS_PER_ITEM)
    .map((id) => `[${numbers.ref(id)}]`)
    .join('');
  const hidden = item.cites.length - REFS_PER_ITEM;
  const refs = item.cites.length ? ` ${shown}${hidden > 0 ? `[+${hidden}]` : ''}` : '';
  const label = item.label ? `${bold(item.label)} ` : '';
  return `• ${label}${emphasize(escapeWithin(item.text, ITEM_MAX), item.emphasis, '*')}${refs}`;
}

/** One briefing section as chunks of at most one section block each, the heading on the first. */
function sectionChunks(s: BriefingSection, numbers: CitationNumbers): Chunk[] {
  const lines = s.items.map((item) => ({ text: itemLine(item, numbers), cites: item.cites }));
  if (s.omitted) lines.push({ text: `_${escapeMrkdwn(moreLine(s.omitted, s.omittedNoun))}_`, cites: [] });
  const chunks: Chunk[] = [];
  let text = bold(s.heading) || '*·*';
  let cites: string[] = [];
  const flush = () => {
    chunks.push({ blocks: [section(text)], chars: text.length, cites });
    text = '';
    cites = [];
  };
  for (const line of lines) {
    if (text && text.length + 1 + line.text.length > SECTION_TEXT_MAX) flush();
    text = text ? `${text}\n${line.text}` : line.text;
    cites = cites.concat(line.cites);
  }
  if (text) flush();
  chunks[0].blocks.unshift({ type: 'divider' });
  return chunks;
}

function citationText(n: number, c: Citation | undefined, id: string): string {
  const title = truncateAtWord(c?.title ?? id, CITATION_TITLE_MAX);
  const meta = [c?.source ? escapeWithin(c.source, 80) : null, c?.date ? formatDate(c.date) : null]
    .filter(Boolean)
    .join(' · ');
  return `[${n}] ${safeLink(c?.url ?? null, title)}${meta ? ` · ${meta}` : ''}`;
}

/**
 * The articles cited on one page, one per line. Lines go in one context element (elements of a context block sit
 * side by side, which reads badly), a new block when one would pass a text object's limit.
 */
function sourcesBlocks(ids: string[], b: Briefing, numbers: CitationNumbers): SlackBlock[] {
  const lines = ids.slice(0, SOURCES_PER_PAGE).map((id) => citationText(numbers.ref(id), b.citations[id], id));
  if (ids.length > SOURCES_PER_PAGE) lines.push(`_${moreLine(ids.length - SOURCES_PER_PAGE, 'articles')}_`);
  const blocks: SlackBlock[] = [];
  let text = '';
  for (const line of lines) {
    if (text && text.length + 1 + line.length > SECTION_TEXT_MAX) {
      blocks.push(context([text]));
      text = '';
    }
    text = text ? `${text}\n${line}` : line;
  }
  if (text) blocks.push(context([text]));
  return blocks;
}

function headBlocks(b: Briefing, page: number): SlackBlock[] {
  if (b.isError) return [section(`:warning: ${escapeWithin(b.title, SECTION_TEXT_MAX)}`)];
  const title = page > 1 ? `${b.title} (continued)` : b.title;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainWithin(title, SLACK_LIMITS.headerText), emoji: false } },
  ];
  if (b.summary && page === 1) blocks.push(section(escapeWithin(b.summary, SUMMARY_MAX)));
  return blocks;
}

const blockChars = (blocks: SlackBlock[]) => JSON.stringify(blocks).length;
const unique = (ids: string[]) => [...new Set(ids)];

/**
 * A briefing as one or more Block Kit messages, each inside Slack's limits: header, summary, one divider and
 * section per briefing section (split where a section outgrows a block), numbered citations, and a context line
 * per page with the cited articles (title linked when the article has an http(s) address, source, date).
 * Every piece of briefing text is escaped; nothing from an article can become a mention or a link.
 */
export function renderSlackPages(b: Briefing, options: SlackRenderOptions = {}): SlackMessage[] {
  const maxBlocks = Math.min(options.maxBlocks ?? 40, SLACK_LIMITS.blocksPerMessage - RESERVED_BLOCKS);
  const maxChars = options.maxChars ?? 9000;
  const numbers = new CitationNumbers();
  const chunks = b.sections.flatMap((s) => sectionChunks(s, numbers));
  const pages: { chunks: Chunk[] }[] = [{ chunks: [] }];
  for (const chunk of chunks) {
    const page = pages[pages.length - 1];
    if (page.chunks.length && !fits(b, numbers, [...page.chunks, chunk], pages.length, maxBlocks, maxChars))
      pages.push({ chunks: [chunk] });
    else page.chunks.push(chunk);
  }
  return pages.map((page, i) => {
    const blocks = pageBlocks(b, numbers, page.chunks, i + 1, i === pages.length - 1);
    return { blocks, text: fallbackText(b, i + 1, pages.length) };
  });
}

function pageBlocks(b: Briefing, numbers: CitationNumbers, chunks: Chunk[], page: number, last: boolean): SlackBlock[] {
  const blocks = [...headBlocks(b, page), ...chunks.flatMap((c) => c.blocks)];
  const cited = unique(chunks.flatMap((c) => c.cites));
  if (cited.length) blocks.push({ type: 'divider' }, ...sourcesBlocks(cited, b, numbers));
  if (b.note && last) blocks.push(context([escapeWithin(b.note, NOTE_MAX)]));
  return blocks;
}

function fits(
  b: Briefing,
  numbers: CitationNumbers,
  chunks: Chunk[],
  page: number,
  maxBlocks: number,
  maxChars: number,
): boolean {
  const blocks = pageBlocks(b, numbers, chunks, page, true);
  return blocks.length <= maxBlocks && blockChars(blocks) <= maxChars;
}

/** The first page, with a clear "+N more" line when the answer did not fit in one message. */
export function renderSlack(b: Briefing, options: SlackRenderOptions = {}): SlackMessage {
  const pages = renderSlackPages(b, options);
  const first = pages[0];
  if (pages.length === 1) return first;
  return { ...first, blocks: [...first.blocks, morePagesBlock(pages.length - 1)] };
}

/** "+2 more pages not shown", for a message that cannot offer a More button. */
export function morePagesBlock(count: number): SlackBlock {
  return context([`_${moreLine(count, count === 1 ? 'page' : 'pages')} not shown_`]);
}

/**
 * The message's `text`: what notifications and screen readers get. It is mrkdwn too (mentions in it would
 * notify), so it is escaped like everything else.
 */
export function fallbackText(b: Briefing, page = 1, pages = 1): string {
  const parts = [pages > 1 ? `${b.title} (page ${page} of ${pages})` : b.title];
  if (b.summary && page === 1) parts.push(b.summary);
  if (page === 1) {
    const firstItems = b.sections.flatMap((s) =>
      s.items.slice(0, 2).map((i) => `${s.heading}: ${i.label ? `${i.label} ` : ''}${i.text}`),
    );
    parts.push(...firstItems.slice(0, 4));
  }
  if (b.note && page === pages) parts.push(b.note);
  return escapeWithin(parts.join('\n'), FALLBACK_MAX);
}
