/**
 * The index state's meta (its version and the articles it covers) as JSON, made a piece at a time: at 260,000
 * articles the whole of it is 30 MB, and making it in one piece (JSON.stringify, then Buffer.from) held the event loop
 * 130-700 ms. The pieces put together are byte for byte JSON.stringify({ version, covers }), so a reader parses them
 * as one document, as before.
 */
import type { CoveredArticle } from './types.ts';

/** Covered articles a piece: about 1 MB of JSON, a few milliseconds to make. */
export const COVERS_PER_PIECE = 8192;

export function* indexMetaPieces(
  version: string,
  covers: readonly CoveredArticle[],
  perPiece = COVERS_PER_PIECE,
): Generator<Buffer> {
  const head = `{"version":${JSON.stringify(version)},"covers":[`;
  if (!covers.length) yield Buffer.from(`${head}]}`);
  for (let from = 0; from < covers.length; from += perPiece) {
    const list = JSON.stringify(covers.slice(from, from + perPiece));
    const last = from + perPiece >= covers.length;
    yield Buffer.from(`${from === 0 ? head : ','}${list.slice(1, -1)}${last ? ']}' : ''}`);
  }
}
