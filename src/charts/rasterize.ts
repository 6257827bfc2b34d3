import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

/**
 * SVG to PNG with resvg (no browser, no native canvas), drawing text only with the DejaVu font the dejavu-fonts-ttf
 * package ships: system fonts are never read, so every machine draws the same picture.
 */
export const CHART_FONT = 'DejaVu Sans';

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * One options object for every picture. resvg-js 2.6 (native) takes fonts only as files (`fontBuffers` is the wasm
 * build's), so the one file is named here and read by resvg per picture, from the page cache: measured a few ms of
 * a drawing (docs/charts.md), against tens for rasterising and encoding the pixels.
 */
const OPTIONS = (scale: number): ResvgRenderOptions => ({
  font: {
    loadSystemFonts: false,
    fontFiles: [path.join(fontDir, 'DejaVuSans.ttf')],
    defaultFontFamily: CHART_FONT,
    sansSerifFamily: CHART_FONT,
  },
  fitTo: { mode: 'zoom', value: scale },
  background: '#ffffff',
  logLevel: 'off',
});

export interface PngImage {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * Rasterises at `scale` times the SVG's own size, in this thread: call it from the chart thread (chart-thread.ts),
 * never from the one that answers chat.
 */
export function svgToPng(svg: string, scale: number): PngImage {
  const image = new Resvg(svg, OPTIONS(scale)).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
