import type { TopLevelSpec } from 'vega-lite';
import { svgToPng, type PngImage } from './rasterize.ts';
import { CHART_CONFIG, CHART_DATA, vegaLiteToSvg } from './vega-svg.ts';

/** A strip of dates: one tick per dated event on a time axis, to see at a glance when things happened (800 x 100 PNG). */
export const STRIP_SIZE = { width: 640, height: 80, scale: 1.25 };

/** The strip's spec, the same for every timeline (the dates are its rows): compiled once. */
export const STRIP_SPEC = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: STRIP_SIZE.width,
  height: STRIP_SIZE.height,
  autosize: { type: 'fit', contains: 'padding' },
  padding: 8,
  data: { name: CHART_DATA },
  mark: { type: 'tick', thickness: 3, color: '#0072B2', opacity: 0.75 },
  encoding: {
    x: { field: 'date', type: 'temporal', title: null, axis: { tickCount: 8, labelOverlap: true, grid: false } },
  },
  config: CHART_CONFIG,
} as TopLevelSpec;

/** Days (YYYY-MM-DD) as a PNG strip, drawn in this thread (the chart thread's job: chart-thread.ts). */
export async function stripChartPng(days: string[]): Promise<PngImage> {
  return svgToPng(
    await vegaLiteToSvg(
      STRIP_SPEC,
      days.map((date) => ({ date })),
    ),
    STRIP_SIZE.scale,
  );
}
