/**
 * JSON-lines files are read as a stream of lines, so a feed of any length loads (maxFileBytes then limits each
 * line, not the file) while memory holds only the articles and one chunk of the file.
 */
import fs from 'node:fs';
import { decodeBytes } from './decode-bytes.ts';
import { JsonLinesTally, type ParsedFile } from './formats.ts';

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

export function readJsonLinesFile(file: string, maxLineBytes: number): ParsedFile {
  const tally = new JsonLinesTally();
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { records: [], notes: ['not a regular file: skipped'] };
    if (stat.size === 0) return { records: [], notes: ['empty file: skipped'] };
    const counts = { latin1Bytes: 0, tooLong: 0 };
    forEachLine(fd, maxLineBytes, (bytes, lineNumber) => {
      if (bytes === null) {
        counts.tooLong++;
        return;
      }
      const decoded = decodeBytes(bytes);
      if ('skip' in decoded) {
        if (bytes.length > 0) tally.addMalformed();
        return;
      }
      // eslint-disable-next-line regexp/no-super-linear-move -- bounded: the note is our own short sentence (decode-bytes.ts), not file text
      if (decoded.notes.length) counts.latin1Bytes += Number(/(\d+) byte/.exec(decoded.notes[0])?.[1] ?? 0);
      tally.add(decoded.text, lineNumber);
    });
    if (counts.latin1Bytes) tally.note(`not valid UTF-8: ${counts.latin1Bytes} byte(s) read as Latin-1`);
    if (counts.tooLong) tally.note(`${counts.tooLong} line(s) longer than ${maxLineBytes} bytes skipped`);
    return tally.result();
  } finally {
    fs.closeSync(fd);
  }
}

/** Calls visit with each line's bytes (without the newline) and its 1-based number; null for a line too long. */
function forEachLine(
  fd: number,
  maxLineBytes: number,
  visit: (bytes: Buffer | null, lineNumber: number) => void,
): void {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let tooLong = false;
  let lineNumber = 1;
  const endLine = (tail: Buffer) => {
    const long = tooLong || carryBytes + tail.length > maxLineBytes;
    visit(long ? null : carry.length ? Buffer.concat([...carry, tail]) : tail, lineNumber++);
    carry = [];
    carryBytes = 0;
    tooLong = false;
  };
  for (let bytesRead = fs.readSync(fd, chunk); bytesRead > 0; bytesRead = fs.readSync(fd, chunk)) {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1 && nl < bytesRead; nl = chunk.indexOf(NEWLINE, start)) {
      endLine(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < bytesRead && !tooLong) {
      carry.push(Buffer.from(chunk.subarray(start, bytesRead)));
      carryBytes += bytesRead - start;
      if (carryBytes > maxLineBytes) {
        tooLong = true;
        carry = [];
      }
    }
  }
  if (carryBytes > 0 || tooLong) endLine(Buffer.alloc(0));
}
