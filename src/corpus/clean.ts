/** Raw scraped text -> headline, clean body, marker date and outlet: the general rules for web-scraped news. */
import { cutAtParagraph } from './decode-bytes.ts';
import {
  AGENCIES,
  holdsEmail,
  isAgency,
  isAuthorBio,
  isBylineLine,
  isDroppedLine,
  isEndMarker,
  isNameLine,
  isSectionLabel,
  withoutPhotoCredit,
} from './line-furniture.ts';
import { ymd } from './dates.ts';
import { trimEndWhere } from '../util/trim-end.ts';

export interface CleanInput {
  text: string;
  /** Title already known from front matter, a field or HTML metadata. */
  title?: string | null;
  /** Outlet already known from front matter, a field or HTML metadata. */
  source?: string | null;
}

export interface CleanOutput {
  title: string;
  body: string;
  /** From a leading "date YYYY-MM-DD" marker, if any. */
  markerDate: string | null;
  /** Set when a marker was there but its date does not exist ("date 2019-02-30"). */
  markerProblem: string | null;
  source: string | null;
  /** The body's length before it was cut to MAX_ARTICLE_CHARS; null when it was not. */
  cutFrom: number | null;
}

/**
 * The longest article body kept, in characters: spaCy's default `max_length`. A news story runs to tens of thousands
 * of characters at most; past a million it is a book, a log or a dump, whose names would swamp the corpus's entity
 * counts and whose indexing in one piece would hold the service (the search index, the resolver and the store take
 * an article at a time). The rest is left out, at a paragraph, and the loader says so.
 */
export const MAX_ARTICLE_CHARS = 1_000_000;

interface Line {
  text: string;
  /** Started with whitespace: in hard-wrapped text this opens a paragraph. */
  indented: boolean;
}

/** A story needs this many words before a tail marker ("Related Articles") may cut the rest off. */
const MIN_STORY_WORDS_BEFORE_END = 30;
const LEAD_TITLE_CHARS = 100;

export function cleanArticle(input: CleanInput): CleanOutput {
  const { text: unmarked, date: markerDate, problem: markerProblem } = takeDateMarker(normalizeWhitespace(input.text));
  const allLines = toLines(unmarked);
  const signOff = takeSignOff(allLines);
  const lines = unwrapHardWrappedBlocks(allLines);
  const outlet = repeatedOutletName(lines);
  const credit = input.source?.trim() || creditedSource(lines) || signOff || outlet;
  const kept = dropFurniture(lines, outlet);
  const title = input.title?.trim() ? normalizeLine(input.title) : headline(kept.lines);
  const bodyLines = withoutTitleRepeats(kept.lines, title);
  const whole = bodyLines
    .filter((l) => l.text)
    .map((l) => l.text)
    .join('\n\n');
  const body = whole.length > MAX_ARTICLE_CHARS ? cutAtParagraph(whole.slice(0, MAX_ARTICLE_CHARS)) : whole;
  return {
    title: title ?? leadTitle(body),
    body,
    markerDate,
    markerProblem,
    source: credit || kept.bioOutlet || null,
    cutFrom: body.length < whole.length ? whole.length : null,
  };
}

/** Newlines unified; exotic spaces, zero-width and control characters normalised; runs of spaces collapsed. */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u2028\u2029]/g, '\n');
}

function normalizeLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A leading " date 2019-05-27 " marker, possibly on the same line as the first sentence. */
function takeDateMarker(text: string): { text: string; date: string | null; problem: string | null } {
  const m = /^\s*date:?[ \t]+(\d{4})-(\d{2})-(\d{2})\b[ \t]*/i.exec(text);
  if (!m) return { text, date: null, problem: null };
  const date = ymd(+m[1], +m[2], +m[3]);
  return { text: text.slice(m[0].length), date, problem: date ? null : `unreadable date marker "${m[0].trim()}"` };
}

function toLines(text: string): Line[] {
  return text.split('\n').map((raw) => {
    const trimmed = raw.trim();
    return {
      text: trimmed.includes('  ') ? trimmed.replace(/ {2,}/g, ' ') : trimmed,
      indented: raw.startsWith('  ') && trimmed !== '',
    };
  });
}

function wordCount(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}

/**
 * An outlet's name printed as a line of its own more than once (logo, masthead, footer): 1-5 capitalised words
 * with no sentence punctuation. A repeated headline is longer and is not taken for one.
 */
