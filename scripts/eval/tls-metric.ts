// Timeline scores as tilse computes them and news-tls reports them: alignment ROUGE (align+ m:1) and date F1.
import { ptbTokens, rougeCounts, rougeWords, type RougeData } from './rouge.ts';

/** A timeline: ISO day -> its sentences. */
export type Timeline = Map<string, string[]>;

export interface PR {
  precision: number;
  recall: number;
}

export interface TimelineScores {
  rouge1: PR;
  rouge2: PR;
  date: PR;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

function daysApart(a: string, b: string): number {
  return Math.abs(dayNumber(a) - dayNumber(b));
}

/** tilse's approximate ROUGE-1 F1 used for alignment costs: raw PTB tokens, punctuation-only tokens left out. */
export function approximateRouge1(pred: string[], ref: string[]): number {
  const count = (sentences: string[]) => {
    const c = new Map<string, number>();
    for (const s of sentences)
      for (const t of ptbTokens(s)) if (!PUNCTUATION.includes(t)) c.set(t, (c.get(t) ?? 0) + 1);
    return c;
  };
  const p = count(pred);
  const r = count(ref);
  let match = 0;
  for (const [t, n] of p) match += Math.min(n, r.get(t) ?? 0);
  const pTotal = [...p.values()].reduce((a, b) => a + b, 0);
  const rTotal = [...r.values()].reduce((a, b) => a + b, 0);
  const precision = pTotal ? match / pTotal : 0;
  const recall = rTotal ? match / rTotal : 0;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** Each source date aligned to the target date of least cost (1 - 1/(days+1)) x (1 - approximate ROUGE-1); first on ties. */
function alignManyToOne(
  sources: string[],
  targets: string[],
  cost: (s: string, t: string) => number,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of sources) {
    let best = targets[0];
    let bestCost = Infinity;
    for (const t of targets) {
      const c = cost(s, t);
      if (c < bestCost) [best, bestCost] = [t, c];
    }
    out.set(s, best);
  }
  return out;
}

/** align+ m:1 (tilse's align_date_content_costs_many_to_one) ROUGE-1/2 precision and recall, and date precision/recall. */
export function scoreTimeline(pred: Timeline, gold: Timeline, data: RougeData): TimelineScores {
  const predDates = [...pred.keys()].sort();
  const goldDates = [...gold.keys()].sort();
  const words = new Map<string, string[]>();
  const wordsOf = (tl: Timeline, key: string, date: string) => {
    const k = `${key}:${date}`;
    if (!words.has(k)) words.set(k, rougeWords(tl.get(date)!, data));
    return words.get(k)!;
  };
  const approx = new Map<string, number>();
  const cost = (p: string, g: string) => {
    const dateFactor = 1 - 1 / (daysApart(p, g) + 1);
    const k = `${p}|${g}`;
    if (!approx.has(k)) approx.set(k, approximateRouge1(pred.get(p)!, gold.get(g)!));
    return dateFactor * (1 - approx.get(k)!);
  };
  const rouge = (n: number): PR => {
    if (!predDates.length || !goldDates.length) return { precision: 0, recall: 0 };
    let pNum = 0,
      pDen = 0,
      rNum = 0,
      rDen = 0;
    for (const [p, g] of alignManyToOne(predDates, goldDates, cost)) {
      const c = rougeCounts(wordsOf(pred, 'p', p), wordsOf(gold, 'g', g), n);
      pNum += c.hit / (daysApart(p, g) + 1);
      pDen += c.peer;
    }
    for (const [g, p] of alignManyToOne(goldDates, predDates, (g, p) => cost(p, g))) {
      const c = rougeCounts(wordsOf(pred, 'p', p), wordsOf(gold, 'g', g), n);
      rNum += c.hit / (daysApart(p, g) + 1);
      rDen += c.model;
    }
    return { precision: pDen ? pNum / pDen : 0, recall: rDen ? rNum / rDen : 0 };
  };
  const goldSet = new Set(goldDates);
  const same = predDates.filter((d) => goldSet.has(d)).length;
  return {
    rouge1: rouge(1),
    rouge2: rouge(2),
    date: {
      precision: predDates.length ? same / predDates.length : 0,
      recall: goldDates.length ? same / goldDates.length : 0,
    },
  };
}

export function f1({ precision, recall }: PR): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** news-tls's averages: precision and recall each averaged over the timelines, F1 from the two averages. */
export function meanPR(list: PR[]): PR {
  const n = list.length || 1;
  return {
    precision: list.reduce((a, x) => a + x.precision, 0) / n,
    recall: list.reduce((a, x) => a + x.recall, 0) / n,
  };
}
