/** Names seen in training, by type: a multi-word lookup over lower-cased tokens. */
import { TYPES, type NerType } from './tags.ts';

export const MAX_NAME_WORDS = 6;

export class Gazetteer {
  /** Lower-cased words joined by single spaces -> bit mask over TYPES. */
  readonly entries = new Map<string, number>();
  /** Every proper prefix of a name ("united", "united nations" for "united nations security council"): a lookup stops where none goes on. */
  private readonly prefixes = new Set<string>();

  add(words: string[], type: NerType): void {
    if (words.length > MAX_NAME_WORDS) return;
    const key = words.join(' ').toLowerCase();
    this.entries.set(key, (this.entries.get(key) ?? 0) | (1 << TYPES.indexOf(type)));
    this.addPrefixes(key);
  }

  static fromEntries(entries: Array<[string, number]>): Gazetteer {
    const g = new Gazetteer();
    for (const [key, mask] of entries) {
      g.entries.set(key, mask);
      g.addPrefixes(key);
    }
    return g;
  }

  private addPrefixes(key: string): void {
    for (let space = key.indexOf(' '); space > 0; space = key.indexOf(' ', space + 1))
      this.prefixes.add(key.slice(0, space));
  }

  /** Calls back for every name that matches lower-cased words [start, start+length). */
  matches(lower: string[], visit: (start: number, length: number, mask: number) => void): void {
    for (let start = 0; start < lower.length; start++) {
      let key = lower[start];
      const limit = Math.min(MAX_NAME_WORDS, lower.length - start);
      for (let length = 1; length <= limit; length++) {
        if (length > 1) key += ' ' + lower[start + length - 1];
        const mask = this.entries.get(key);
        if (mask) visit(start, length, mask);
        if (!this.prefixes.has(key)) break;
      }
    }
  }
}
