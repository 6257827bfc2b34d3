import type { TopLevelSpec } from 'vega-lite';
import { svgToPng, type PngImage } from './rasterize.ts';
import { CHART_CONFIG, vegaLiteToSvg } from './vega-svg.ts';

/** A strip of dates: one tick per dated event on a time axis, to see at a glance when things happened. */
export const STRIP_SIZE = { width: 800, height: 100, scale: 1.5 };

export function stripSpec(dates: string[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: STRIP_SIZE.width,
    height: STRIP_SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 10,
    data: { values: dates.map((date) => ({ date })) },
    mark: { type: 'tick', thickness: 3, color: '#0072B2', opacity: 0.75 },
    encoding: { x: { field: 'date', type: 'temporal', title: null, axis: { tickCount: 8, labelOverlap: true, grid: false } } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** Days (YYYY-MM-DD) as a PNG strip. */
export async function stripChartPng(days: string[]): Promise<PngImage> {
  return svgToPng(await vegaLiteToSvg(stripSpec(days)), STRIP_SIZE.scale);
}
