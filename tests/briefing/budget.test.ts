import { describe, expect, it } from 'vitest';
import { briefingTokens, countTokens, fitBriefing } from '../../src/briefing/budget.ts';
import type { Briefing } from '../../src/briefing/types.ts';

/** The fit as first written (drop one item at a time, recounting): the reference the faster fit must equal. */
function dropOneAtATime(b: Briefing, maxTokens: number): Briefing {
  const itemTokens = (o: Briefing, s: number, i: number) => {
    const item = o.sections[s].items[i];
    return countTokens(`${item.label ?? ''} ${item.text}`) + 2 * item.cites.length + 2;
  };
  const out: Briefing = { ...b, sections: b.sections.map((s) => ({ ...s, items: [...s.items] })) };
  let total = briefingTokens(out);
  while (total > maxTokens) {
    let target = -1;
    let longest = 0;
    out.sections.forEach((s, i) => {
      const keep = s.items.length > 1 ? 1 : 0;
      if (s.items.length > keep && s.items.length > longest) [target, longest] = [i, s.items.length];
    });
    if (target < 0) break;
    const section = out.sections[target];
    total -= itemTokens(out, target, section.items.length - 1);
    section.items.pop();
    section.omitted = (section.omitted ?? 0) + 1;
  }
  const cited = new Set(out.sections.flatMap((s) => s.items.flatMap((i) => i.cites)));
  out.citations = Object.fromEntries(Object.entries(b.citations).filter(([id]) => cited.has(id)));
  return out;
}

function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS =
  'ceasefire talks resumed in Geneva on Monday after the envoy met commanders of both sides 1,200 displaced ₂ naïve Tripoli'.split(
    ' ',
  );

function randomBriefing(random: () => number): Briefing {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const text = () => Array.from({ length: 1 + Math.floor(random() * 30) }, () => pick(WORDS)).join(' ');
  const citations: Briefing['citations'] = {};
  const sections = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, s) => ({
    heading: `Section ${s}`,
    items: Array.from({ length: Math.floor(random() * 40) }, () => {
      const cites = Array.from({ length: Math.floor(random() * 3) }, () => `a${Math.floor(random() * 50)}`);
      for (const id of cites) citations[id] = { title: id } as Briefing['citations'][string];
      return { ...(random() < 0.5 ? { label: text().slice(0, 12) } : {}), text: text(), cites };
    }),
    ...(random() < 0.2 ? { omitted: 2 } : {}),
  }));
  return { title: 'Briefing', summary: text(), sections, citations };
}

describe('fitting a briefing into its token budget', () => {
  it('keeps exactly what dropping one item at a time keeps, for any briefing and budget', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const random = generator(seed);
      const briefing = randomBriefing(random);
      const budget = Math.floor(random() * 1500);
      expect(fitBriefing(briefing, budget), `seed ${seed}`).toEqual(dropOneAtATime(briefing, budget));
    }
  });

  it('fits within the budget when it can, and leaves the briefing unchanged when it fits already', () => {
    const briefing = randomBriefing(generator(7));
    const fitted = fitBriefing(briefing, 400);
    expect(briefingTokens(fitted)).toBeLessThanOrEqual(400);
    expect(fitBriefing(briefing, 1_000_000)).toEqual({
      ...briefing,
      sections: briefing.sections.map((s) => ({ ...s })),
    });
  });
});
