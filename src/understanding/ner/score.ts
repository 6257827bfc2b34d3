/** conlleval-style scoring: a predicted span counts only when its start, end and type all match a gold span. */
import type { Span } from './tags.ts';

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
}

export class SpanScorer {
  readonly byType = new Map<string, TypeScore>();

  constructor(private readonly types: readonly string[]) {
    for (const t of types) this.byType.set(t, { tp: 0, fp: 0, fn: 0 });
  }

  add(gold: Span[], predicted: Span[]): void {
    const key = (s: Span) => `${s.start}:${s.end}:${s.type}`;
    const goldKeys = new Set(gold.filter((s) => this.byType.has(s.type)).map(key));
    for (const p of predicted) {
      const score = this.byType.get(p.type);
      if (!score) continue;
      if (goldKeys.has(key(p))) {
        score.tp++;
        goldKeys.delete(key(p));
      } else score.fp++;
    }
    for (const g of goldKeys) this.byType.get(g.split(':')[2])!.fn++;
  }

  micro(): TypeScore {
    const total = { tp: 0, fp: 0, fn: 0 };
    for (const s of this.byType.values()) {
      total.tp += s.tp;
      total.fp += s.fp;
      total.fn += s.fn;
    }
    return total;
  }
}

export function prf(s: TypeScore): { precision: number; recall: number; f1: number } {
  const precision = s.tp + s.fp ? (100 * s.tp) / (s.tp + s.fp) : 0;
  const recall = s.tp + s.fn ? (100 * s.tp) / (s.tp + s.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
