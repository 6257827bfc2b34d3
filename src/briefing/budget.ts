import { getEncoding, type Tiktoken } from 'js-tiktoken';
import type { Briefing } from './types.ts';

/** Length budgets in tokens (js-tiktoken, cl100k_base): a briefing is fitted before it is rendered anywhere. */
let encoder: Tiktoken | null = null;

export function countTokens(text: string): number {
  encoder ??= getEncoding('cl100k_base');
  return encoder.encode(text).length;
}

function itemTokens(b: Briefing, s: number, i: number): number {
  const item = b.sections[s].items[i];
  return countTokens(`${item.label ?? ''} ${item.text}`) + 2 * item.cites.length + 2;
}

/** Tokens of the briefing's text as a reader sees it (title, summary, headings, items, note). */
export function briefingTokens(b: Briefing): number {
  let n = countTokens(`${b.title}\n${b.summary ?? ''}\n${b.note ?? ''}`);
  b.sections.forEach((s, si) => {
    n += countTokens(s.heading) + 1;
    s.items.forEach((_, ii) => (n += itemTokens(b, si, ii)));
  });
  return n;
}

/**
 * Fits a briefing into maxTokens by dropping items from the ends of the longest sections (the longest first, the
 * first of equals; a section may go down to none) and saying how many were left out; never cuts an item's text.
 *
 * Which item goes next depends only on the sections' lengths, so the order of drops is known before any text is
 * counted; the total falls with every drop. The kept items are then found from the other end: items are given back in
 * the reverse order of their drops while the total stays within the budget. Only what is kept (and one more) is
 * tokenized: a /brief of 200 developments kept about 30 of them and counted them all twice (half its time at 200k).
 */
export function fitBriefing(b: Briefing, maxTokens: number): Briefing {
  const out: Briefing = { ...b, sections: b.sections.map((s) => ({ ...s, items: [...s.items] })) };
  const drops = dropOrder(out.sections.map((s) => s.items.length));
  let total = countTokens(`${out.title}\n${out.summary ?? ''}\n${out.note ?? ''}`);
  for (const s of out.sections) total += countTokens(s.heading) + 1;
  // Given back, last dropped first: drops[k - 1] is the k-th drop; after k drops the items kept are the others.
  let k = drops.length;
  while (k > 0) {
    const [section, index] = drops[k - 1];
    const tokens = itemTokens(out, section, index);
    if (total + tokens > maxTokens) break;
    total += tokens;
    k--;
  }
  const dropped = new Map<number, number>();
  for (const [section] of drops.slice(0, k)) dropped.set(section, (dropped.get(section) ?? 0) + 1);
  for (const [section, n] of dropped) {
    const s = out.sections[section];
    s.items.length -= n;
    s.omitted = (s.omitted ?? 0) + n;
  }
  const cited = new Set(out.sections.flatMap((s) => s.items.flatMap((i) => i.cites)));
  out.citations = Object.fromEntries(Object.entries(b.citations).filter(([id]) => cited.has(id)));
  return out;
}

/** The items in the order they would be dropped, as [section, index]: always the last of the longest section. */
function dropOrder(lengths: number[]): [number, number][] {
  const left = [...lengths];
  const order: [number, number][] = [];
  for (;;) {
    let target = -1;
    for (let i = 0; i < left.length; i++) if (left[i] > 0 && (target < 0 || left[i] > left[target])) target = i;
    if (target < 0) return order;
    left[target]--;
    order.push([target, left[target]]);
  }
}
