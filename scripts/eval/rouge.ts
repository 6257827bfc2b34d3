// ROUGE-1.5.5's n-gram counts with the options tilse runs it with (-n 2 -m -s, one summary per peer and model):
// lower-cased, every character but letters, digits and "-" a separator, SMART stopwords dropped, words longer than 3
// letters stemmed (WordNet-2.0 exception list first, then the Porter stemmer), n-grams across sentence boundaries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stemmer } from 'stemmer';
import { tokenize } from '../../src/understanding/tokenize.ts';

export interface RougeData {
  stopwords: Set<string>;
  exceptions: Map<string, string>;
}

/** Reads `rouge/smart_common_words.txt` and `rouge/wordnet-2.0-exceptions.txt` of the T17 folder. */
export function loadRougeData(dir: string): RougeData {
  const stopwords = new Set(
    readFileSync(join(dir, 'smart_common_words.txt'), 'utf8')
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean),
  );
  const exceptions = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'wordnet-2.0-exceptions.txt'), 'utf8').split('\n')) {
    const [form, base] = line.trim().split(/\s+/);
    if (form && base) exceptions.set(form, base);
  }
  return { stopwords, exceptions };
}

/** A sentence as the T17 files held it: Penn-Treebank tokens joined by spaces ("did n't", "Haiti 's"). */
export function ptbTokens(sentence: string): string[] {
  return tokenize(sentence).map((t) => t.text);
}

/** The words ROUGE-1.5.5 counts in a summary (its sentences joined), in order. */
export function rougeWords(sentences: string[], data: RougeData): string[] {
  const text = sentences
    .map((s) => ptbTokens(s).join(' '))
    .join(' ')
    .toLowerCase()
    .replace(/-/g, ' - ')
    .replace(/[^a-z0-9-]/g, ' ');
  const out: string[] = [];
  for (const token of text.split(/\s+/)) {
    if (!token || data.stopwords.has(token) || !/^[a-z0-9$]/.test(token)) continue;
    out.push(token.length > 3 ? (data.exceptions.get(token) ?? stemmer(token)) : token);
  }
  return out;
}

export function ngramCounts(words: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const gram = words.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

export interface RougeCounts {
  /** Matched n-grams (each clipped to the smaller count). */
  hit: number;
  /** n-grams of the peer (system) summary. */
  peer: number;
  /** n-grams of the model (reference) summary. */
  model: number;
}

export function rougeCounts(peer: string[], model: string[], n: number): RougeCounts {
  const p = ngramCounts(peer, n);
  const m = ngramCounts(model, n);
  let hit = 0;
  for (const [gram, c] of p) hit += Math.min(c, m.get(gram) ?? 0);
  return { hit, peer: Math.max(0, peer.length - n + 1), model: Math.max(0, model.length - n + 1) };
}
