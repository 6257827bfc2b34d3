/**
 * Where the corpus's analyses are kept: as JSON bytes, not as objects. 200,000 parsed analyses hold gigabytes of
 * heap; their bytes are a fraction of that, and past a limit even those leave memory for a file (a snapshot's own
 * lines, or a temporary file deleted as soon as it is opened), read back when an answer needs them. The analyses an
 * answer reads are parsed and kept in a small cache of the most recently used, so a corpus costs the same memory at
 * 5 articles or at hundreds of thousands, and a name asked about twice is not parsed twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ArticleAnalysis, DatedStatement } from '../understanding/analysis-types.ts';

/** A file read at offsets; its descriptor is closed when nothing refers to it any more. */
export class ByteFile {
  constructor(readonly fd: number) {
    closeWhenUnreachable.register(this, fd);
  }

  read(offset: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, bytes, done, length - done, offset + done);
      if (n === 0) throw new Error('file is shorter than its index says');
      done += n;
    }
    return bytes;
  }
}

const closeWhenUnreachable = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));

/**
 * Bytes another store keeps and reads at once when asked (the SQLite article store's row of this analysis): nothing
 * is copied at start. `read` gives undefined once the row is gone or replaced (the article changed or left, and the
 * engine is about to let it go): the analysis then reads as absent, never as another version's.
 */
export class StoredPlace {
  constructor(readonly read: () => Buffer | undefined) {}
}

/** Where the bytes of one JSON value are: in memory, in a file, or in the article store. */
export type Place = Buffer | { file: ByteFile; offset: number; length: number } | StoredPlace;

/** The JSON of an analysis no longer stored. */
const GONE = Buffer.from('null');

export function readPlace(place: Place): Buffer {
  if (Buffer.isBuffer(place)) return place;
  if (place instanceof StoredPlace) return place.read() ?? GONE;
  return place.file.read(place.offset, place.length);
}

/** An append-only temporary file, unlinked at once: it leaves nothing behind, however the process ends. */
class SpillFile extends ByteFile {
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  static open(): SpillFile {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefbot-analyses-'));
    const file = path.join(dir, 'analyses.jsonl');
    const fd = fs.openSync(file, 'w+');
    fs.rmSync(dir, { recursive: true, force: true });
    return new SpillFile(fd);
  }

