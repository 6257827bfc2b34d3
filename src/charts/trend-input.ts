import type { Grain } from './periods.ts';
import type { TrendLine, TrendSeries } from '../index/trend-series.ts';

/**
 * What a trend chart draws: the grain, how many periods, and each line's counts (not the dates behind them, which
 * for a much-named entity are tens of thousands). Plain data, vega-free: the command builds it, the chart thread draws it.
 */
export interface TrendChartInput {
  grain: Grain;
  periods: number;
  lines: Pick<TrendLine, 'name' | 'points'>[];
}

export function trendChartInput(series: TrendSeries): TrendChartInput {
  return {
    grain: series.grain,
    periods: series.periods.length,
    lines: series.lines.map(({ name, points }) => ({ name, points })),
  };
}
