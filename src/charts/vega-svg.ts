import { LRUCache } from 'lru-cache';
import { parse, View, type Runtime } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './rasterize.ts';

/** The look every chart shares: the shipped font, quiet axes, readable at Slack's preview size. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: '#ffffff',
  // One weight only: every font file resvg loads costs time on each picture.
  axis: {
    labelFontSize: 13,
    titleFontSize: 13,
    titleFontWeight: 'normal',
    labelColor: '#333333',
    titleColor: '#333333',
    gridColor: '#e6e6e6',
  },
  legend: { labelFontSize: 14, titleFontSize: 14, titleFontWeight: 'normal', symbolStrokeWidth: 4, labelLimit: 260 },
  title: { fontSize: 17, fontWeight: 'normal', anchor: 'start', color: '#111111' },
  view: { stroke: null },
} as const;

/** The name of the data set a chart's spec reads (`data: { name: CHART_DATA }`): its rows come with each drawing. */
export const CHART_DATA = 'table';

/** Compiled charts kept: a chart kind has a handful of shapes (the trend's grain, points or none). */
const COMPILED_KEPT = 16;
const compiled = new LRUCache<string, Runtime>({ max: COMPILED_KEPT });

/**
 * The spec compiled to Vega and parsed, once per distinct spec: compiling and parsing cost about as much as drawing.
 * The spec holds no data (its rows are `values`), so every trend of one grain shares one compiled chart.
 */
function runtimeOf(spec: TopLevelSpec): Runtime {
  const key = JSON.stringify(spec);
  let runtime = compiled.get(key);
  if (!runtime) compiled.set(key, (runtime = parse(compile(spec).spec)));
  return runtime;
}

/** A Vega-Lite spec (reading the data set CHART_DATA) drawn as SVG with these rows: Vega's headless renderer, no DOM, no canvas. */
export async function vegaLiteToSvg(spec: TopLevelSpec, values: object[]): Promise<string> {
  const view = new View(runtimeOf(spec), { renderer: 'none' });
  try {
    view.data(CHART_DATA, values);
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
