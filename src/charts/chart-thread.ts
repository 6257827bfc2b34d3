/**
 * Charts drawn in a thread of their own: Vega's SVG step and resvg's rasterising take tens to hundreds of
 * milliseconds of CPU, which on the thread that answers chat would hold every acknowledgement and /healthz behind a
 * picture. One long-lived thread (Vega and the compiled charts stay loaded in it; it stops after an idle while), one
 * chart at a time, and the pictures already drawn kept by what they show: asking the same trend again on an unchanged
 * corpus gives the same rows, so the same PNG, drawn once.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { createWorkerRunner, type WorkerRunner } from '../understanding/parallel.ts';
import type { ChartJob, DrawnChart, IdentifiedChartJob } from './chart-job.ts';
import type { PngImage } from './rasterize.ts';

/** PNG bytes kept for repeated asks (a trend PNG is tens of KB: a few hundred charts). */
const CACHE_BYTES = 16 * 1024 * 1024;
/** The thread stops after this long with nothing to draw (the next chart starts it again, in about a second). */
const THREAD_IDLE_MS = 10 * 60_000;

// chart-job.js once compiled (dist/), chart-job.ts when run through tsx.
const JOB_MODULE = new URL(import.meta.url.endsWith('.ts') ? './chart-job.ts' : './chart-job.js', import.meta.url);

const drawn = new LRUCache<string, PngImage>({
  maxSize: CACHE_BYTES,
  sizeCalculation: (image) => Math.max(1, image.png.length),
});
let runner: WorkerRunner<IdentifiedChartJob, DrawnChart> | null = null;
let jobs = 0;

/** Starts the chart thread now, so that the first chart does not wait for Vega to load. */
export function warmChartThread(): void {
  chartThread().warm();
}

function chartThread(): WorkerRunner<IdentifiedChartJob, DrawnChart> {
  runner ??= createWorkerRunner<IdentifiedChartJob, DrawnChart>({
    module: JOB_MODULE,
    exportName: 'drawChartJob',
    workers: 1,
    idleStopMs: THREAD_IDLE_MS,
  });
  return runner;
}

/** The key of what a chart shows: its kind and its rows. */
export function chartKey(job: ChartJob): string {
  return createHash('sha256').update(JSON.stringify(job)).digest('base64url');
}

/** A chart as a PNG: from the cache, or drawn in the chart thread. */
export async function drawChart(job: ChartJob): Promise<PngImage> {
  const key = chartKey(job);
  const kept = drawn.get(key);
  if (kept) return kept;
  const { results, failures } = await chartThread().run([{ ...job, id: String(++jobs) }]);
  if (!results[0]) throw new Error(`the chart could not be drawn: ${failures[0]?.message ?? 'no picture'}`);
  const { png, width, height } = results[0];
  const image = { png: Buffer.from(png.buffer, png.byteOffset, png.byteLength), width, height };
  drawn.set(key, image);
  return image;
}

/** Stops the chart thread (tests, shutdown); the next chart starts it again. The drawn charts stay kept. */
export async function closeChartThread(): Promise<void> {
  const r = runner;
  runner = null;
  await r?.close();
}
