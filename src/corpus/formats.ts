/** One decoded file -> its raw records, by format: plain text, Markdown with front matter, JSON, JSON lines, HTML. */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { htmlFragmentText, looksLikeHtml } from './html.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan, TOO_DEEP_NOTE } from './json-depth.ts';
import { markdownToText } from './markdown.ts';
import { extractPage } from '../extract/extract.ts';

/** An article as found in the file, before cleaning. */
export interface RawRecord {
  text: string;
  title: string | null;
  /** As written (string, number or Date); normalised by the loader. */
  date: unknown;
  source: string | null;
  url: string | null;
  /** The record's own id field, if any. */
  ownId: string | null;
  /** 1-based record number inside a .json array or line number inside a .jsonl file; null for one-article files. */
  record: number | null;
}

export interface ParsedFile {
  records: RawRecord[];
  /** Problems worth one line in the file's warning (the file still loads what it can). */
  notes: string[];
}

export type Format = 'text' | 'markdown' | 'json' | 'jsonl' | 'html';

export function formatOf(file: string): Format | null {
  switch (path.extname(file).toLowerCase()) {
    case '.txt':
      return 'text';
    case '.md':
    case '.markdown':
      return 'markdown';
    case '.json':
      return 'json';
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    case '.html':
    case '.htm':
      return 'html';
    default:
      return null;
  }
}

export function parseFile(text: string, format: Format): ParsedFile {
  switch (format) {
    case 'text':
      return parseTextFile(text, false);
    case 'markdown':
      return parseTextFile(text, true);
    case 'json':
      return parseJson(text);
    case 'jsonl':
      return parseJsonLines(text);
    case 'html':
      return { records: [htmlRecord(text)], notes: [] };
  }
}

function emptyRecord(text: string): RawRecord {
  return { text, title: null, date: null, source: null, url: null, ownId: null, record: null };
}

/** Plain text or Markdown, either with optional YAML front matter (title, date, source, url). */
function parseTextFile(text: string, markdown: boolean): ParsedFile {
  const notes: string[] = [];
  const front = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  let record = emptyRecord(text);
  if (front) {
    record = { ...record, text: text.slice(front[0].length) };
    try {
      const meta: unknown = parseYaml(front[1], { maxAliasCount: 50 });
      if (meta && typeof meta === 'object' && !Array.isArray(meta))
        record = { ...record, ...fieldsOf(meta as Record<string, unknown>) };
      else if (meta != null) notes.push('front matter is not a set of fields: ignored');
    } catch {
      notes.push('front matter is not valid YAML: ignored');
    }
  }
  if (markdown) record.text = markdownToText(record.text);
  return { records: [record], notes };
}

function htmlRecord(html: string): RawRecord {
  // The feeds' page extractor: F1 0.965 against 0.877 for html.ts on the article-extraction benchmark (docs/feeds.md).
  const page = extractPage(html);
  return { ...emptyRecord(page.text), title: page.title || null, date: page.date, source: page.source, url: page.url };
}

/** A JSON file: one article object, an array of them, or an object holding such an array under "articles"/"items". */
function parseJson(text: string): ParsedFile {
  if (nestsDeeperThan(text)) return { records: [], notes: [TOO_DEEP_NOTE] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { records: [], notes: [`malformed JSON (${(err as Error).message.slice(0, 80)}): skipped`] };
  }
  const list = articleList(data);
  if (!list) return fromRecords([data], null);
  return fromRecords(list, 1);
}

function articleList(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    if (textOf(record) === null) {
      for (const key of ['articles', 'items', 'data', 'results'])
        if (Array.isArray(record[key])) return record[key] as unknown[];
    }
  }
  return null;
}

/** One object per line; blank lines are fine, the others are counted and named in one note. Ids use line numbers. */
function parseJsonLines(text: string): ParsedFile {
  const tally = new JsonLinesTally();
  text.split('\n').forEach((line, i) => tally.add(line, i + 1));
  return tally.result();
}

/** Collects a JSON-lines file's records line by line (the loader streams big files through it). */
export class JsonLinesTally {
  private readonly records: RawRecord[] = [];
  private malformed = 0;
  private tooDeep = 0;
  private unusable = 0;
  private readonly extraNotes: string[] = [];

  add(line: string, lineNumber: number): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    if (nestsDeeperThan(trimmed)) {
      this.tooDeep++;
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch {
      this.malformed++;
      return;
    }
    const record = recordOf(data, lineNumber);
    if (record) this.records.push(record);
    else this.unusable++;
  }

  /** A line that could not even be decoded (binary) counts as malformed. */
  addMalformed(): void {
    this.malformed++;
  }

  note(text: string): void {
    this.extraNotes.push(text);
  }

  result(): ParsedFile {
    const notes = [...this.extraNotes];
    if (this.malformed) notes.push(`${this.malformed} malformed JSON line(s) skipped`);
    if (this.tooDeep) notes.push(`${this.tooDeep} line(s) nested deeper than ${MAX_JSON_DEPTH} levels skipped`);
    if (this.unusable) notes.push(`${this.unusable} line(s) without an article object with text skipped`);
    return { records: this.records, notes };
  }
}

function fromRecords(items: unknown[], firstNumber: number | null): ParsedFile {
  const records: RawRecord[] = [];
  let unusable = 0;
  items.forEach((item, index) => {
    const record = recordOf(item, firstNumber === null ? null : firstNumber + index);
    if (record) records.push(record);
    else unusable++;
  });
  const what =
    firstNumber === null
      ? 'not an article object with text: skipped'
      : `${unusable} record(s) without an article object with text skipped`;
  return { records, notes: unusable ? [what] : [] };
}

function recordOf(data: unknown, number: number | null): RawRecord | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const fields = data as Record<string, unknown>;
  const text = textOf(fields);
  if (text === null) return null;
  return { ...emptyRecord(looksLikeHtml(text) ? htmlFragmentText(text) : text), ...fieldsOf(fields), record: number };
}

function textOf(fields: Record<string, unknown>): string | null {
  for (const key of ['text', 'body', 'content', 'article']) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}

/** The metadata fields we read, under their common names. */
function fieldsOf(fields: Record<string, unknown>): Partial<RawRecord> {
  const out: Partial<RawRecord> = {};
  const title = firstString(fields, ['title', 'headline']);
  if (title) out.title = title;
  const dateKey = ['date', 'published', 'published_at', 'publishedAt', 'pubDate', 'datePublished'].find(
    (k) => fields[k] != null && fields[k] !== '',
  );
  if (dateKey) out.date = fields[dateKey];
  const source =
    firstString(fields, ['source', 'outlet', 'publisher', 'site']) ?? nestedName(fields.source ?? fields.publisher);
  if (source) out.source = source;
  const url = firstString(fields, ['url', 'link']);
  if (url) out.url = url;
  const id = fields.id;
  if ((typeof id === 'string' && id.trim()) || (typeof id === 'number' && Number.isFinite(id)))
    out.ownId = String(id).trim();
  return out;
}

function firstString(fields: Record<string, unknown>, keys: string[]): string | null {
  for (const key of keys) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim()) return value.replace(/\s+/g, ' ').trim();
  }
  return null;
}

function nestedName(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const name = (value as Record<string, unknown>).name;
  return typeof name === 'string' && name.trim() ? name.trim() : null;
}
