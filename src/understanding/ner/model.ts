/**
 * The shipped model: sparse, quantised feature weights addressed by feature hash, BILOU transitions,
 * and the lexicons the features need. One binary file: "NER1", a JSON header, then typed arrays.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { viterbi } from './decode.ts';
import type { FeatureLexicons, SentenceFeatures } from './features.ts';
import { Gazetteer } from './gazetteer.ts';
import { TAG_COUNT } from './tags.ts';

const MAGIC = 'NER2';

interface StageHeader {
  rows: number;
  entries: number;
  scale: number;
  transitions: Array<number | null>;
}

interface Header {
  bits: number;
  tagCount: number;
  truecasing: boolean;
  stages: StageHeader[];
  lowerWords: string[];
  gazetteer: Array<[string, number]>;
  clusters?: Array<[string, number]>;
  trainedOn?: string;
}

/** What training hands over: averaged dense weights (bucket-major, TAG_COUNT per bucket) and transitions. */
export interface DenseWeights {
  bits: number;
  weights: Float32Array;
  transitions: Float32Array;
}

/**
 * One pass's weights: sparse rows addressed by the low bits of a feature hash, found through a small
 * open-addressing table (a few hundred KB, so lookups stay in cache, unlike a table over all 2^bits buckets).
 */
export class WeightTable {
  private readonly mask: number;
  private readonly slotMask: number;
  /** Per slot, side by side so one cache line serves a lookup: bucket + 1 (0 = empty), then the row's first entry * 32 + its length. */
  private readonly slots: Uint32Array;
  /** Entry e of a row is (tag, weight) at [2e, 2e+1], side by side for the same reason. */
  private readonly entries: Float32Array;
  private emissions = new Float64Array(0);

  constructor(
    bits: number,
    buckets: Uint32Array,
    counts: Uint8Array,
    tags: Uint8Array,
    weights: Float32Array,
    readonly transitions: Float32Array,
  ) {
    this.entries = new Float32Array(tags.length * 2);
    for (let e = 0; e < tags.length; e++) {
      this.entries[2 * e] = tags[e];
      this.entries[2 * e + 1] = weights[e];
    }
    this.mask = (1 << bits) - 1;
    let slots = 1024;
    while (slots < buckets.length * 2) slots *= 2;
    this.slotMask = slots - 1;
    this.slots = new Uint32Array(slots * 2);
    let entry = 0;
    for (let r = 0; r < buckets.length; r++) {
      let slot = this.slotOf(buckets[r]);
      while (this.slots[slot * 2] !== 0) slot = (slot + 1) & this.slotMask;
      this.slots[slot * 2] = buckets[r] + 1;
      this.slots[slot * 2 + 1] = entry * 32 + counts[r];
      entry += counts[r];
    }
  }

  private slotOf(bucket: number): number {
    return Math.imul(bucket, 0x9e3779b1) >>> 0 & this.slotMask;
  }

  /** Best BILOU tag per token of one sentence. */
  tag(features: SentenceFeatures): Uint8Array {
    const n = features.offsets.length - 1;
    if (this.emissions.length < n * TAG_COUNT) this.emissions = new Float64Array(n * TAG_COUNT * 2);
    const em = this.emissions;
    em.fill(0, 0, n * TAG_COUNT);
    const { hashes, offsets } = features;
    for (let i = 0; i < n; i++) {
      const row = i * TAG_COUNT;
      for (let f = offsets[i]; f < offsets[i + 1]; f++) {
        const key = (hashes[f] & this.mask) + 1;
        let slot = this.slotOf(key - 1);
        let found = this.slots[slot * 2];
        while (found !== 0 && found !== key) {
          slot = (slot + 1) & this.slotMask;
          found = this.slots[slot * 2];
        }
        if (found === 0) continue;
        const packed = this.slots[slot * 2 + 1];
        const start = Math.floor(packed / 32);
        const end = start + (packed & 31);
        const entries = this.entries;
        for (let e = 2 * start; e < 2 * end; e += 2) em[row + entries[e]] += entries[e + 1];
      }
    }
    return viterbi(em, n, this.transitions);
  }
}

/** The shipped model: a first pass over sentences and a second that also sees the first's labels across the document. */
export class NerModel {
  constructor(
    readonly stages: WeightTable[],
    readonly lexicons: FeatureLexicons,
    readonly truecasing: boolean,
  ) {}

