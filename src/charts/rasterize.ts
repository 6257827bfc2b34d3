import { createRequire } from 'node:module';
import path from 'node:path';
import { renderAsync } from '@resvg/resvg-js';

/**
 * SVG to PNG with resvg (no browser, no native canvas), drawing text only with the DejaVu fonts the
 * dejavu-fonts-ttf package ships: system fonts are never read, so every machine draws the same picture.
 */
export const CHART_FONT = 'DejaVu Sans';

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = [path.join(fontDir, 'DejaVuSans.ttf')];

export interface PngImage {
  png: Buffer;
  width: number;
  height: number;
}

/** Renders off the event loop (resvg's thread pool), at `scale` times the SVG's own size. */
export async function svgToPng(svg: string, scale: number): Promise<PngImage> {
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    logLevel: 'off',
  });
  return { png: image.asPng(), width: image.width, height: image.height };
}
