/**
 * Reuters-21578 (SGML, latin1) -> stories the corpus loader reads as JSONL (id, title, date, source, body).
 *
 * Each <REUTERS> element gives one story: its NEWID, the <DATE> (e.g. "26-FEB-1987 15:01:01.79" -> 1987-02-26),
 * the <TITLE>, and the body as the wire printed it: the <DATELINE> ("SALVADOR, Feb 26 - ") then the <BODY>, whose
 * lines are wrapped at 70 columns and whose paragraphs start with an indent. A story with no <BODY> is either a
 * one-line brief (its headline is the whole story) or unprocessed text (the raw <TEXT>).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface Story {
  id: string;
  title: string;
  date: string | null;
  source: string;
  body: string;
}

const MONTHS: Record<string, string> = {
  JAN: '01',
  FEB: '02',
  MAR: '03',
  APR: '04',
  MAY: '05',
  JUN: '06',
  JUL: '07',
  AUG: '08',
  SEP: '09',
  OCT: '10',
  NOV: '11',
  DEC: '12',
};

export function parseReutersSgml(sgml: string): Story[] {
  const stories: Story[] = [];
  for (const element of sgml.split('<REUTERS ').slice(1)) {
    const id = /NEWID="(\d+)"/.exec(element)?.[1];
    if (!id) continue;
    const title = withoutSignOff(oneLine(unescapeSgml(tag(element, 'TITLE') ?? '')));
    const body = storyBody(element, title);
    if (!title && !body) continue;
    stories.push({
      id: `reuters-${id}`,
      title: title || firstWords(body),
      date: reutersDate(tag(element, 'DATE')),
      source: 'Reuters',
      body,
    });
  }
  return stories;
}

function tag(element: string, name: string): string | null {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(element);
  return match ? match[1] : null;
}

/** "26-FEB-1987 15:01:01.79" -> "1987-02-26"; null when unreadable (never guessed). */
export function reutersDate(raw: string | null): string | null {
  const match = /(\d{1,2})-([A-Z]{3})-(\d{4})/.exec(raw?.toUpperCase() ?? '');
  if (!match || !MONTHS[match[2]]) return null;
  return `${match[3]}-${MONTHS[match[2]]}-${match[1].padStart(2, '0')}`;
}

function storyBody(element: string, title: string): string {
  const body = tag(element, 'BODY');
  if (body !== null) {
    const dateline = oneLine(unescapeSgml(tag(element, 'DATELINE') ?? ''));
    const paragraphs = toParagraphs(unescapeSgml(body));
    if (dateline && paragraphs.length) paragraphs[0] = `${dateline} ${paragraphs[0]}`;
    return paragraphs.join('\n\n');
  }
  const text = tag(element, 'TEXT');
  if (text === null) return title;
  // Unprocessed stories carry their text without inner tags; briefs have only a title.
  const raw = unescapeSgml(text.replace(/<TITLE>[\s\S]*?<\/TITLE>|<[^>]+>/g, ' '));
  return toParagraphs(raw).join('\n\n') || title;
}

/** Wire layout -> paragraphs: an indented line starts a paragraph, other line breaks are wrapping. The "Reuter" sign-off goes. */
function toParagraphs(text: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of text.replace(/[\x00-\x08\x0b-\x1f]/g, '').split('\n')) {
    if (/^\s{2,}\S/.test(line) || line.trim() === '') {
      if (current.length) paragraphs.push(current.join(' '));
      current = [];
    }
    if (line.trim()) current.push(line.trim());
  }
  if (current.length) paragraphs.push(current.join(' '));
  // Lines of only asterisks or dashes are wire furniture.
  const cleaned = paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => /[\p{L}\p{N}]/u.test(p));
  const last = cleaned.length - 1;
  if (last >= 0) cleaned[last] = withoutSignOff(cleaned[last]);
  return cleaned.filter(Boolean);
}

/** The wire's "Reuter" sign-off (sometimes twice, sometimes inside a brief's title). */
function withoutSignOff(text: string): string {
  return text.replace(/(\s*\bReuters?)+\s*$/i, '').trim();
}

function unescapeSgml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => (Number(n) < 32 ? '' : String.fromCharCode(Number(n))))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function firstWords(text: string): string {
  return text.split(/\s+/).slice(0, 10).join(' ');
}

/** Every story of the collection, in NEWID order; null when the folder is absent. */
export async function readReuters(dir: string): Promise<Story[] | null> {
  const names = await fs.readdir(dir).catch(() => null);
  const files = names?.filter((n) => /^reut2-\d+\.sgm$/.test(n)).sort();
  if (!files?.length) return null;
  const stories: Story[] = [];
  for (const file of files) stories.push(...parseReutersSgml(await fs.readFile(path.join(dir, file), 'latin1')));
  return stories.sort((a, b) => idNumber(a.id) - idNumber(b.id));
}

function idNumber(id: string): number {
  return Number(id.replace(/\D/g, ''));
}

/** Writes stories as JSONL files of at most perFile records, the form `loadCorpus` streams. */
export async function writeJsonlCorpus(stories: Iterable<Story>, dir: string, perFile = 10_000): Promise<number> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  let count = 0;
  let lines: string[] = [];
  let part = 0;
  const flush = async () => {
    if (!lines.length) return;
    await fs.writeFile(path.join(dir, `part-${String(part++).padStart(3, '0')}.jsonl`), lines.join('\n') + '\n');
    lines = [];
  };
  for (const story of stories) {
    lines.push(JSON.stringify(story));
    count++;
    if (lines.length >= perFile) await flush();
  }
  await flush();
  return count;
}
