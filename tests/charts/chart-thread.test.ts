import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { chartKey, closeChartThread, drawChart } from '../../src/charts/chart-thread.ts';
import { STRIP_SIZE } from '../../src/charts/strip-chart.ts';
import { TREND_COLOURS, TREND_SIZE } from '../../src/charts/trend-chart.ts';
import type { TrendChartInput } from '../../src/charts/trend-input.ts';

const points = (counts: number[]) => counts.map((count, i) => ({ period: `2021-0${i + 1}`, count }));

/** "Zed" is asked first but sorts after "Abe": its line must still take the first colour. */
const INPUT: TrendChartInput = {
  grain: 'month',
  periods: 5,
  lines: [
    { name: 'Zed', points: points([6, 9, 7, 8, 6]) },
    { name: 'Abe', points: points([0, 0, 0, 0, 0]) },
  ],
};

function rgb(hex: string): string {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',');
}

/** The colours of the pixels in a band of rows (as shares of the height). */
function coloursIn(png: PNG, fromShare: number, toShare: number): Set<string> {
  const colours = new Set<string>();
  for (let y = Math.floor(png.height * fromShare); y < Math.floor(png.height * toShare); y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    }
  }
  return colours;
}

describe('charts drawn in the chart thread', () => {
  afterAll(() => closeChartThread());

  it('draws a trend as an 800 x 400 PNG, each line in the colour of its place in the question', async () => {
    const image = await drawChart({ kind: 'trend', input: INPUT });
    const png = PNG.sync.read(image.png);
    expect([png.width, png.height]).toEqual([
      TREND_SIZE.width * TREND_SIZE.scale,
      TREND_SIZE.height * TREND_SIZE.scale,
    ]);
    expect([image.width, image.height]).toEqual([png.width, png.height]);
    // Between the legend (top) and Abe's line of zeros (bottom) runs only Zed's line: the first colour, not the second.
    const middle = coloursIn(png, 0.35, 0.7);
    expect(middle.has(rgb(TREND_COLOURS[0]))).toBe(true);
    expect(middle.has(rgb(TREND_COLOURS[1]))).toBe(false);
    expect(coloursIn(png, 0, 1).has(rgb(TREND_COLOURS[1]))).toBe(true);
  });

  it('keeps a drawn chart: the same rows again give the same PNG without drawing, other rows another', async () => {
    const first = await drawChart({ kind: 'trend', input: INPUT });
    const again = await drawChart({ kind: 'trend', input: structuredClone(INPUT) });
    expect(again).toBe(first);
    const other: TrendChartInput = { ...INPUT, lines: [INPUT.lines[0]] };
    expect(chartKey({ kind: 'trend', input: other })).not.toBe(chartKey({ kind: 'trend', input: INPUT }));
    const drawnOther = await drawChart({ kind: 'trend', input: other });
    expect(drawnOther).not.toBe(first);
    expect(drawnOther.png.equals(first.png)).toBe(false);
  });

  it('draws a strip of dates', async () => {
    const image = await drawChart({ kind: 'strip', days: ['2021-01-04', '2021-02-10', '2021-03-29'] });
    const png = PNG.sync.read(image.png);
    expect([png.width, png.height]).toEqual([
      STRIP_SIZE.width * STRIP_SIZE.scale,
      STRIP_SIZE.height * STRIP_SIZE.scale,
    ]);
    expect(coloursIn(png, 0, 1).size).toBeGreaterThan(2);
  });
});
