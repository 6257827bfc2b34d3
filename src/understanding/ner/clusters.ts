/**
 * Word classes learnt from unlabelled newswire (Reuters-21578): words that occur between the same
 * neighbours fall into the same class, so a place the labelled data never saw ("Benghazi") still
 * shares a class with places it did ("Tripoli"). Context vectors of left and right neighbours,
 * a seeded random projection, then k-means; all deterministic.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './feature-hash.ts';
import { tokenize } from '../tokenize.ts';

export interface ClusterOptions {
  minCount: number;
  contextWords: number;
  dims: number;
  classes: number;
  iterations: number;
  seed: number;
}

export const DEFAULT_CLUSTERS: ClusterOptions = {
  minCount: 3,
  contextWords: 300,
  dims: 64,
  classes: 256,
  iterations: 12,
  seed: 21578,
};

/** Story texts (title and body) of the Reuters-21578 SGML files in `dir`; none when the folder is absent. */
export function readReuters(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const texts: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sgm'))
    .sort()) {
    const sgml = readFileSync(join(dir, file), 'latin1');
    for (const m of sgml.matchAll(/<TITLE>([\s\S]*?)<\/TITLE>|<BODY>([\s\S]*?)<\/BODY>/g)) {
      texts.push(
        (m[1] ?? m[2])
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&')
          .replace(/&#\d+;/g, ' '),
      );
    }
  }
  return texts;
}

/** Lower-cased word -> class, for words seen at least minCount times. */
export function buildClusters(texts: string[], opts: ClusterOptions = DEFAULT_CLUSTERS): Map<string, number> {
  const docs = texts.map((t) => tokenize(t).map((tok) => tok.text.toLowerCase()));
  const counts = new Map<string, number>();
  for (const words of docs) for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const vocab = byFrequency.filter(([, n]) => n >= opts.minCount).map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const contextIndex = new Map(byFrequency.slice(0, opts.contextWords).map(([w], i) => [w, i]));
  const width = 2 * (opts.contextWords + 1);
  const context = new Float32Array(vocab.length * width);
  for (const words of docs) {
    for (let i = 0; i < words.length; i++) {
      const row = index.get(words[i]);
      if (row === undefined) continue;
      const left = i > 0 ? (contextIndex.get(words[i - 1]) ?? opts.contextWords) : opts.contextWords;
      const right = i + 1 < words.length ? (contextIndex.get(words[i + 1]) ?? opts.contextWords) : opts.contextWords;
      context[row * width + left]++;
      context[row * width + opts.contextWords + 1 + right]++;
    }
  }
  const vectors = project(context, vocab.length, width, opts);
  const assignment = kMeans(vectors, vocab.length, opts);
  return new Map(vocab.map((w, i) => [w, assignment[i]]));
}

/** Square-root counts (so frequent neighbours do not swamp the rest), a seeded ±1 projection, unit length. */
function project(context: Float32Array, rows: number, width: number, opts: ClusterOptions): Float32Array {
  const random = seededRandom(opts.seed);
  const signs = Float32Array.from({ length: width * opts.dims }, () => (random() < 0.5 ? -1 : 1));
  const out = new Float32Array(rows * opts.dims);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      const v = context[r * width + c];
      if (v === 0) continue;
      const s = Math.sqrt(v);
      for (let d = 0; d < opts.dims; d++) out[r * opts.dims + d] += s * signs[c * opts.dims + d];
    }
    let norm = 0;
    for (let d = 0; d < opts.dims; d++) norm += out[r * opts.dims + d] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < opts.dims; d++) out[r * opts.dims + d] /= norm;
  }
  return out;
}

/** Spherical k-means seeded with the most frequent words' vectors (deterministic). */
function kMeans(vectors: Float32Array, rows: number, opts: ClusterOptions): Int32Array {
  const { dims, classes } = opts;
  const k = Math.min(classes, rows);
  const centroids = vectors.slice(0, k * dims);
  const assignment = new Int32Array(rows);
  for (let it = 0; it < opts.iterations; it++) {
    for (let r = 0; r < rows; r++) {
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += vectors[r * dims + d] * centroids[c * dims + d];
        if (dot > bestScore) [best, bestScore] = [c, dot];
      }
      assignment[r] = best;
    }
    centroids.fill(0);
    for (let r = 0; r < rows; r++)
      for (let d = 0; d < dims; d++) centroids[assignment[r] * dims + d] += vectors[r * dims + d];
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += centroids[c * dims + d] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; d++) centroids[c * dims + d] /= norm;
    }
  }
  return assignment;
}
