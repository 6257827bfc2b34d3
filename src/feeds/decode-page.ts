/**
 * A fetched page's bytes -> text, by the HTML standard's order (encoding sniffing, WHATWG HTML 13.2.3.2): a byte
 * order mark wins; then the Content-Type's charset; then a `<meta charset>` or `<meta http-equiv="Content-Type">`
 * in the first 1,024 bytes (a UTF-16 label there means UTF-8, x-user-defined means windows-1252); else UTF-8, or
 * windows-1252 where the bytes are not UTF-8.
 */
import { decodeWindows1252 } from './parse.ts';

/** How far the standard's prescan looks for a `<meta>` charset. */
const PRESCAN_BYTES = 1024;

export function decodePage(bytes: Uint8Array, contentType: string | null): string {
  const encoding = bomEncoding(bytes) ?? known(charsetIn(contentType)) ?? metaEncoding(bytes);
  if (encoding) return decodeAs(encoding, bytes);
  try {
    return withoutBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** The encoding named by a byte order mark, if the bytes start with one. */
export function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/** The charset a `<meta>` in the first 1,024 bytes declares, as the prescan reads it; null if none is known. */
export function metaEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, PRESCAN_BYTES))
    .toString('latin1')
    .replace(/<!--[\s\S]*?-->/g, '');
  for (const [, inside] of head.matchAll(/<meta[\s/]([^>]*)/gi)) {
    const attrs = attributes(inside);
    const httpEquiv =
      attrs.get('http-equiv')?.toLowerCase() === 'content-type' ? charsetIn(attrs.get('content') ?? null) : null;
    const label = known(attrs.get('charset') ?? httpEquiv);
    if (!label) continue;
    if (label === 'utf-16le' || label === 'utf-16be') return 'utf-8';
    return label === 'x-user-defined' ? 'windows-1252' : label;
  }
  return null;
}

/** A tag's attributes (names lower-cased; the first of a name wins, as in the standard). */
function attributes(inside: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of inside.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    const name = m[1].toLowerCase();
    if (!attrs.has(name)) attrs.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function charsetIn(contentType: string | null): string | null {
  const m = /charset\s*=\s*["']?([\w.:-]{1,40})/i.exec(contentType ?? '');
  return m ? m[1] : null;
}

/** The standard's name for a label, or null for a label no decoder knows. */
function known(label: string | null): string | null {
  if (!label) return null;
  if (label.trim().toLowerCase() === 'x-user-defined') return 'x-user-defined';
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

function decodeAs(encoding: string, bytes: Uint8Array): string {
  if (encoding === 'windows-1252' || encoding === 'x-user-defined') return decodeWindows1252(bytes);
  return withoutBom(new TextDecoder(encoding).decode(bytes));
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