  append(bytes: Buffer): Place {
    const place = { file: this as ByteFile, offset: this.size + this.pendingBytes, length: bytes.length };
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= WRITE_BATCH_BYTES) this.flush();
    return place;
  }

  override read(offset: number, length: number): Buffer {
    if (offset + length > this.size) this.flush();
    return super.read(offset, length);
  }

  private flush(): void {
    const bytes = Buffer.concat(this.pending, this.pendingBytes);
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

const WRITE_BATCH_BYTES = 1 << 20;
const STATEMENTS_KEY = '"statements":';

/** An analysis as JSON bytes, statements last, so that statementsOf can parse them alone. */
export function analysisBytes(analysis: ArticleAnalysis): Buffer {
  return Buffer.from(analysisJson(analysis));
}

/** The text of analysisBytes (what a worker thread hands over: a string crosses threads as a copy, not parsed). */
export function analysisJson(analysis: ArticleAnalysis): string {
  const { statements, ...rest } = analysis;
  return `${JSON.stringify(rest).slice(0, -1)},${STATEMENTS_KEY}${JSON.stringify(statements)}}`;
}

export interface AnalysisStoreOptions {
  /** Bytes of analyses kept in memory before they move to a temporary file. Default 64 MB (about 20,000 news articles). */
  memoryBytes?: number;
  /** Parsed analyses kept for reuse. Default 4,096. */
  cacheSize?: number;
}

export class AnalysisStore {
  private readonly places = new Map<string, Place>();
  private readonly cache = new Map<string, ArticleAnalysis>();
  private readonly memoryLimit: number;
  private readonly cacheSize: number;
  private inMemory = 0;
  private spill: SpillFile | null = null;

  constructor(options: AnalysisStoreOptions = {}) {
    this.memoryLimit = options.memoryBytes ?? 64 << 20;
    this.cacheSize = Math.max(1, options.cacheSize ?? 4096);
  }

  put(analysis: ArticleAnalysis): void {
    this.cache.delete(analysis.articleId);
    this.keep(analysis.articleId, analysisBytes(analysis));
  }

  /** Takes bytes that are already somewhere (a snapshot's line): nothing is copied or parsed. */
  adopt(articleId: string, place: Place): void {
    if (this.places.get(articleId) === place) return; // held already (an open adopts as it reads, then restores)
    this.cache.delete(articleId);
    if (Buffer.isBuffer(place)) this.keep(articleId, place);
    else this.places.set(articleId, place);
  }

  delete(articleId: string): void {
    this.places.delete(articleId);
    this.cache.delete(articleId);
  }

  /** Where an analysis's bytes are (to write a snapshot without parsing them). */
  placeOf(articleId: string): Place | undefined {
    return this.places.get(articleId);
  }

  /** An article's analysis, parsed (or taken from the cache of recent ones). Never mutate it: it is shared. */
  get(articleId: string): ArticleAnalysis | undefined {
    const cached = this.cache.get(articleId);
    if (cached) {
      // Map order is insertion order: re-inserting makes it the most recently used.
      this.cache.delete(articleId);
      this.cache.set(articleId, cached);
      return cached;
    }
    const analysis = this.parse(articleId);
    if (!analysis) return undefined;
    this.cache.set(articleId, analysis);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    return analysis;
  }

  /**
   * An article's dated statements: a timeline reads a thousand articles' statements and nothing else of them, so
   * only they are parsed (two fifths of an analysis), unless the whole analysis is cached already.
   */
  statementsOf(articleId: string): DatedStatement[] | undefined {
    return (
      this.cache.get(articleId)?.statements ??
      this.parseSplit(
        articleId,
        (bytes, at) => bytes.toString('utf8', at + STATEMENTS_KEY.length, bytes.length - 1),
        (a) => a.statements,
      )
    );
  }

  /** An article's analysis but its statements (what a profile reads: names, roles, quotes), parsed alone likewise. */
  withoutStatements(articleId: string): Omit<ArticleAnalysis, 'statements'> | undefined {
    return (
      this.cache.get(articleId) ??
      this.parseSplit(
        articleId,
        (bytes, at) => `${bytes.toString('utf8', 0, at - 1)}}`,
        (a) => a,
      )
    );
  }

  /**
   * Parses the part of an analysis's bytes that `slice` cuts at the statements key. Inside a JSON string a quote is
   * escaped, so the key's bytes occur only as the key (the last one: see put). Bytes written otherwise are parsed whole.
   */
  private parseSplit<T>(
    articleId: string,
    slice: (bytes: Buffer, at: number) => string,
    whole: (a: ArticleAnalysis) => T,
  ): T | undefined {
    const place = this.places.get(articleId);
    if (!place) return undefined;
    const bytes = readPlace(place);
    const at = bytes.indexOf(STATEMENTS_KEY);
    try {
      if (at > 0) return JSON.parse(slice(bytes, at)) as T;
    } catch {
      // not written by put()
    }
    const analysis = JSON.parse(bytes.toString('utf8')) as ArticleAnalysis | null;
    return analysis ? whole(analysis) : undefined;
  }

  /** An analysis parsed afresh, bypassing the cache: for passes over every article, which would only flush it. */
  parse(articleId: string): ArticleAnalysis | undefined {
    const place = this.places.get(articleId);
    return (place && (JSON.parse(readPlace(place).toString('utf8')) as ArticleAnalysis | null)) ?? undefined;
  }

  private keep(articleId: string, bytes: Buffer): void {
    if (this.spill) {
      this.places.set(articleId, this.spill.append(bytes));
      return;
    }
    this.places.set(articleId, bytes);
    this.inMemory += bytes.length;
    if (this.inMemory > this.memoryLimit) this.moveToFile();
  }

  private moveToFile(): void {
    const spill = (this.spill = SpillFile.open());
    for (const [id, place] of this.places) if (Buffer.isBuffer(place)) this.places.set(id, spill.append(place));
    this.inMemory = 0;
  }
}
