/**
 * `npx tsx bench/markdown-parsers.ts`: our Markdown reader (src/corpus/markdown.ts) against micromark and
 * mdast-util-from-markdown (micromark's syntax tree, flattened to text), on ordinary Markdown and on the hostile shapes
 * of issue 15. Each run is in a process of its own, stopped after 30 s. Quality on a page of ordinary Markdown
 * whose words are known: the share of its words found, and the markup characters left in the text.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { micromark } from 'micromark';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes } from 'mdast';
import { markdownToText } from '../src/corpus/markdown.ts';

const MB = 1_000_000;
const LIMIT_MS = 30_000;
const STORY = [
  '# Haftar forces advance on Tripoli',
  '',
  'By *Jane Doe* | **Reuters**',
  '',
  'Forces loyal to [Khalifa Haftar](https://example.com/haftar "Haftar") advanced on the capital on _Monday_, officials said.',
  '',
  '> "We will not stop," a spokesman said.',
  '',
  '- The United Nations called for a truce.',
  '- Oil output fell by **30 percent**.',
  '',
  '![A convoy near Tripoli](https://example.com/convoy.jpg)',
  '',
  'Fighting continued near the `airport`, residents said.<!-- editor: check -->',
  '',
  '---',
].join('\n');
const WORDS =
  'Haftar forces advance on Tripoli By Jane Doe Reuters Forces loyal to Khalifa Haftar advanced on the capital on Monday officials said We will not stop a spokesman said The United Nations called for a truce Oil output fell by 30 percent A convoy near Tripoli Fighting continued near the airport residents said'.split(
    ' ',
  );

const INPUTS: Record<string, () => string> = {
  'ordinary, one page': () => STORY,
  'ordinary, 1 MB': () => `${STORY}\n\n`.repeat(Math.ceil(MB / (STORY.length + 2))),
  '__x  x 1 MB': () => '__x '.repeat(MB / 4),
  '**x  x 1 MB': () => '**x '.repeat(MB / 4),
  '![ x 1 MB': () => '!['.repeat(MB / 2),
  '[a]( x 1 MB': () => '[a]('.repeat(MB / 4),
  'nested [[[…]]] 1 MB': () => '['.repeat(MB / 2) + ']'.repeat(MB / 2),
  'emphasis run * x 1 MB': () => '*'.repeat(MB),
  'emphasis run _a x 1 MB': () => '_a'.repeat(MB / 2),
};

/** mdast to text: blocks on lines of their own, inline nodes joined as written; images keep their alt text. */
function mdastText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.type === 'html' ? '' : node.value;
  if (node.type === 'image') return node.alt ?? '';
  if (!('children' in node)) return '';
  const inline =
    node.type === 'paragraph' ||
    node.type === 'heading' ||
    node.type === 'emphasis' ||
    node.type === 'strong' ||
    node.type === 'link' ||
    node.type === 'delete' ||
    node.type === 'tableCell';
  return (node.children as Nodes[]).map(mdastText).join(inline ? '' : '\n');
}

const PARSERS: Record<string, (md: string) => string> = {
  'briefbot (src/corpus/markdown.ts)': markdownToText,
  'micromark (to HTML)': (md) => micromark(md),
  'mdast-util-from-markdown (to text)': (md) => mdastText(fromMarkdown(md)),
};

function quality(text: string): { words: number; markup: number } {
  const found = new Set(text.match(/[\p{L}\d]+/gu) ?? []);
  const words = WORDS.filter((w) => found.has(w)).length / WORDS.length;
  const markup = (text.match(/[*_#>`[\]]|<!--/g) ?? []).length;
  return { words, markup };
}

if (process.argv[2] === '--one') {
  const [parser, input] = process.argv.slice(3);
  const md = INPUTS[input]();
  const t = performance.now();
  const out = PARSERS[parser](md);
  console.log(JSON.stringify({ ms: performance.now() - t, out: input === 'ordinary, one page' ? out : '' }));
} else {
  const run = async (parser: string, input: string): Promise<{ ms: number | null; out: string }> => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', parser, input],
      { timeout: LIMIT_MS, encoding: 'utf8', maxBuffer: 64 * MB },
    );
    return child.status === 0 ? (JSON.parse(child.stdout) as { ms: number; out: string }) : { ms: null, out: '' };
  };
  console.log(`| input | ${Object.keys(PARSERS).join(' | ')} |`);
  console.log(
    `| --- | ${Object.keys(PARSERS)
      .map(() => '---')
      .join(' | ')} |`,
  );
  const samples: Record<string, string> = {};
  for (const input of Object.keys(INPUTS)) {
    const cells: string[] = [];
    for (const parser of Object.keys(PARSERS)) {
      const r = await run(parser, input);
      cells.push(r.ms === null ? `> ${LIMIT_MS / 1000} s (stopped)` : `${Math.round(r.ms).toLocaleString('en-US')} ms`);
      if (r.out) samples[parser] = r.out;
    }
    console.log(`| ${input} | ${cells.join(' | ')} |`);
  }
  console.log('\nQuality on the ordinary page: words found of', WORDS.length, 'and markup characters left');
  for (const [parser, out] of Object.entries(samples)) {
    const first = parser.startsWith('micromark') ? out.replace(/<[^>]*>/g, ' ') : out;
    const q = quality(first);
    console.log(
      `- ${parser}: ${(q.words * 100).toFixed(0)}% of words, ${q.markup} markup characters${parser.startsWith('micromark') ? ' (after removing its HTML tags)' : ''}`,
    );
  }
}
