import type { TopLevelSpec } from 'vega-lite';
import type { TrendSeries } from '../index/trend-series.ts';
import { periodStart, type Grain } from './periods.ts';
import { svgToPng, type PngImage } from './rasterize.ts';
import { CHART_CONFIG, vegaLiteToSvg } from './vega-svg.ts';

/** Chart size in CSS pixels, drawn at SCALE for sharp text on high-density screens (1200 x 600 PNG). */
export const TREND_SIZE = { width: 800, height: 400, scale: 1.5 };

/** Colours told apart by most colour-blind readers (Okabe-Ito), one per name. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

const GRAIN_WORD: Record<Grain, string> = { day: 'day', week: 'week', month: 'month', year: 'year' };

/** The Vega-Lite spec of a trend: one line per name, articles per period. */
export function trendSpec(series: TrendSeries): TopLevelSpec {
  const values = series.lines.flatMap((line) => line.points.map((p) => ({ name: line.name, date: periodStart(p.period), count: p.count })));
  const few = series.periods.length <= 40;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: TREND_SIZE.width,
    height: TREND_SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    title: `Articles per ${GRAIN_WORD[series.grain]}`,
    data: { values },
    mark: { type: 'line', strokeWidth: 3, interpolate: 'linear', point: few ? { size: 50, filled: true } : false },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null, axis: { tickCount: 8, labelOverlap: true } },
      y: { field: 'count', type: 'quantitative', title: 'articles', axis: { tickMinStep: 1, format: 'd' } },
      color: {
        field: 'name',
        type: 'nominal',
        title: null,
        sort: series.lines.map((l) => l.name),
        scale: { domain: series.lines.map((l) => l.name), range: COLOURS.slice(0, Math.max(1, series.lines.length)) },
        legend: { orient: 'top', direction: 'horizontal' },
      },
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** The trend as a PNG. */
export async function trendChartPng(series: TrendSeries): Promise<PngImage> {
  return svgToPng(await vegaLiteToSvg(trendSpec(series)), TREND_SIZE.scale);
}
