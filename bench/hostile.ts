/**
 * `npx tsx bench/hostile.ts`: the corpus readers on hostile input (issue 15, items 2 and 3), one line per shape:
 * milliseconds for 1 MB of Markdown and for pathological HTML. Figures only; the tests check that each ends.
 */
import { extractHtml } from '../src/corpus/html.ts';
import { markdownToText } from '../src/corpus/markdown.ts';

const MB = 1 << 20;
const time = (fn: () => unknown) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};

for (const unit of ['__x ', '**x ', '[', '![', '[a](', '<!--', '> ', '*_']) {
  const text = unit.repeat(Math.ceil(MB / unit.length));
  console.log(`markdown 1 MB of ${JSON.stringify(unit)}: ${time(() => markdownToText(text)).toFixed(0)} ms`);
}
const pages: [string, string][] = [
  ['50,000 unclosed <div>', `<html><body><p>Story.</p>${'<div>'.repeat(50_000)}</body></html>`],
  ['10,000 nested <div>', `<html><body>${'<div>'.repeat(10_000)}<p>Story.</p>${'</div>'.repeat(10_000)}</body></html>`],
  ['200,000 unclosed <div>', `<html><body>${'<div>'.repeat(200_000)}<p>Story.</p></body></html>`],
  ['50,000 stray </span>', `<html><body>${'<div>'.repeat(50_000)}${'</span>'.repeat(50_000)}</body></html>`],
];
for (const [name, html] of pages)
  console.log(`html ${name} (${(html.length / MB).toFixed(2)} MB): ${time(() => extractHtml(html)).toFixed(0)} ms`);