function repeatedOutletName(lines: Line[]): string | null {
  const counts = new Map<string, number>();
  for (const { text } of lines) {
    if (!looksLikeName(text) || isSectionLabel(text) || isDroppedLine(text)) continue;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, count] of counts) if (count >= 2 && (!best || count > counts.get(best)!)) best = name;
  return best;
}

function looksLikeName(text: string): boolean {
  if (text.length > 50) return false;
  const words = text.split(' ');
  return (
    words.length <= 5 &&
    text.length <= 50 &&
    /^[A-Z0-9]/.test(text) &&
    !/[.,;:!?]$/.test(text) &&
    words.every((w) => /^(?:[A-Z0-9][\w’'&.-]*|of|the|and|al|el|de|du|la|le)$/.test(w) || /^[a-z]+-[A-Z]/.test(w))
  );
}

/** A wire sign-off, the agency's name alone on the last line ("Reuter"): removed, and returned as a credit. */
function takeSignOff(lines: Line[]): string | null {
  let last = lines.length - 1;
  while (last >= 0 && !lines[last].text) last--;
  if (last < 0 || !isAgency(lines[last].text)) return null;
  const agency = canonicalAgency(lines[last].text);
  lines.splice(last, 1);
  return agency;
}

/** A credit in the first lines: "AFP - ...", "LONDON (Reuters) -", "VALLETTA (MALTA) (ITALPRESS/MNA) –", "By Jane Doe, AFP". */
function creditedSource(lines: Line[]): string | null {
  const head = lines.filter((l) => l.text).slice(0, 15);
  for (const { text } of head) {
    const source = datelineAgency(text) ?? leadingAgency(text) ?? bylineAgency(text);
    if (source) return source;
  }
  return null;
}

/** A dateline ("VALLETTA (MALTA) (ITALPRESS/MNA) – ") is looked for in this many characters at the start of a line. */
const DATELINE_CHARS = 400;

function datelineAgency(text: string): string | null {
  // eslint-disable-next-line regexp/no-super-linear-backtracking -- bounded: a dateline is looked for in the first 400 characters of a line only
  const m = /^([A-Z][A-Z .'’,/-]*?\s*)?((?:\([^()]{1,40}\)\s*)+)[-–—]\s/.exec(text.slice(0, DATELINE_CHARS));
  if (!m) return null;
  const groups = [...m[2].matchAll(/\(([^()]{1,40})\)/g)].map((g) => g[1].trim());
  const last = groups[groups.length - 1];
  // eslint-disable-next-line regexp/no-super-linear-move -- bounded: `last` is one parenthesised group, at most 40 characters
  const namesAgency = last.split(/\s*[/,]\s*/).some(isAgency);
  // A single group may be a place ("VALLETTA (MALTA) –"): it counts when it is a known agency, or a
  // mixed-case name after an upper-case dateline ("PORT ALDEN (Daily Example) -").
  const mixedCaseName = Boolean(m[1]?.trim()) && /[a-z]/.test(last) && /^[A-Z]/.test(last);
  return namesAgency || groups.length >= 2 || mixedCaseName ? last : null;
}

function leadingAgency(text: string): string | null {
  // eslint-disable-next-line regexp/no-super-linear-backtracking -- linear: anchored, the name is at most 41 characters, and `(.*)$` matches any rest of a line (no newline in it), so nothing backtracks into `\s+`
  const m = /^([A-Z][\w.&'’ /-]{0,40}?)\s*[-–—|:]\s+(.*)$/.exec(text);
  if (!m) return null;
  const name = m[1].trim();
  if (isAgency(name)) return canonicalAgency(name);
  return null;
}

function bylineAgency(text: string): string | null {
  const m = /^by\s+[^,|]{2,60}[,|]\s*([\w .&'’-]{2,40})$/i.exec(text);
  return m && isAgency(m[1]) ? canonicalAgency(m[1]) : null;
}

function canonicalAgency(name: string): string {
  if (/^reuter$/i.test(name.trim())) return 'Reuters';
  return AGENCIES.find((a) => a.toLowerCase() === name.trim().toLowerCase()) ?? name.trim();
}

/** An outlet named in an author blurb: "... I cover world news for The Daily Example." */
function outletInBio(text: string): string | null {
  const m =
    /\b(?:for|at)\s+(?:the\s+)?((?:The\s+)?[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|of|and)){0,5})\s*[.!]?$/.exec(text);
  return m ? m[1].replace(/\.$/, '') : null;
}

/** Author blurbs are only looked for among the story's last lines, where sites print them. */
const BIO_TAIL_LINES = 5;

/** Cuts the page tail, then drops furniture lines; blank lines are kept to mark paragraphs. */
function dropFurniture(lines: Line[], outlet: string | null): { lines: Line[]; bioOutlet: string | null } {
  const story = lines.slice(0, endOfStory(lines));
  const tailStart = startOfTail(story);
  const kept: Line[] = [];
  let bioOutlet: string | null = null;
  story.forEach((line, index) => {
    const text = line.text;
    const caption = text ? withoutPhotoCredit(text) : null;
    if (!text) kept.push(line);
    else if (caption) kept.push({ ...line, text: caption });
    else if (isEndMarker(text) || isDroppedLine(text) || isBylineLine(text) || namesOutletOnly(text, outlet)) return;
    else if (holdsEmail(text)) {
      if (wordCount(text) > 15)
        kept.push({ ...line, text: normalizeLine(text.replace(/\s?\[email\s*protected\]/gi, '')) });
    } else if (index >= tailStart && isAuthorBio(text)) {
      bioOutlet ??= outletInBio(text);
      dropTrailingNameLine(kept);
    } else kept.push(line);
  });
  return { lines: kept, bioOutlet };
}

/** Index of the first end-of-story marker that follows enough story ("Related Articles" above a story is not one). */
function endOfStory(lines: Line[]): number {
  let storyWords = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].text;
    if (!text) continue;
    if (isEndMarker(text) && storyWords >= MIN_STORY_WORDS_BEFORE_END) return i;
    if (/[.!?"”’]$/.test(text) && !isDroppedLine(text)) storyWords += wordCount(text);
  }
  return lines.length;
}

function startOfTail(lines: Line[]): number {
  let seen = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].text && ++seen === BIO_TAIL_LINES) return i;
  }
  return 0;
}

/** "Asharq Al-Awsat", "Paris- Asharq Al-Awsat", "AFP -": a line that only names the outlet or agency. */
function namesOutletOnly(text: string, outlet: string | null): boolean {
  if (text.length > 80) return false;
  // eslint-disable-next-line regexp/no-super-linear-move -- bounded: lines over 80 characters were turned away just above
  const stripped = text.replace(/^[\p{L} .'’]{1,30}\s*[-–—]\s*/u, '').replace(/\s*[-–—:|]\s*$/, '');
  if (outlet && (text === outlet || stripped === outlet)) return true;
  // eslint-disable-next-line regexp/no-super-linear-move -- bounded: lines over 80 characters were turned away above
  return isAgency(stripped) && (stripped === text.replace(/\s*[-–—:|]\s*$/, '') || /[-–—]/.test(text));
}

/** The byline name printed just above an author blurb. */
function dropTrailingNameLine(kept: Line[]): void {
  let i = kept.length - 1;
  while (i >= 0 && !kept[i].text) i--;
  if (i >= 0 && isNameLine(kept[i].text)) kept.splice(i, 1);
}

/** The first line is the headline when it is short and unpunctuated (or in Title Case) and more text follows. */
function headline(lines: Line[]): string | null {
  const first = lines.findIndex((l) => l.text);
  if (first < 0) return null;
  const hasMore = lines.slice(first + 1).some((l) => l.text);
  const text = lines[first].text;
  return hasMore && looksLikeHeadline(text) ? text : null;
}

function looksLikeHeadline(text: string): boolean {
  const words = text.split(' ');
  if (words.length > 25 || text.length > 160 || !/^[\p{Lu}\p{N}"“‘'(]/u.test(text)) return false;
  if (!/[.,;:]["”’]?$/.test(text)) return true;
  const long = words.filter((w) => w.length > 3);
  return long.length >= 2 && long.filter((w) => /^[\p{Lu}"“‘']/u.test(w)).length / long.length >= 0.75;
}

function withoutTitleRepeats(lines: Line[], title: string | null): Line[] {
  if (!title) return lines;
  const key = comparable(title);
  const firstWord = key.split(' ', 1)[0];
  const near = (text: string) =>
    Math.abs(text.length - title.length) <= 10 + title.length / 5 && text.toLowerCase().includes(firstWord);
  return lines.filter((l) => !l.text || !near(l.text) || comparable(l.text) !== key);
}

function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Hard-wrapped text (wire copy cut at a fixed width, paragraphs opened by an indent) becomes one line per
 * paragraph, so that every later rule sees whole paragraphs. Other lines stay as they are.
 */
function unwrapHardWrappedBlocks(lines: Line[]): Line[] {
  const out: Line[] = [];
  let block: Line[] = [];
  const flush = () => {
    for (const paragraph of joinWrapped(block)) out.push({ text: paragraph, indented: false });
    block = [];
  };
  for (const line of lines) {
    if (line.text) block.push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out;
}

const ENDS_SENTENCE = /[.!?:;"”’)]$/;

/**
 * In a block whose lines are cut at one width (40 to 120 characters), a line continues on the next one when the
 * whole block is wrapped prose, when it reaches that width without ending a sentence, or when the next line
 * goes on in lower case. An indented line always opens a paragraph; tables (short rows) stay one row a line.
 */
function joinWrapped(block: Line[]): string[] {
  if (block.length < 3) return block.map((l) => l.text);
  // Not Math.max(...): a block of 500,000 one-letter lines as arguments overflowed the stack (the article was lost).
  const widest = block.reduce((most, l) => Math.max(most, l.text.length), 0);
  if (widest > 120 || widest < 40) return block.map((l) => l.text);
  const prose = isHardWrapped(block, widest);
  const out: string[] = [block[0].text];
  for (let i = 1; i < block.length; i++) {
    const previous = block[i - 1].text;
    const next = block[i];
    const reachesWidth = prose || (previous.length >= widest * 0.75 && !ENDS_SENTENCE.test(previous));
    const goesOn = !ENDS_SENTENCE.test(previous) && /^[a-z]/.test(next.text);
    if (!next.indented && (reachesWidth || goesOn)) out[out.length - 1] += ` ${next.text}`;
    else out.push(next.text);
  }
  return out;
}

/** Most lines that do not end a paragraph reach the width, and half of them stop mid-sentence. */
function isHardWrapped(block: Line[], widest: number): boolean {
  const inner = block.slice(0, -1);
  // A paragraph's last line (the one before an indented line) may be short; the others reach the width.
  const midParagraph = inner.filter((_, i) => !block[i + 1].indented);
  const nearWidth = midParagraph.filter((l) => l.text.length >= widest * 0.75).length;
  const unfinished = midParagraph.filter((l) => !ENDS_SENTENCE.test(l.text)).length;
  return midParagraph.length > 0 && nearWidth >= midParagraph.length * 0.7 && unfinished * 2 >= midParagraph.length;
}

/** No headline: the first sentence, cut at a word boundary to about 100 characters. */
export function leadTitle(body: string): string {
  const paragraph = body.split('\n\n', 1)[0] ?? '';
  const firstParagraph = paragraph.slice(DATELINE.exec(paragraph.slice(0, DATELINE_CHARS))?.[0].length ?? 0);
  const sentence = firstSentence(firstParagraph);
  if (sentence.length <= LEAD_TITLE_CHARS) return sentence;
  const cut = sentence.slice(0, LEAD_TITLE_CHARS + 1);
  const space = cut.lastIndexOf(' ');
  return `${trimEndWhere(space > 40 ? cut.slice(0, space) : cut.slice(0, LEAD_TITLE_CHARS), /[\s,;:–—-]/)}…`;
}

/** "VALLETTA (MALTA) (ITALPRESS/MNA) – ", "LONDON (Reuters) - ", "(AP) — ": a dateline is no headline. */
// eslint-disable-next-line regexp/no-super-linear-backtracking -- bounded: only ever run on the first DATELINE_CHARS (400) characters of a paragraph (leadTitle)
const DATELINE = /^(?:[A-Z][A-Z.'’,/ -]*?\s*)?(?:\([^()]{1,40}\)\s*)*[-–—]\s+(?=\S)/u;

const ABBREVIATIONS =
  /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|St|Mt|Jr|Sr|Inc|Corp|Ltd|Co|No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)|\b[A-Z]|\.[A-Z])\.$/;

function firstSentence(text: string): string {
  const re = /[.!?]["”’)]?(?=\s+["“‘(]?[\p{Lu}\p{N}])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (!ABBREVIATIONS.test(text.slice(Math.max(0, m.index - 6), m.index + 1))) return text.slice(0, end);
  }
  return text;
}
