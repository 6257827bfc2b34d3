/**
 * Averaged structured perceptron over BILOU tags (Collins 2002), with dense hashed weights during training.
 * The gazetteer each training document sees is built from the other folds only, so the model learns
 * how far a gazetteer hit can be trusted for a name it has not memorised.
 */
import type { LabelledDocument } from './conll.ts';
import { viterbi } from './viterbi.ts';
import type { FeatureLexicons, SentenceFeatures } from './features.ts';
import { Gazetteer } from './gazetteer.ts';
import { seededRandom } from './feature-hash.ts';
import type { DenseWeights } from './model.ts';
import { buildLowerWords } from './normalize.ts';
import { prepareDocument, secondPassFeatures, type PreparedDocument } from './pipeline.ts';
import { SpanScorer, prf } from './score.ts';
import { allowedTransitions, bilouFromSpans, spansFromBilou, spansFromIob, TAG_COUNT, type Span } from './tags.ts';

const T = TAG_COUNT;

export interface TrainingOptions {
  bits: number;
  epochs: number;
  seed: number;
  folds: number;
  truecasing: boolean;
  /** Word classes from unlabelled text; empty to train without them. */
  clusters: Map<string, number>;
  log: (line: string) => void;
}

interface Example extends Gold {
  features: SentenceFeatures;
}

export function buildLexicons(docs: LabelledDocument[], clusters: Map<string, number>): FeatureLexicons {
  return { gazetteer: gazetteerOf(docs), lowerWords: buildLowerWords(docs.flat().map((s) => s.words)), clusters };
}

function gazetteerOf(docs: LabelledDocument[]): Gazetteer {
  const g = new Gazetteer();
  for (const doc of docs)
    for (const s of doc)
      for (const span of spansFromIob(s.labels)) g.add(s.words.slice(span.start, span.end), span.type);
  return g;
}

class Perceptron {
  readonly weights: Float32Array;
  private readonly totals: Float64Array;
  readonly trans = new Float32Array((T + 1) * T);
  private readonly transTotals = new Float64Array((T + 1) * T);
  private readonly allowed = allowedTransitions();
  private readonly mask: number;
  private step = 1;

  constructor(readonly bits: number) {
    this.weights = new Float32Array((1 << bits) * T);
    this.totals = new Float64Array((1 << bits) * T);
    this.mask = (1 << bits) - 1;
  }

  transitions(weights = this.trans): Float32Array {
    return weights.map((w, k) => (this.allowed[k] ? w : -Infinity));
  }

  learn(ex: Example, transitions: Float32Array): boolean {
    const predicted = decodeDense(ex.features, { bits: this.bits, weights: this.weights, transitions });
    let wrong = false;
    const { hashes, offsets } = ex.features;
    for (let i = 0; i < predicted.length; i++) {
      const g = ex.gold[i];
      const p = predicted[i];
      const gPrev = i === 0 ? T : ex.gold[i - 1];
      const pPrev = i === 0 ? T : predicted[i - 1];
      if (g !== p) {
        wrong = true;
        for (let k = offsets[i]; k < offsets[i + 1]; k++) {
          const base = (hashes[k] & this.mask) * T;
          this.bump(this.weights, this.totals, base + g, 1);
          this.bump(this.weights, this.totals, base + p, -1);
        }
      }
      if (g !== p || gPrev !== pPrev) {
        this.bump(this.trans, this.transTotals, gPrev * T + g, 1);
        this.bump(this.trans, this.transTotals, pPrev * T + p, -1);
      }
    }
    this.step++;
    return wrong;
  }

  private bump(w: Float32Array, totals: Float64Array, k: number, by: number): void {
    w[k] += by;
    totals[k] += this.step * by;
  }

  averaged(): DenseWeights {
    const weights = new Float32Array(this.weights.length);
    for (let k = 0; k < weights.length; k++) weights[k] = this.weights[k] - this.totals[k] / this.step;
    const trans = new Float32Array(this.trans.length);
    for (let k = 0; k < trans.length; k++) trans[k] = this.trans[k] - this.transTotals[k] / this.step;
    return { bits: this.bits, weights, transitions: this.transitions(trans) };
  }
}

export interface TrainedNer {
  stages: DenseWeights[];
  lexicons: FeatureLexicons;
  epochs: number[];
  devF1: Array<number | null>;
}

interface StageResult {
  weights: DenseWeights;
  epochsRun: number;
  devF1: number | null;
}

/**
 * Two passes, stacked: the first tags sentences on their own; the second also sees, for each word,
 * how the first pass labelled it across the document. The second pass learns from first-pass labels
 * of training documents made by models that never saw those documents (jackknife), so it learns
 * how far to trust them.
 */
