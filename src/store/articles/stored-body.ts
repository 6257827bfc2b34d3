/**
 * Articles listed without their bodies. An open of a store that reads a row at once (SQLite) lists every article's
 * fields but not its text: the body is read from the store when an answer, the analyzer or the search index asks for
 * it. At 200,000 articles the bodies are about 280 MB of JSON to parse and keep at each start; a one-shot
 * `briefbot ask` reads the few bodies its answer quotes.
 *
 * A body read after its article changed in the store (another content hash) or left it reads as empty, never as the
 * new article's text: the analysis held for this article was made from this content.
 */
import { LRUCache } from 'lru-cache';
import type { Article } from '../../corpus/types.ts';

/** Reads an article's body as stored for that content; undefined when the store no longer holds that content. */
export type ReadBody = (id: string, contentHash: string) => string | undefined;

/** An article whose body stays in the store until used. JSON.stringify writes it whole (toJSON). */
export class ArticleWithStoredBody implements Article {
  id!: string;
  title!: string;
  date!: string | null;
  source!: string | null;
  url!: string | null;
  words!: number;
  path!: string;
  contentHash!: string;
  groupId!: string;
  readonly #read: ReadBody;

  constructor(fields: Omit<Article, 'body'>, read: ReadBody) {
    Object.assign(this, fields);
    this.#read = read;
  }

  get body(): string {
    return this.#read(this.id, this.contentHash) ?? '';
  }

  toJSON(): Article {
    return { ...this, body: this.body };
  }
}

/** Characters of recently read bodies kept: an answer reads the same few dozen articles' bodies several times. */
const CACHED_BODY_CHARS = 8_000_000;

/** `read` with the recently read bodies kept in memory (a cold load reads each body twice: analyzer, search index). */
export function cachedBodies(read: ReadBody, maxChars = CACHED_BODY_CHARS): ReadBody {
  const cache = new LRUCache<string, string>({ maxSize: maxChars, sizeCalculation: (body) => body.length + 1 });
  return (id, contentHash) => {
    const key = `${contentHash}\0${id}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const body = read(id, contentHash);
    if (body !== undefined && body.length < maxChars) cache.set(key, body);
    return body;
  };
}
