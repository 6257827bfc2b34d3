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
 * Fits a briefing into maxTokens by dropping items from the ends of the longest sections (keeping at least one
 * per section while possible) and saying how many were left out; never cuts an item's text.
 */
export function fitBriefing(b: Briefing, maxTokens: number): Briefing {
  const out: Briefing = { ...b, sections: b.sections.map((s) => ({ ...s, items: [...s.items] })) };
  let total = briefingTokens(out);
  while (total > maxTokens) {
    let target = -1;
    let longest = 0;
    out.sections.forEach((s, i) => {
      const keep = s.items.length > 1 ? 1 : 0;
      if (s.items.length > keep && s.items.length > longest) [target, longest] = [i, s.items.length];
    });
    if (target < 0) {
      // Only single items left: drop whole sections from the end.
      const last = out.sections.findLastIndex((s) => s.items.length > 0);
      if (last <= 0) break;
      target = last;
    }
    const section = out.sections[target];
    total -= itemTokens(out, target, section.items.length - 1);
    section.items.pop();
    section.omitted = (section.omitted ?? 0) + 1;
  }
  const cited = new Set(out.sections.flatMap((s) => s.items.flatMap((i) => i.cites)));
  out.citations = Object.fromEntries(Object.entries(b.citations).filter(([id]) => cited.has(id)));
  return out;
}
