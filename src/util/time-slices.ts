/**
 * Long work on the main thread cut into slices that each hold the event loop at most about `sliceMs`: call
 * `await slices.tick()` between small steps; it yields to the event loop (setImmediate: I/O and timers run first)
 * once the slice's time is spent, and costs one clock read otherwise.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

export class TimeSlices {
  private sliceStart = performance.now();
  /** How many times the work yielded (tests read it: a long job that never yields would hold the loop). */
  yields = 0;

  constructor(private readonly sliceMs = DEFAULT_SLICE_MS) {}

  async tick(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await nextTurn();
    this.yields++;
    this.sliceStart = performance.now();
  }

  /** fn on each item in order, ticking after each. */
  async each<T>(items: Iterable<T>, fn: (item: T, index: number) => void): Promise<void> {
    let index = 0;
    for (const item of items) {
      fn(item, index++);
      await this.tick();
    }
  }
}

/** A slice short beside a chat acknowledgement (3 s) and an answer's own time. */
export const DEFAULT_SLICE_MS = 10;
