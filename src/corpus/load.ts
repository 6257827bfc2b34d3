/**
 * The corpus loader: a folder of .txt/.md/.json/.jsonl/.html files -> clean articles.
 *
 * Bad input never stops loading: each bad file gives exactly one warning naming it and the reason(s), and
 * everything else loads. Decisions: binary files (NUL bytes) are skipped; invalid UTF-8 bytes are read as
 * Latin-1 (noted); files above maxFileBytes are read up to it and cut at a paragraph, except a .json file, which
 * cannot be cut and is skipped, and a .jsonl feed, which is streamed with the limit applied to each line;
 * unreadable dates are null (noted), never guessed.
 */
import fsSync from 'node:fs';
import path from 'node:path';
import { cleanArticle, MAX_ARTICLE_CHARS } from './clean.ts';
import { readDate } from './dates.ts';
import { cutAtParagraph, decodeBytes } from './decode-bytes.ts';
import { formatOf, parseFile, type Format, type ParsedFile, type RawRecord } from './formats.ts';
import { readJsonLinesFile } from './jsonl.ts';
import type { Article, LoadOptions, LoadProgress, LoadResult, LoadWarning } from './types.ts';
import { chatSafeId, contentHash } from './ids.ts';
import { errorCode, listArticleFiles, relativePath } from './walk.ts';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Files loaded between two yields to the event loop. */
const YIELD_EVERY_FILES = 32;
const PROGRESS_INTERVAL_MS = 100;

export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const root = path.resolve(dir);
  const listing = await listArticleFiles(root);
  const warnings: LoadWarning[] = [];
  const warn = (w: LoadWarning) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  listing.warnings.forEach(warn);

  const perFile: Article[][] = [];
  const progress = progressReporter(listing.files.length, options.onProgress);
  const fileOptions = { ...options, onWarning: undefined };
  for (const [index, file] of listing.files.entries()) {
    // Files are read one at a time (see readHead); yielding now and then keeps timers and signals alive.
    if (index % YIELD_EVERY_FILES === YIELD_EVERY_FILES - 1) await new Promise((resolve) => setImmediate(resolve));
    const loaded = await loadFile(file, root, fileOptions);
    perFile.push(loaded.articles);
    loaded.warnings.forEach(warn);
    progress.fileDone(loaded.articles.length);
  }
  progress.finish();

  const articles = perFile.flat();
  makeIdsUnique(articles);
  return { articles, warnings: sortedWarnings(warnings) };
}

/** One file -> its articles (0..n), for the file watcher; ids are relative to root. Never throws on bad content. */
export async function loadFile(
  file: string,
  root: string,
  options: LoadOptions = {},
): Promise<{ articles: Article[]; warnings: LoadWarning[] }> {
  const rel = relativePath(path.resolve(root), path.resolve(file));
  const format = formatOf(file);
  if (!format) return { articles: [], warnings: [] };
  const notes: string[] = [];
  let articles: Article[] = [];
  try {
    const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (format === 'jsonl') articles = toArticles(readJsonLinesFile(file, maxBytes), rel, notes);
    else {
      const text = readText(file, format, maxBytes, notes);
      if (text !== null) articles = toArticles(parseFile(text, format), rel, notes);
    }
  } catch (err) {
    const isSystemError = typeof (err as NodeJS.ErrnoException)?.code === 'string';
    notes.push(
      isSystemError
        ? `could not be read (${errorCode(err)})`
        : `could not be parsed (${String((err as Error)?.message ?? err).slice(0, 80)})`,
    );
  }
  const warnings = notes.length ? [{ file: rel, reason: notes.join('; ') }] : [];
  warnings.forEach((w) => options.onWarning?.(w));
  return { articles, warnings };
}

/** The file's text, or null (with a note) when it cannot hold articles. Only maxFileBytes are ever read. */
function readText(file: string, format: Format, maxBytes: number, notes: string[]): string | null {
  const head = readHead(file, maxBytes);
  if (!head.regular) {
    notes.push('not a regular file: skipped');
    return null;
  }
  const tooBig = head.size > maxBytes;
  if (tooBig && format === 'json') {
    notes.push(`larger than ${maxBytes} bytes (${head.size}): a JSON document cannot be cut, skipped (use .jsonl)`);
    return null;
  }
  const decoded = decodeBytes(head.bytes, tooBig ? head.size : undefined);
  if ('skip' in decoded) {
    notes.push(decoded.skip);
    return null;
  }
  notes.push(...decoded.notes);
  if (!tooBig) return decoded.text;
  notes.push(`larger than ${maxBytes} bytes (${head.size}): truncated`);
  return cutAtParagraph(decoded.text);
}

interface Head {
  regular: boolean;
  size: number;
  bytes: Buffer;
}

/**
 * The first maxBytes of a file with its real size, read synchronously: for a news file (a few KB) open, fstat,
 * read and close take microseconds, and on this kind of workload the libuv thread pool costs about 7 times
 * more than the read itself. O_NONBLOCK keeps a FIFO from hanging the open; fstat then turns it away.
 */
