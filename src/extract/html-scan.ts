/**
 * One linear pass of an HTML tokenizer over a page: how many elements and how deep, and the text of its paragraphs.
 * It holds no tree, so it is safe on any page; the DOM-based extractor runs only on pages this pass finds tame,
 * and this pass's paragraphs are the answer for the others.
 */
import { Tokenizer } from 'htmlparser2';

export interface PageShape {
  elements: number;
  /** Deepest nesting of elements, counting every unclosed one (void elements excluded). */
  maxDepth: number;
  /** Text of <p>, <h1>-<h6>, <li> and <blockquote> blocks outside scripts, styles and page chrome. */
  paragraphs: string[];
}

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Text inside these is never story text. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'textarea',
]);
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre']);
/** Elements that end a paragraph where they open (a <div> inside a <p> closes it in HTML). */
const BREAKS = new Set(['div', 'section', 'article', 'table', 'ul', 'ol', 'br', 'hr']);
/** Paragraphs kept, and characters of one paragraph. */
const MAX_PARAGRAPHS = 5_000;
const MAX_PARAGRAPH_CHARS = 20_000;

export function scanPage(html: string): PageShape {
  let elements = 0;
  let depth = 0;
  let maxDepth = 0;
  let skipping = 0;
  let inBlock = 0;
  let current: string[] = [];
  let currentChars = 0;
  const paragraphs: string[] = [];
  let tagName = '';

  const flush = () => {
    const text = current.join('').replace(/\s+/g, ' ').trim();
    if (text && paragraphs.length < MAX_PARAGRAPHS) paragraphs.push(text);
    current = [];
    currentChars = 0;
  };
  const addText = (text: string) => {
    if (skipping || !inBlock || currentChars >= MAX_PARAGRAPH_CHARS) return;
    current.push(text);
    currentChars += text.length;
  };

  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        elements++;
        if (inBlock && BREAKS.has(tagName)) flush();
        if (!VOID.has(tagName)) {
          depth++;
          if (depth > maxDepth) maxDepth = depth;
          if (SKIPPED.has(tagName)) skipping++;
          if (BLOCKS.has(tagName)) {
            if (inBlock) flush();
            inBlock++;
          }
        }
      },
      onopentagend() {},
      onselfclosingtag() {
        if (!VOID.has(tagName)) {
          depth = Math.max(0, depth - 1);
          if (SKIPPED.has(tagName)) skipping = Math.max(0, skipping - 1);
          if (BLOCKS.has(tagName)) inBlock = Math.max(0, inBlock - 1);
        }
      },
      onclosetag(start, end) {
        const name = html.slice(start, end).toLowerCase();
        if (VOID.has(name)) return;
        depth = Math.max(0, depth - 1);
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
        if (BLOCKS.has(name) && inBlock) {
          flush();
          inBlock--;
        }
      },
      ontext(start, end) {
        addText(html.slice(start, end));
      },
      ontextentity(codepoint) {
        addText(String.fromCodePoint(codepoint));
      },
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      onattribname() {},
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  if (inBlock) flush();
  return { elements, maxDepth, paragraphs };
}
