/**
 * Many values as JSON lines in one byte array (JSON text never holds a raw newline): what a worker thread hands the
 * main thread, where the array is moved (transferred) at no cost and read a line at a time, rather than thousands of
 * objects rebuilt there in one go by structured clone.
 */
const NEWLINE = 0x0a;

/** Values as UTF-8 JSON lines; null as an empty line. The array owns its buffer whole (it can be transferred). */
export function toJsonLines(values: readonly unknown[]): Uint8Array {
  return linesOf(values.map((v) => (v === null ? '' : JSON.stringify(v))));
}

/** Texts without newlines as UTF-8 lines in a byte array that owns its buffer whole. */
export function linesOf(texts: readonly string[]): Uint8Array {
  return new TextEncoder().encode(texts.join('\n'));
}

/** The first `count` lines of such an array, each as its own bytes (a copy: the big array can go). */
export function* byteLines(bytes: Uint8Array, count: number): Generator<Buffer> {
  let at = 0;
  for (let i = 0; i < count; i++) {
    const end = bytes.indexOf(NEWLINE, at);
    const stop = end === -1 ? bytes.length : end;
    yield Buffer.from(bytes.subarray(at, stop));
    at = stop + 1;
  }
}
