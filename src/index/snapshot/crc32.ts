/** The CRC-32 of the snapshot's lines (zlib's where Node has it). */
import zlib from 'node:zlib';

/** CRC-32 as zlib computes it, continuing from value: zlib's own from Node 20.15, a table-driven one before. */
export const crc32: (data: Buffer | string, value: number) => number = zlib.crc32 ?? crc32InJs;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32InJs(data: Buffer | string, value: number): number {
  let c = ~value;
  for (const byte of typeof data === 'string' ? Buffer.from(data) : data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
