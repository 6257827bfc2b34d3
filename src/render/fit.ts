/** Length helpers shared by every renderer: nothing is ever cut mid-word. */
import { trimEndWhere } from '../util/trim-end.ts';

/** Cuts text to at most max characters at a word boundary, adding "…" when something was cut. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const room = text.slice(0, max - 1);
  const lastSpace = room.search(/\s\S*$/);
  const cut = lastSpace > max * 0.5 ? room.slice(0, lastSpace) : room;
  return trimEndWhere(cut, /[\s,;:.–—-]/u) + '…';
}

/** "+3 more events" */
export function moreLine(count: number, noun = 'items'): string {
  return `+${count} more ${noun}`;
}

/** Wraps each whole-word occurrence of the emphasised words in already-escaped text with the platform's bold marks. */
export function emphasize(escaped: string, words: string[] | undefined, mark: string): string {
  const terms = (words ?? []).filter((w) => /^[\p{L}\p{N}][\p{L}\p{N}'’-]*$/u.test(w));
  if (terms.length === 0) return escaped;
  // No "\-" in the escapes: with the u flag it is an invalid escape (a hyphenated word threw).
  const alternation = [...new Set(terms)]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  return escaped.replace(
    new RegExp(`(?<![\\p{L}\\p{N}])(${alternation})(?![\\p{L}\\p{N}])`, 'giu'),
    `${mark}$1${mark}`,
  );
}

/** Escaped text of at most max characters (where it can be), cut at a word before escaping so no escape is split. */
export function fitEscaped(text: string, max: number, escape: (text: string) => string): string {
  let room = max;
  let out = escape(truncateAtWord(text, room));
  while (out.length > max && room > 1) {
    room = Math.max(1, Math.floor(room * 0.8));
    out = escape(truncateAtWord(text, room));
  }
  return out;
}
