/**
 * `npx tsx bench/chart-render-ab.ts`: CPU time of one trend chart drawn the way it was before issue 17's second pass
 * (Vega-Lite compiled and parsed for every chart, rows inline, 800 x 400 CSS at 1.5: a 1200 x 600 PNG) and the way it
 * is now (compiled once per shape, rows as a data set, 640 x 320 at 1.25: 800 x 400), on the same synthetic 60-month,
 * two-line trend, in one process one after the other: CPU times, so that a machine busy with other work inflates
 * them less than wall times. 25 charts each, the first 5 not counted (warm-up).
 */
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { svgToPng } from '../src/charts/rasterize.ts';
import { TREND_SIZE, trendRows, trendSpec } from '../src/charts/trend-chart.ts';
import { vegaLiteToSvg } from '../src/charts/vega-svg.ts';
const months = Array.from(
  { length: 60 },
  (_, i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
const mk = (k: number) => ({
  grain: 'month' as const,
  periods: 60,
  lines: [
    { name: `Name ${k}`, points: months.map((period, i) => ({ period, count: (i * 7 + k) % 13 })) },
    { name: `Other ${k}`, points: months.map((period, i) => ({ period, count: (i * 5 + k) % 11 })) },
  ],
});
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const font = 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf';
async function old(k: number) {
  const input = mk(k);
  const spec = { ...trendSpec(input), width: 800, height: 400, data: { values: trendRows(input) } } as TopLevelSpec;
  const a = cpu();
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const b = cpu();
  const png = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [font], defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: 1.5 },
    background: '#fff',
    logLevel: 'off',
  })
    .render()
    .asPng();
  return [b - a, cpu() - b, png.length];
}
async function now(k: number) {
  const input = mk(k);
  const a = cpu();
  const svg = await vegaLiteToSvg(trendSpec(input), trendRows(input));
  const b = cpu();
  const png = svgToPng(svg, TREND_SIZE.scale).png;
  return [b - a, cpu() - b, png.length];
}
for (const [name, f] of [
  ['before (compile each time, 1200x600)', old],
  ['after (compiled once, 800x400)', now],
] as const) {
  const v: number[] = [],
    r: number[] = [];
  let bytes = 0;
  for (let k = 0; k < 25; k++) {
    const [x, y, z] = await f(k);
    if (k >= 5) {
      v.push(x);
      r.push(y);
      bytes = z;
    }
  }
  v.sort((a, b) => a - b);
  r.sort((a, b) => a - b);
  console.log(
    `${name}: vega CPU p50 ${v[10].toFixed(1)} p95 ${v[18].toFixed(1)} ms; resvg CPU p50 ${r[10].toFixed(1)} p95 ${r[18].toFixed(1)} ms; png ${bytes} B`,
  );
}
process.exit(0);
