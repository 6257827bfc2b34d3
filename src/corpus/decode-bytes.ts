/** Bytes of a file -> text, deciding what to do with binary data, foreign encodings and oversized files. */

export type Decoded = { text: string; notes: string[] } | { skip: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file's bytes. `truncatedFrom` is the real size when only the first bytes were read.
 * Policy: NUL bytes (outside a UTF-16 byte-order mark) mean a binary file, skipped; bytes that are not valid
 * UTF-8 are read one by one as Latin-1 (so a stray byte in an otherwise UTF-8 file costs one character, not
 * the whole file), and a note says so.
 */
export function decodeBytes(bytes: Uint8Array, truncatedFrom?: number): Decoded {
  if (bytes.length === 0) return { skip: 'empty file: skipped' };
  const utf16 = utf16Encoding(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), notes: [] };
  if (hasNul(bytes)) return { skip: 'binary file (contains NUL bytes): skipped' };
  const body = truncatedFrom === undefined ? bytes : withoutPartialCharacter(bytes);
  try {
    return { text: stripBom(strictUtf8.decode(body)), notes: [] };
  } catch {
    const { text, invalid } = decodeLenient(body);
    return { text: stripBom(text), notes: [`not valid UTF-8: ${invalid} byte(s) read as Latin-1`] };
  }
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Text files never hold NUL; looking at the first 8 KB is what git does and is enough in practice. */
function hasNul(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A cut at a byte limit may split a multi-byte character: drop its leading bytes rather than report bad UTF-8. */
function withoutPartialCharacter(bytes: Uint8Array): Uint8Array {
  let start = bytes.length - 1;
  const floor = Math.max(0, bytes.length - 4);
  while (start > floor && (bytes[start] & 0xc0) === 0x80) start--;
  const lead = bytes[start];
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start < needed ? bytes.subarray(0, start) : bytes;
}

/** UTF-8 where the bytes are valid, Latin-1 for each byte that is not. */
function decodeLenient(bytes: Uint8Array): { text: string; invalid: number } {
  const parts: string[] = [];
  let invalid = 0;
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (i > runStart) parts.push(strictUtf8.decode(bytes.subarray(runStart, i)));
    parts.push(String.fromCharCode(bytes[i]));
    invalid++;
    i++;
    runStart = i;
  }
  if (runStart < bytes.length) parts.push(strictUtf8.decode(bytes.subarray(runStart)));
  return { text: parts.join(''), invalid };
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there cannot start one. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  let length: number;
  let min: number;
  if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
  else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
  else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
  else return 0;
  if (i + length > bytes.length) return 0;
  let code = b & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const c = bytes[i + k];
    if ((c & 0xc0) !== 0x80) return 0;
    code = (code << 6) | (c & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

/** Cuts text that was read only in part back to its last complete paragraph (else line, else word). */
export function cutAtParagraph(text: string): string {
  const floor = text.length / 2;
  for (const boundary of ['\n\n', '\n', ' ']) {
    const at = text.lastIndexOf(boundary);
    if (at > floor) return text.slice(0, at);
  }
  return text;
}
