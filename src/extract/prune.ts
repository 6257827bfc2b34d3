/** Applies the furniture rules of furniture.ts to a DOM (before and after Readability) and to the text. */
import type { DomElement, DomParent } from './dom.ts';
import {
  EDGE_LABEL,
  FURNITURE_SELECTORS,
  LINK_BLOCK,
  PROTECTED_CONTAINER,
  TRAILING_NOTE_MAX_WORDS,
  isFurnitureElement,
  isFurnitureLine,
} from './page-furniture.ts';

/** Removes the page's furniture elements in place. */
export function removeFurniture(root: DomParent): void {
  const pageChars = textLength(root);
  const small = (el: DomElement) => {
    const chars = textLength(el);
    return chars < PROTECTED_CONTAINER.minChars || chars <= pageChars * PROTECTED_CONTAINER.minShare;
  };
  for (const el of [...root.querySelectorAll(FURNITURE_SELECTORS)]) if (el.isConnected && small(el)) el.remove();
  for (const el of [...root.querySelectorAll('[class], [id]')])
    if (el.isConnected && isFurnitureElement(el) && small(el)) el.remove();
}

function textLength(node: DomParent): number {
  return (node.textContent ?? '').length;
}

/** Removes short blocks that are mostly link text (related-story lists, tag clouds) from the extracted story. */
export function removeLinkBlocks(root: DomParent): void {
  for (const el of [...root.querySelectorAll('p, li, ul, ol, div, section')]) {
    if (!el.isConnected) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!text || text.length > LINK_BLOCK.maxChars) continue;
    let linkChars = 0;
    for (const a of el.querySelectorAll('a')) linkChars += (a.textContent ?? '').replace(/\s+/g, ' ').trim().length;
    if (linkChars / text.length >= LINK_BLOCK.minLinkShare) el.remove();
  }
}

/** Paragraphs without furniture lines, and without label-like blocks at the start and the end. */
export function pruneParagraphs(text: string): string {
  const paragraphs = text.split('\n\n').filter((p) => p && !isFurnitureLine(p));
  const isLabel = (p: string) => p.split(/\s+/).length <= EDGE_LABEL.maxWords && !EDGE_LABEL.sentenceEnd.test(p);
  let start = 0;
  let end = paragraphs.length;
  while (start < end && isLabel(paragraphs[start])) start++;
  const isNote = (p: string) => p.split(/\s+/).length <= TRAILING_NOTE_MAX_WORDS;
  while (end > start && (isLabel(paragraphs[end - 1]) || isNote(paragraphs[end - 1]))) end--;
  return paragraphs.slice(start, end).join('\n\n');
}