function readHead(file: string, maxBytes: number): Head {
  const fd = fsSync.openSync(file, fsSync.constants.O_RDONLY | (fsSync.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fsSync.fstatSync(fd);
    if (!stat.isFile()) return { regular: false, size: stat.size, bytes: Buffer.alloc(0) };
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes));
    let offset = 0;
    while (offset < buffer.length) {
      const bytesRead = fsSync.readSync(fd, buffer, offset, buffer.length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { regular: true, size: stat.size, bytes: buffer.subarray(0, offset) };
  } finally {
    fsSync.closeSync(fd);
  }
}

function toArticles(parsed: ParsedFile, rel: string, notes: string[]): Article[] {
  notes.push(...parsed.notes);
  const repeatedIds = duplicateOwnIds(parsed.records);
  const articles: Article[] = [];
  const dateProblems: string[] = [];
  const cut: number[] = [];
  let empty = 0;
  for (const record of parsed.records) {
    const article = toArticle(record, rel, repeatedIds, dateProblems, cut);
    if (article) articles.push(article);
    else empty++;
  }
  if (cut.length) {
    const longest = cut.reduce((a, b) => Math.max(a, b), 0).toLocaleString('en');
    const limit = MAX_ARTICLE_CHARS.toLocaleString('en');
    notes.push(
      cut.length === 1
        ? `an article cut to its first ${limit} characters (it had ${longest})`
        : `${cut.length} articles cut to their first ${limit} characters (the longest had ${longest})`,
    );
  }
  if (dateProblems.length === 1) notes.push(`${dateProblems[0]}: date left empty`);
  else if (dateProblems.length > 1)
    notes.push(`${dateProblems.length} unreadable dates left empty (first: ${dateProblems[0]})`);
  if (empty)
    notes.push(
      parsed.records.length === 1 && !articles.length
        ? 'no article text'
        : `${empty} record(s) with no article text skipped`,
    );
  return articles;
}

function toArticle(
  record: RawRecord,
  rel: string,
  repeatedIds: Set<string>,
  dateProblems: string[],
  cut: number[],
): Article | null {
  const cleaned = cleanArticle({ text: record.text, title: record.title, source: record.source });
  if (!cleaned.body) return null;
  if (cleaned.cutFrom !== null) cut.push(cleaned.cutFrom);
  let date = cleaned.markerDate;
  if (cleaned.markerProblem) dateProblems.push(cleaned.markerProblem);
  if (record.date != null && record.date !== '') {
    const reading = readDate(record.date);
    if (reading.date) date = reading.date;
    else if ('problem' in reading) dateProblems.push(reading.problem);
  }
  const pathWithRecord = record.record === null ? rel : `${rel}#${record.record}`;
  const derivedId = record.record === null ? withoutExtension(rel) : `${withoutExtension(rel)}#${record.record}`;
  const id = chatSafeId(record.ownId && !repeatedIds.has(record.ownId) ? record.ownId : derivedId);
  return {
    id,
    title: cleaned.title,
    body: cleaned.body,
    date,
    source: cleaned.source,
    url: record.url,
    words: wordCount(cleaned.body),
    path: pathWithRecord,
    contentHash: contentHash(cleaned.title, cleaned.body),
    groupId: id,
  };
}

function duplicateOwnIds(records: RawRecord[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { ownId } of records) {
    if (!ownId) continue;
    if (seen.has(ownId)) repeated.add(ownId);
    seen.add(ownId);
  }
  return repeated;
}

function withoutExtension(rel: string): string {
  const ext = path.posix.extname(rel);
  return ext ? rel.slice(0, -ext.length) : rel;
}

export function wordCount(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}

/**
 * Ids must be unique across the corpus. A later article (in path order) whose id is taken, by a record's own id
 * in another file or by "a.txt" next to "a.md", falls back to its path, which is unique by construction.
 */
export function makeIdsUnique(articles: Article[], taken = new Set<string>()): void {
  for (const article of articles) {
    if (taken.has(article.id)) {
      let id = chatSafeId(article.path);
      for (let n = 2; taken.has(id); n++) id = `${article.path}~${n}`;
      article.id = id;
      article.groupId = id;
    }
    taken.add(article.id);
  }
}

function sortedWarnings(warnings: LoadWarning[]): LoadWarning[] {
  return [...warnings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Progress at the start, at most every 100 ms while loading, and at the end. */
function progressReporter(filesTotal: number, onProgress?: (p: LoadProgress) => void) {
  let filesDone = 0;
  let articles = 0;
  let last = 0;
  const report = () => {
    last = Date.now();
    onProgress?.({ filesDone, filesTotal, articles });
  };
  report();
  return {
    fileDone(count: number) {
      filesDone++;
      articles += count;
      if (Date.now() - last >= PROGRESS_INTERVAL_MS && filesDone < filesTotal) report();
    },
    finish: report,
  };
}
