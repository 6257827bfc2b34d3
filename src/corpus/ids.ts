import { createHash } from 'node:crypto';

/**
 * Article ids reach chat (source lists, buttons, the CLI), so an id made from a file name or from a record's own
 * id field never carries what a reader cannot see or what rearranges a line: control characters (newlines
 * included), format characters (zero-width, bidi embeddings, overrides and isolates) and line separators each
 * become "_". Very long ids are cut (the loader makes ids unique afterwards).
 */
const UNSEEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
export const MAX_ID_LENGTH = 200;

export function chatSafeId(id: string): string {
  return id.slice(0, MAX_ID_LENGTH).replace(UNSEEN, '_') || '_';
}

/** An article's content hash (Article.contentHash): sha1 (hex) of title and body, so it changes exactly with them. */
export function contentHash(title: string, body: string): string {
  return createHash('sha1').update(`${title}\n${body}`).digest('hex');
}
