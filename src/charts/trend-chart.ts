import type { TopLevelSpec } from 'vega-lite';
import { periodStart } from './periods.ts';
import { svgToPng, type PngImage } from './rasterize.ts';
import type { TrendChartInput } from './trend-input.ts';
import { CHART_CONFIG, CHART_DATA, vegaLiteToSvg } from './vega-svg.ts';

/**
 * Chart size in CSS pixels, drawn at SCALE: an 800 x 400 PNG, the width of Slack's largest in-message thumbnail
 * (thumb_800), so Slack shows it nearly unscaled and the 13-17 px text stays legible; 2.25 times fewer pixels to
 * rasterise and encode than the 1200 x 600 it was.
 */
export const TREND_SIZE = { width: 640, height: 320, scale: 1.25 };

/** Colours told apart by most colour-blind readers (Okabe-Ito), one per name, in the order asked. */
export const TREND_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

/** Legend entries on one row; more wrap to a second. */
const LEGEND_COLUMNS = 3;

/**
 * The Vega-Lite spec of a trend: one line per name, articles per period. It holds no names and no counts (those are
 * the rows, trendRows), so trends of one shape share one compiled chart; the colours follow each row's `order`.
 */
export function trendSpec(input: TrendChartInput): TopLevelSpec {
  const few = input.periods <= 40;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: TREND_SIZE.width,
    height: TREND_SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 10,
    title: `Articles per ${input.grain}`,
    data: { name: CHART_DATA },
    mark: { type: 'line', strokeWidth: 3, interpolate: 'linear', point: few ? { size: 50, filled: true } : false },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null, axis: { tickCount: 8, labelOverlap: true } },
      y: { field: 'count', type: 'quantitative', title: 'articles', axis: { tickMinStep: 1, format: 'd' } },
      color: {
        field: 'name',
        type: 'nominal',
        title: null,
        sort: { field: 'order', op: 'min' },
        scale: { range: TREND_COLOURS },
        legend: {
          orient: 'top',
          direction: 'horizontal',
          columns: Math.min(LEGEND_COLUMNS, Math.max(1, input.lines.length)),
          labelLimit: 190,
        },
      },
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** The rows a trend chart draws: one per line and period. */
export function trendRows(input: TrendChartInput): { name: string; order: number; date: string; count: number }[] {
  return input.lines.flatMap((line, order) =>
    line.points.map((p) => ({ name: line.name, order, date: periodStart(p.period), count: p.count })),
  );
}

/** The trend as a PNG, drawn in this thread (the chart thread's job: chart-thread.ts). */
export async function trendChartPng(input: TrendChartInput): Promise<PngImage> {
  return svgToPng(await vegaLiteToSvg(trendSpec(input), trendRows(input)), TREND_SIZE.scale);
}
