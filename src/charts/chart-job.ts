/**
 * What the chart thread draws (chart-thread.ts runs drawChartJob there): a job is plain data, so it crosses threads
 * by structured clone, and so does the PNG it gives back.
 */
import type { PngImage } from './rasterize.ts';
import { stripChartPng } from './strip-chart.ts';
import { trendChartPng } from './trend-chart.ts';
import type { TrendChartInput } from './trend-input.ts';

export type ChartJob = { kind: 'trend'; input: TrendChartInput } | { kind: 'strip'; days: string[] };

/** A job as the thread runner takes it: with an id. */
export type IdentifiedChartJob = ChartJob & { id: string };

export interface DrawnChart extends Omit<PngImage, 'png'> {
  id: string;
  /** A Buffer when drawn in this thread; a Uint8Array once it crossed from another. */
  png: Uint8Array;
}

export async function drawChartJob(job: IdentifiedChartJob): Promise<DrawnChart> {
  const image = job.kind === 'trend' ? await trendChartPng(job.input) : await stripChartPng(job.days);
  return { id: job.id, ...image };
}
