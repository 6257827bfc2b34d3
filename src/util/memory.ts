import v8 from 'node:v8';

/**
 * How far the heap may grow past what was live after the last full collection, in percent. Left to itself, V8 lets
 * a heap grow up to four times its live size between collections: for a corpus of 200,000 articles (about a
 * gigabyte live) that was 4-5 GB resident. 25% keeps the process near its live size, at the cost of collecting
 * more often; it bounds memory relative to the corpus, never a fixed limit that a larger corpus would crash into.
 */
export const HEAP_GROWTH_PERCENT = 25;

/** Applies HEAP_GROWTH_PERCENT to this process and its worker threads (a V8 flag read at every collection). */
export function boundHeapGrowth(percent = HEAP_GROWTH_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
