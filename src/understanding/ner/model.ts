/**
 * The shipped model: sparse, quantised feature weights addressed by feature hash, BILOU transitions,
 * and the lexicons the features need. One binary file: "NER1", a JSON header, then typed arrays.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { viterbi } from './viterbi.ts';
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
 * open-addressing table. The tables outgrow a core's own cache, so a lookup waits on memory: each slot holds
 * its key and its row's first two entries in 16 bytes (one cache line), and only longer rows (a quarter) read on.
 */
let nextTableId = 0;

/** Words per slot: bucket + 1 (0 = empty), the row's length + 32 * where its third entry is, two entries. */
const SLOT = 4;
const INLINE = 2;

export class WeightTable {
  /** Where this table's scores of a word's own features are cached on the word (WordInfo.scores). */
  private readonly id = nextTableId++;
  private readonly mask: number;
  private readonly slotMask: number;
  private readonly slots: Int32Array;
  /** The entries of long rows past their first two. An entry is a quantised weight and a tag: weight * 32 + tag. */
  private readonly overflow: Int32Array;
  private emissions = new Float64Array(0);

  constructor(
    bits: number,
    buckets: Uint32Array,
    counts: Uint8Array,
    tags: Uint8Array,
    quantised: Int16Array,
    private readonly scale: number,
    readonly transitions: Float32Array,
  ) {
    this.mask = (1 << bits) - 1;
    let slots = 1024;
    while (slots < buckets.length * 2) slots *= 2;
    this.slotMask = slots - 1;
    this.slots = new Int32Array(slots * SLOT);
    const overflow: number[] = [];
    let entry = 0;
    for (let r = 0; r < buckets.length; r++) {
      let slot = this.slotOf(buckets[r]);
      while (this.slots[slot * SLOT] !== 0) slot = (slot + 1) & this.slotMask;
      const at = slot * SLOT;
      this.slots[at] = buckets[r] + 1;
      this.slots[at + 1] = overflow.length * 32 + counts[r];
      for (let k = 0; k < counts[r]; k++) {
        const packed = quantised[entry + k] * 32 + tags[entry + k];
        if (k < INLINE) this.slots[at + 2 + k] = packed;
        else overflow.push(packed);
      }
      entry += counts[r];
    }
    this.overflow = Int32Array.from(overflow);
  }

  private slotOf(bucket: number): number {
    return (Math.imul(bucket, 0x9e3779b1) >>> 0) & this.slotMask;
  }

  /** Best BILOU tag per token of one sentence. */
  tag(features: SentenceFeatures): Uint8Array {
    const n = features.offsets.length - 1;
    if (this.emissions.length < n * TAG_COUNT) this.emissions = new Float64Array(n * TAG_COUNT * 2);
    const em = this.emissions;
    em.fill(0, 0, n * TAG_COUNT);
    const { hashes, offsets, words } = features;
    for (let i = 0; i < n; i++) {
      const row = i * TAG_COUNT;
      let f = offsets[i];
      const word = words?.[i];
      if (word) {
        const own = (word.scores[this.id] ??= this.wordScores(word.local));
        for (let t = 0; t < TAG_COUNT; t++) em[row + t] += own[t];
        f += word.local.length;
      }
      this.addRange(hashes, f, offsets[i + 1], em, row);
    }
    return viterbi(em, n, this.transitions);
  }

  /** The summed weights of a word's own features, per tag. */
  private wordScores(local: number[]): Float64Array {
    const out = new Float64Array(TAG_COUNT);
    this.addRange(Uint32Array.from(local), 0, local.length, out, 0);
    return out;
  }

  /** Adds the weights of features hashes[from..to) (those the model kept) to out[row + tag]. The hot loop of tagging. */
  private addRange(hashes: Uint32Array, from: number, to: number, out: Float64Array, row: number): void {
    const { slots, mask, slotMask, scale, overflow } = this;
    const wrap = slotMask * SLOT + SLOT - 1;
    for (let f = from; f < to; f++) {
      const key = (hashes[f] & mask) + 1;
      let at = this.slotOf(key - 1) * SLOT;
      let found = slots[at];
      while (found !== 0 && found !== key) {
        at = (at + SLOT) & wrap;
        found = slots[at];
      }
      if (found === 0) continue;
      const meta = slots[at + 1];
      const count = meta & 31;
      const first = slots[at + 2];
      out[row + (first & 31)] += (first >> 5) * scale;
      if (count < 2) continue;
      const second = slots[at + 3];
      out[row + (second & 31)] += (second >> 5) * scale;
      const rest = (meta >>> 5) + count - INLINE;
      for (let k = meta >>> 5; k < rest; k++) out[row + (overflow[k] & 31)] += (overflow[k] >> 5) * scale;
    }
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
      const transitions = Float32Array.from(stage.transitions, (v) => (v === null ? -Infinity : v));
      return new WeightTable(header.bits, buckets, counts, tags, quantised, stage.scale, transitions);
    });
    const lexicons = {
      gazetteer: Gazetteer.fromEntries(header.gazetteer),
      lowerWords: new Set(header.lowerWords),
      clusters: new Map(header.clusters ?? []),
    };
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
    header: {
      rows: buckets.length,
      entries: tags.length,
      scale,
      transitions: Array.from(dense.transitions, (v) => (Number.isFinite(v) ? v : null)),
    },
    arrays: [
      new Uint8Array(Uint32Array.from(buckets).buffer),
      Uint8Array.from(counts),
      Uint8Array.from(tags),
      new Uint8Array(Int16Array.from(values).buffer),
    ],
  };
}

export function saveModel(
  path: string,
  stages: DenseWeights[],
  lexicons: FeatureLexicons,
  truecasing: boolean,
  prune: number,
  trainedOn: string,
): { bytes: number; rows: number; entries: number } {
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
  return {
    bytes: file.length,
    rows: sparse.reduce((n, s) => n + s.header.rows, 0),
    entries: sparse.reduce((n, s) => n + s.header.entries, 0),
  };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
