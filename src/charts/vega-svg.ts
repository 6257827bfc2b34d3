import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './rasterize.ts';

/** The look every chart shares: the shipped font, quiet axes, readable at Slack's preview size. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: '#ffffff',
  // One weight only: every font file resvg loads costs time on each picture.
  axis: { labelFontSize: 13, titleFontSize: 13, titleFontWeight: 'normal', labelColor: '#333333', titleColor: '#333333', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 14, titleFontSize: 14, titleFontWeight: 'normal', symbolStrokeWidth: 4, labelLimit: 260 },
  title: { fontSize: 17, fontWeight: 'normal', anchor: 'start', color: '#111111' },
  view: { stroke: null },
} as const;

/** A Vega-Lite spec compiled to Vega and drawn as SVG (Vega's headless renderer: no DOM, no canvas). */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const vega = compile(spec).spec;
  const view = new View(parse(vega), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
