/**
 * JSON.stringify of a large value, made a piece at a time: the search index's saved state at 260,000 articles is
 * 12 MB of JSON (its ids, lengths and terms), and making it in one piece held the event loop 100-350 ms. Arrays are
 * cut into runs of items, objects into their fields; the pieces put together are byte for byte JSON.stringify(value).
 */

/** Array items stringified together: a few milliseconds of work. */
export const ITEMS_PER_PIECE = 8192;
/** Pieces gathered into buffers of about this size (each written as it is made). */
export const BYTES_PER_BUFFER = 1 << 19;

export function* jsonPieces(value: unknown, itemsPerPiece = ITEMS_PER_PIECE): Generator<string> {
  if (Array.isArray(value) && value.length > itemsPerPiece) {
    for (let from = 0; from < value.length; from += itemsPerPiece) {
      const run = JSON.stringify(value.slice(from, from + itemsPerPiece));
      yield `${from === 0 ? '[' : ','}${run.slice(1, -1)}`;
    }
    yield ']';
  } else if (isPlainObject(value)) {
    let first = true;
    for (const [key, field] of Object.entries(value)) {
      // As JSON.stringify does: fields it cannot write are left out.
      if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
      yield `${first ? '{' : ','}${JSON.stringify(key)}:`;
      yield* jsonPieces(field, itemsPerPiece);
      first = false;
    }
    yield first ? '{}' : '}';
  } else yield JSON.stringify(value);
}

/** Pieces as buffers of at least `bytes` (the last one maybe less), each made when asked for. */
export function* piecesAsBuffers(pieces: Iterable<string>, bytes = BYTES_PER_BUFFER): Generator<Buffer> {
  let held: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    held.push(piece);
    length += piece.length;
    if (length >= bytes) {
      yield Buffer.from(held.join(''));
      [held, length] = [[], 0];
    }
  }
  if (held.length) yield Buffer.from(held.join(''));
}

/** An object JSON.stringify writes field by field (not an array, not one with its own toJSON, like a Date). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
