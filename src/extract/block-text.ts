import type { DomElement, DomNode } from './dom.ts';
import { tidyLines } from '../util/tidy-lines.ts';

/** A DOM element -> its text with a blank line between blocks: the "\n\n"-separated paragraphs of an Article body. */

const BLOCK_TAGS = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'UL',
  'OL',
  'BLOCKQUOTE',
  'PRE',
  'TABLE',
  'TR',
  'TD',
  'TH',
  'DL',
  'DT',
  'DD',
  'BR',
  'HR',
  'ADDRESS',
  'CENTER',
  'BODY',
  'FIGURE',
  'FIGCAPTION',
  'HEADER',
  'FOOTER',
  'ASIDE',
]);
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON', 'SELECT', 'TEXTAREA']);
const BLOCK_END = Symbol('block end');
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

export function blockText(root: DomNode): string {
  const out: string[] = [];
  // An explicit stack, not recursion: hostile pages nest deeper than the call stack allows.
  const stack: (DomNode | typeof BLOCK_END)[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node === BLOCK_END) {
      out.push('\n\n');
      continue;
    }
    if (node.nodeType === TEXT_NODE) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = (node as DomElement).tagName.toUpperCase();
    if (SKIPPED_TAGS.has(tag)) continue;
    if (BLOCK_TAGS.has(tag)) {
      out.push('\n\n');
      stack.push(BLOCK_END);
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return tidyLines(out);
}
