/**
 * CPU time of the calling thread (not the process): what one worker thread spent, while other threads run. Linux
 * keeps it per thread in /proc/thread-self/schedstat (first field: nanoseconds on a CPU); a synchronous read runs on
 * the calling thread, so it names that thread. Elsewhere, null.
 */
import { readFileSync } from 'node:fs';

export function threadCpuMs(): number | null {
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ', 1)[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
}
