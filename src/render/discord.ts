import type { APIEmbed, APIEmbedField } from 'discord.js';
import { formatDate } from '../briefing/format.ts';
import type { Briefing, BriefingSection, Citation } from '../briefing/types.ts';
import { emphasize, fitEscaped, moreLine, truncateAtWord } from './fit.ts';

/** Discord's embed limits (PLATFORMS.md); a message that breaks one is refused whole. */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embedsPerMessage: 10,
  content: 2000,
} as const;

export interface DiscordRenderOptions {
  /** Items (events, facts) per page before a new page starts; pages keep answers readable on a phone. */
  itemsPerPage?: number;
  /** Characters per page, well under the 6,000 a message may carry across its embeds. */
  pageBudget?: number;
}

const COLOR_NORMAL = 0x2f6fdf;
const COLOR_ERROR = 0xd83c3e;
const SUMMARY_MAX = 1000;
const ITEM_MAX = 900;

/**
 * Escapes text so Discord shows it exactly as written: markdown characters get a backslash (Discord drops the
 * backslash before any punctuation), "<" cannot open a mention, emoji or timestamp, and @everyone/@here are broken
 * with a zero-width space so they are inert even where mentions would be parsed.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|>[\]()<]/g, '\\$&')
    .replace(/^([ \t]*)(#{1,3}|-#|[-+])(?=\s)/gm, '$1\\$2') // headings, subtext and lists start a line
    .replace(/^([ \t]*\d+)\.(?=\s)/gm, '$1\\.') // a backslash before a digit would show, so the dot is escaped
    .replace(/@(everyone|here)/gi, '@\u200b$1'); // no \b: "@hereto" is broken too, to be safe
}

/** Escaped text of at most max characters, cut at a word before escaping so no escape is split. */
export function escapeWithin(text: string, max: number): string {
  return fitEscaped(text, max, escapeDiscord).slice(0, max);
}

/** Plain-text places (footers, button labels, autocomplete names) do not render markdown; only mentions need breaking. */
export function inertPlain(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<(?=[@#:!&a]|t:)/g, '‹');
}

/** Characters an embed counts against the 6,000 a message may carry. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

/** A field being filled: a section's lines, or the continuation of a section begun in an earlier field. */
interface FieldDraft {
  heading: string;
  continued: boolean;
  lines: Line[];
}

/** A rendered line and the citation numbers on it (an item), or none (a "+N more" line). */
interface Line {
  text: string;
  cites: number[] | null;
}

/** Room for items in a field, leaving space for the section's "+N more" line. */
const FIELD_ROOM = DISCORD_LIMITS.fieldValue - 60;
/** A continuation field inside a page needs no visible name (Discord requires a non-empty one). */
const INVISIBLE_NAME = '\u200b';

/**
 * A briefing as pages of one embed each: title, summary, one field per section (continued over several fields
 * when long), the note last, and a footer naming the articles cited on that page by their [n]. Every page fits
 * Discord's limits; nothing is cut mid-word; "+N more" says what was left out.
 */
export function renderDiscordPages(briefing: Briefing, options: DiscordRenderOptions = {}): APIEmbed[] {
  const itemsPerPage = Math.max(1, options.itemsPerPage ?? 20);
  const pageBudget = Math.min(
    options.pageBudget ?? 3000,
    DISCORD_LIMITS.embedTotal - DISCORD_LIMITS.title - SUMMARY_MAX - 900,
  );
  const numbers = citationNumbers(briefing);
  const pages = packPages(briefing.sections, numbers, itemsPerPage, pageBudget);
  const title = escapeWithin(briefing.title, DISCORD_LIMITS.title);
  const summary = briefing.summary ? escapeWithin(briefing.summary, SUMMARY_MAX) : undefined;
  const note = briefing.note ? escapeWithin(briefing.note, DISCORD_LIMITS.fieldValue - 40) : undefined;
  return pages.map((page, i) => {
    const embed: APIEmbed = { title, color: briefing.isError ? COLOR_ERROR : COLOR_NORMAL };
    if (i === 0 && summary) embed.description = summary;
    const embedFields: APIEmbedField[] = page.map((f, j) => ({
      name: fieldName(f, j),
      value: f.lines.map((l) => l.text).join('\n'),
    }));
    if (i === pages.length - 1 && note) {
      if (embedFields.length === 0 && !embed.description) embed.description = note;
      else embedFields.push({ name: 'Note', value: note });
    }
    if (embedFields.length) embed.fields = embedFields;
    const footer = footerText(briefing, numbers, page, i, pages.length);
    if (footer) embed.footer = { text: footer };
    return embed;
  });
}

function fieldName(field: FieldDraft, indexOnPage: number): string {
  if (!field.continued) return field.heading;
  return indexOnPage === 0 ? `${field.heading} (cont.)` : INVISIBLE_NAME;
}

/** [n] for each cited article, by first appearance across the whole briefing, so numbers agree between pages. */
function citationNumbers(briefing: Briefing): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const section of briefing.sections) {
    for (const item of section.items)
      for (const id of item.cites) if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
  }
  return numbers;
}