  static load(path: string | URL): NerModel {
    const file = readFileSync(path);
    if (file.toString('latin1', 0, 4) !== MAGIC) throw new Error(`not a briefbot NER model: ${String(path)}`);
    const headerLength = file.readUInt32LE(4);
    const header = JSON.parse(file.toString('utf8', 8, 8 + headerLength)) as Header;
    if (header.tagCount !== TAG_COUNT) throw new Error('NER model was trained for a different tag set');
    let at = align(8 + headerLength, 4);
    // Copy into fresh buffers: a Buffer may sit at any offset of its pool, typed arrays need alignment.
    const take = (bytes: number) => {
      const slice = new Uint8Array(bytes);
      slice.set(file.subarray(at, at + bytes));
      at = align(at + bytes, 4);
      return slice.buffer;
    };
    const stages = header.stages.map((stage) => {
      const buckets = new Uint32Array(take(stage.rows * 4));
      const counts = new Uint8Array(take(stage.rows));
      const tags = new Uint8Array(take(stage.entries));
      const quantised = new Int16Array(take(stage.entries * 2));
      const weights = new Float32Array(stage.entries);
      for (let e = 0; e < weights.length; e++) weights[e] = quantised[e] * stage.scale;
      const transitions = Float32Array.from(stage.transitions, (v) => (v === null ? -Infinity : v));
      return new WeightTable(header.bits, buckets, counts, tags, weights, transitions);
    });
    const lexicons = { gazetteer: Gazetteer.fromEntries(header.gazetteer), lowerWords: new Set(header.lowerWords), clusters: new Map(header.clusters ?? []) };
    return new NerModel(stages, lexicons, header.truecasing);
  }
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;
const byKey = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

interface SparseStage {
  header: StageHeader;
  arrays: Uint8Array[];
}

/** A bucket is kept when any of its weights survives pruning and 16-bit quantisation. */
function sparseStage(dense: DenseWeights, prune: number): SparseStage {
  let maxAbs = 0;
  for (const w of dense.weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = maxAbs / 32767 || 1;
  const buckets: number[] = [];
  const counts: number[] = [];
  const tags: number[] = [];
  const values: number[] = [];
  const rowsTotal = 1 << dense.bits;
  for (let b = 0; b < rowsTotal; b++) {
    let count = 0;
    for (let t = 0; t < TAG_COUNT; t++) {
      const w = dense.weights[b * TAG_COUNT + t];
      if (Math.abs(w) < prune) continue;
      const q = Math.round(w / scale);
      if (q === 0) continue;
      tags.push(t);
      values.push(q);
      count++;
    }
    if (count > 0) {
      buckets.push(b);
      counts.push(count);
    }
  }
  return {
    header: { rows: buckets.length, entries: tags.length, scale, transitions: Array.from(dense.transitions, (v) => (Number.isFinite(v) ? v : null)) },
    arrays: [new Uint8Array(Uint32Array.from(buckets).buffer), Uint8Array.from(counts), Uint8Array.from(tags), new Uint8Array(Int16Array.from(values).buffer)],
  };
}

export function saveModel(path: string, stages: DenseWeights[], lexicons: FeatureLexicons, truecasing: boolean, prune: number, trainedOn: string): { bytes: number; rows: number; entries: number } {
  const sparse = stages.map((s) => sparseStage(s, prune));
  const header: Header = {
    bits: stages[0].bits,
    tagCount: TAG_COUNT,
    truecasing,
    stages: sparse.map((s) => s.header),
    lowerWords: [...lexicons.lowerWords].sort(),
    gazetteer: [...lexicons.gazetteer.entries].sort(byKey),
    clusters: [...lexicons.clusters].sort(byKey),
    trainedOn,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1'), u32(headerBytes.length), headerBytes];
  let size = 8 + headerBytes.length;
  for (const bytes of sparse.flatMap((s) => s.arrays)) {
    const pad = align(size, 4) - size;
    if (pad) parts.push(Buffer.alloc(pad));
    parts.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    size += pad + bytes.byteLength;
  }
  const file = Buffer.concat(parts);
  writeFileSync(path, file);
  return { bytes: file.length, rows: sparse.reduce((n, s) => n + s.header.rows, 0), entries: sparse.reduce((n, s) => n + s.header.entries, 0) };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