export function trainNer(train: LabelledDocument[], dev: LabelledDocument[] | null, opts: TrainingOptions): TrainedNer {
  const started = Date.now();
  const log = (line: string) => opts.log(`${line} [${((Date.now() - started) / 1000).toFixed(1)}s]`);
  const lexicons = buildLexicons(train, opts.clusters);
  const fold = (d: number) => d % opts.folds;
  const foldLexicons = Array.from({ length: opts.folds }, (_, k) => ({
    gazetteer: gazetteerOf(train.filter((_, d) => fold(d) !== k)),
    lowerWords: lexicons.lowerWords,
    clusters: lexicons.clusters,
  }));
  const headlines = headlineStyle(train, opts.seed);
  const trainDocs = train.map((doc, d) => prepareDocument(headlines[d], foldLexicons[fold(d)], opts.truecasing));
  const devDocs = (dev ?? []).map((doc) =>
    prepareDocument(
      doc.map((s) => s.words),
      lexicons,
      opts.truecasing,
    ),
  );
  const trainGold = train.map(goldOf);
  const devGold = (dev ?? []).map(goldOf);
  const examples = (docs: PreparedDocument[], gold: Gold[][], features = (d: number) => docs[d].features) =>
    docs.flatMap((_, d) => gold[d].map((g, k) => ({ features: features(d)[k], ...g })));
  log(`features ready: ${trainGold.flat().length} training sentences, ${devGold.flat().length} dev sentences`);

  const first = trainStage(
    examples(trainDocs, trainGold),
    dev ? examples(devDocs, devGold) : null,
    opts.epochs,
    opts,
    (l) => log(`pass 1 ${l}`),
  );

  // First-pass labels of every training document from a model trained without its fold.
  const heldOutSpans: Span[][][] = new Array(train.length);
  for (let k = 0; k < opts.folds; k++) {
    const inFold = trainDocs.map((_, d) => d).filter((d) => fold(d) === k);
    const others = trainDocs.map((_, d) => d).filter((d) => fold(d) !== k);
    const rest = trainStage(
      others.flatMap((d) => examples([trainDocs[d]], [trainGold[d]])),
      null,
      first.epochsRun,
      opts,
      () => {},
    );
    for (const d of inFold)
      heldOutSpans[d] = trainDocs[d].features.map((f) => spansFromBilou(decodeDense(f, rest.weights)));
    log(`jackknife fold ${k + 1}/${opts.folds} done`);
  }
  const secondTrain = trainDocs.map((doc, d) => secondPassFeatures(doc, heldOutSpans[d]));
  const secondDev = devDocs.map((doc) =>
    secondPassFeatures(
      doc,
      doc.features.map((f) => spansFromBilou(decodeDense(f, first.weights))),
    ),
  );
  const second = trainStage(
    examples(trainDocs, trainGold, (d) => secondTrain[d]),
    dev ? examples(devDocs, devGold, (d) => secondDev[d]) : null,
    opts.epochs,
    opts,
    (l) => log(`pass 2 ${l}`),
  );
  return {
    stages: [first.weights, second.weights],
    lexicons,
    epochs: [first.epochsRun, second.epochsRun],
    devF1: [first.devF1, second.devF1],
  };
}

const HEADLINE_SHARE = 0.1;
const SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'and',
  'or',
  'but',
  'by',
  'with',
  'from',
  'as',
]);

/**
 * CoNLL has ALL-CAPS headlines but hardly any Title-Case ones, which web news is full of. A seeded tenth of
 * the training sentences (with the same labels) is rewritten in headline style so the model meets them;
 * half keep small words lower-case ("Macron to Meet Haftar"), half capitalise everything ("Macron To Meet Haftar").
 */
function headlineStyle(docs: LabelledDocument[], seed: number): string[][][] {
  const random = seededRandom(seed ^ 0x5eed);
  return docs.map((doc) =>
    doc.map((s) => {
      const lowerWords = s.words.filter((w) => /^\p{Ll}+$/u.test(w)).length;
      if (lowerWords < 4 || random() >= HEADLINE_SHARE) return s.words;
      const keepSmall = random() < 0.5;
      return s.words.map((w) =>
        /^\p{Ll}/u.test(w) && !(keepSmall && SMALL_WORDS.has(w)) ? w[0].toUpperCase() + w.slice(1) : w,
      );
    }),
  );
}

interface Gold {
  gold: Uint8Array;
  goldSpans: Span[];
}

function goldOf(doc: LabelledDocument): Gold[] {
  return doc.map((s) => {
    const goldSpans = spansFromIob(s.labels);
    return { gold: bilouFromSpans(goldSpans, s.words.length), goldSpans };
  });
}

function trainStage(
  examples: Example[],
  devExamples: Example[] | null,
  epochs: number,
  opts: TrainingOptions,
  log: (line: string) => void,
): StageResult {
  const model = new Perceptron(opts.bits);
  const random = seededRandom(opts.seed);
  const order = examples.map((_, i) => i);
  let best: StageResult | null = null;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, random);
    let mistakes = 0;
    for (const i of order) if (model.learn(examples[i], model.transitions())) mistakes++;
    // Without dev data the last epoch is kept, so only that one needs averaging.
    if (!devExamples && epoch < epochs) continue;
    const averaged = model.averaged();
    const f1 = devExamples ? devScore(devExamples, averaged) : null;
    log(`epoch ${epoch}: ${mistakes} sentences wrong, dev PER/LOC/ORG F1 ${f1?.toFixed(2) ?? 'n/a'}`);
    // The last epoch is kept: dev curves here are flat after a few epochs, so picking a best one would fit dev noise.
    if (epoch === epochs) best = { weights: averaged, epochsRun: epoch, devF1: f1 };
  }
  return best!;
}

let emissionScratch = new Float64Array(0);

function decodeDense(f: SentenceFeatures, dense: DenseWeights): Uint8Array {
  const n = f.offsets.length - 1;
  const mask = (1 << dense.bits) - 1;
  if (emissionScratch.length < n * T) emissionScratch = new Float64Array(n * T * 2);
  const em = emissionScratch;
  em.fill(0, 0, n * T);
  for (let i = 0; i < n; i++) {
    for (let k = f.offsets[i]; k < f.offsets[i + 1]; k++) {
      const base = (f.hashes[k] & mask) * T;
      for (let t = 0; t < T; t++) em[i * T + t] += dense.weights[base + t];
    }
  }
  return viterbi(em, n, dense.transitions);
}

function devScore(examples: Example[], averaged: DenseWeights): number {
  const scorer = new SpanScorer(['PER', 'LOC', 'ORG']);
  for (const ex of examples) scorer.add(ex.goldSpans, spansFromBilou(decodeDense(ex.features, averaged)));
  return prf(scorer.micro()).f1;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