function itemLine(item: BriefingSection['items'][number], numbers: Map<string, number>): Line {
  const cites = item.cites.map((id) => numbers.get(id)!);
  const marks = cites.map((n) => `\\[${n}\\]`).join('');
  const label = item.label ? `**${escapeWithin(item.label, 120)}** · ` : '';
  return {
    text: `• ${label}${emphasize(escapeWithin(item.text, ITEM_MAX), item.emphasis, '**')}${marks ? ` ${marks}` : ''}`,
    cites,
  };
}

function sectionLines(section: BriefingSection, numbers: Map<string, number>): Line[] {
  const lines = section.items.map((item) => itemLine(item, numbers));
  if (section.omitted) lines.push({ text: `*${moreLine(section.omitted, section.omittedNoun)}*`, cites: null });
  return lines;
}

function lengthOf(lines: Line[]): number {
  return lines.reduce((n, l) => n + l.text.length, 0) + Math.max(0, lines.length - 1);
}

/**
 * Fills pages line by line: a new page when the items or characters of a page are used up (a "+N more" line stays
 * with its section), a new field when a field's 1,024 characters are, or when the section changes.
 */
function packPages(
  sections: BriefingSection[],
  numbers: Map<string, number>,
  itemsPerPage: number,
  budget: number,
): FieldDraft[][] {
  const pages: FieldDraft[][] = [[]];
  let items = 0;
  let chars = 0;
  const newPage = () => {
    pages.push([]);
    items = 0;
    chars = 0;
  };
  for (const section of sections) {
    const heading = escapeWithin(section.heading, DISCORD_LIMITS.fieldName - 10);
    let field: FieldDraft | null = null;
    let begun = false;
    for (const line of sectionLines(section, numbers)) {
      const isItem = line.cites !== null;
      if (isItem && pages[pages.length - 1].length && (items >= itemsPerPage || chars + line.text.length > budget)) {
        newPage();
        field = null;
      }
      const room = isItem ? FIELD_ROOM : DISCORD_LIMITS.fieldValue;
      if (!field || lengthOf(field.lines) + 1 + line.text.length > room) {
        if (pages[pages.length - 1].length >= DISCORD_LIMITS.fields - 1) newPage(); // one field kept for the note
        field = { heading, continued: begun, lines: [] };
        pages[pages.length - 1].push(field);
        chars += heading.length;
        begun = true;
      }
      field.lines.push(line);
      if (isItem) items++;
      chars += line.text.length + 1;
    }
  }
  return pages;
}

/** "Page 2/5 · Sources: [3] Title (Reuters, 25 May 2019) · [4] …" for the articles cited on this page. */
function footerText(
  briefing: Briefing,
  numbers: Map<string, number>,
  page: FieldDraft[],
  index: number,
  total: number,
): string | undefined {
  const onPage = new Set<number>();
  for (const field of page) for (const line of field.lines) for (const n of line.cites ?? []) onPage.add(n);
  const byNumber = new Map(
    [...numbers].map(([id, n]) => [
      n,
      briefing.citations[id] ?? { articleId: id, title: id, date: null, source: null, url: null },
    ]),
  );
  const sources = [...onPage].sort((a, b) => a - b).map((n) => `[${n}] ${citationLine(byNumber.get(n)!)}`);
  const head = total > 1 ? `Page ${index + 1}/${total}` : '';
  const parts: string[] = [];
  let used = head.length + 12;
  for (let i = 0; i < sources.length; i++) {
    const left = sources.length - i;
    const more = ` · ${moreLine(left, left === 1 ? 'source' : 'sources')}`;
    if (used + sources[i].length + 3 + (left > 1 ? more.length : 0) > DISCORD_LIMITS.footer) {
      parts.push(moreLine(left, left === 1 ? 'source' : 'sources'));
      break;
    }
    parts.push(sources[i]);
    used += sources[i].length + 3;
  }
  const text = [head, parts.length ? `Sources: ${parts.join(' · ')}` : ''].filter(Boolean).join(' · ');
  return text ? inertPlain(text) : undefined;
}

function citationLine(c: Citation): string {
  const meta = [c.source, c.date ? formatDate(c.date) : null].filter(Boolean).join(', ');
  return `${truncateAtWord(c.title, 120)}${meta ? ` (${meta})` : ''}`;
}
