/**
 * Characters a person cannot see but a matcher does: C0 controls but tab and newline, DEL, C1 controls,
 * zero-width spaces and joiners, direction marks and embeddings/overrides/isolates, line and paragraph
 * separators, the word joiner and the byte-order mark. Typed text from every platform is cleaned of them
 * before it is parsed, so "haf\u200btar" finds Haftar and U+202E never turns an answer around.
 */
const INVISIBLE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
