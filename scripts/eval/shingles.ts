/** The ScrapingHub article-extraction benchmark's metric (its evaluate.py), for one page and over pages. */

export interface PageScore {
  /** tp, fp, fn divided by their sum (each page weighs the same). */
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  predicted: boolean;
  hasGold: boolean;
  exact: boolean;
}

/** Python's re.findall(r'\w+'): runs of Unicode letters, digits, marks and underscore. */
export function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}_]+/gu) ?? [];
}

function shingles(list: string[], n = 4): Map<string, number> {
  const out = new Map<string, number>();
  const count = Math.max(1, list.length - n + 1);
  if (!list.length) return out;
  for (let i = 0; i < count; i++) {
    const key = list.slice(i, i + n).join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export function shingleScores(gold: string, predicted: string): PageScore {
  const goldTokens = tokens(gold);
  const predTokens = tokens(predicted);
  const g = shingles(goldTokens);
  const p = shingles(predTokens);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...g.keys(), ...p.keys()])) {
    const a = g.get(key) ?? 0;
    const b = p.get(key) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const sum = tp + fp + fn;
  if (sum > 0) {
    tp /= sum;
    fp /= sum;
    fn /= sum;
  }
  return {
    tp,
    fp,
    fn,
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall: tp + fn > 0 ? tp / (tp + fn) : 0,
    predicted: tp + fp > 0,
    hasGold: tp + fn > 0,
    exact: goldTokens.join(' ') === predTokens.join(' '),
  };
}

export function summarise(scores: PageScore[]): { precision: number; recall: number; f1: number; accuracy: number } {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(scores.filter((s) => s.predicted).map((s) => s.precision));
  const recall = mean(scores.filter((s) => s.hasGold).map((s) => s.recall));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, accuracy: mean(scores.map((s) => (s.exact ? 1 : 0))) };
}
