/**
 * Key figures: counts of people killed, wounded, displaced, arrested…, with who reported them
 * ("according to the World Health Organization", "UN estimates", "officials said").
 */

export interface FigureSpan {
  measure: string;
  value: number;
  start: number;
  end: number;
}

const MEASURES: [RegExp, string][] = [
  [/\b(?:killed|dead|deaths?|died|death toll|lives)\b/i, 'killed'],
  [/\b(?:wounded|injured|injuries|hurt)\b/i, 'wounded'],
  [/\b(?:displaced|displacing|fled|homeless|refugees)\b/i, 'displaced'],
  [/\b(?:arrested|detained|arrests)\b/i, 'arrested'],
  [/\b(?:missing)\b/i, 'missing'],
  [/\b(?:migrants)\b/i, 'migrants'],
  [/\b(?:evacuated)\b/i, 'evacuated'],
];

const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

const NUMBER_RE = /\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(thousand|million|billion))?\b/g;

export function parseNumber(digits: string, scale?: string): number {
  return parseFloat(digits.replace(/,/g, '')) * (scale ? SCALE[scale.toLowerCase()] : 1);
}

/**
 * Figures in one sentence: a number tied to a measure word within a few words after it ("430 people killed",
 * "killed at least 430 people", "death toll ... stood at 510"). Years, dates, money and percentages are not figures.
 */
export function findFigures(sentence: string): FigureSpan[] {
  const out: FigureSpan[] = [];
  for (const m of sentence.matchAll(NUMBER_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    const value = parseNumber(m[1], m[2]);
    const before = sentence.slice(Math.max(0, start - 80), start);
    const after = sentence.slice(end, end + 40);
    if (
      /[$€£]\s*$|\b(?:US|USD|EUR)\s*$/.test(before) ||
      /^\s*(?:%|percent|per cent|dollars|euros|pounds|years?|months?|days?|hours?|km|miles|kilomet)/i.test(after)
    )
      continue;
    if (/^(1[89]|20)\d\d$/.test(m[1]) && !m[2]) continue; // a year
    if (
      /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s*$/.test(
        before,
      )
    )
      continue;
    if (/^\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/.test(after))
      continue;
    const windowAfter = after.split(/[;]|\band\b|\bwhile\b/)[0];
    const windowBefore = before.split(/[,;]|\band\b/).pop() ?? '';
    for (const [re, measure] of MEASURES) {
      if (
        re.test(windowAfter) ||
        (measure !== 'migrants' &&
          re.test(windowBefore) &&
          /\b(?:at|of|to|toll|killed|wounded|injured|displac\w*|over|least|than|some|nearly|about|around)\s*$/i.test(
            windowBefore,
          ))
      ) {
        out.push({ measure, value, start, end });
        break;
      }
    }
  }
  return out;
}

/** "according to UN estimates" -> "UN", "the World Health Organization said" -> "World Health Organization". */
export function findReporter(sentence: string, orgNames: string[]): string | null {
  const according = /according to (?:the )?([^,.;]+?)(?: estimates| figures| data| report| count)?(?:[,.;]|$)/i.exec(
    sentence,
  );
  if (according) return according[1].replace(/^(the)\s+/i, '').trim();
  const said = /,\s*(?:the\s+)?([\p{Lu}][^,.;]{1,60}?)\s+(?:said|says|reported|estimated)\b/u.exec(sentence);
  if (said) return said[1].trim();
  for (const name of orgNames) if (sentence.includes(name)) return name;
  return null;
}
