// `npm run train:ner [-- --epochs N --bits B --no-truecase --no-clusters --out models/ner.bin]`: trains the entity recognizer on
// CoNLL-2003 from ../shared/datasets/conll2003 (dev.txt only to report each epoch's score) and writes the model.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClusters, readReuters } from '../src/understanding/ner/clusters.ts';
import { readConll } from '../src/understanding/ner/conll.ts';
import { saveModel } from '../src/understanding/ner/model.ts';
import { trainNer } from '../src/understanding/ner/train.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(repo, '../shared/datasets/conll2003');

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
}

const args = process.argv.slice(2);
const trainPath = resolve(dataDir, 'train.txt');
const devPath = resolve(dataDir, 'dev.txt');
if (!existsSync(trainPath)) {
  console.log(`skipped: no training data at ${trainPath}`);
  process.exit(0);
}
const out = resolve(repo, option(args, 'out', 'models/ner.bin'));
const epochs = Number(option(args, 'epochs', '8'));
const bits = Number(option(args, 'bits', '21'));
const truecasing = !args.includes('--no-truecase');
const prune = Number(option(args, 'prune', '0.001'));

const train = readConll(trainPath);
const dev = existsSync(devPath) ? readConll(devPath) : null;
console.log(`training on ${train.length} documents${dev ? `, measuring on ${dev.length} dev documents` : ''}`);
// Word classes from unlabelled Reuters-21578 stories; training goes on without them where that data set is absent.
const reuters = args.includes('--no-clusters') ? [] : readReuters(resolve(repo, '../shared/datasets/reuters21578'));
const clusters = reuters.length ? buildClusters(reuters) : new Map<string, number>();
console.log(
  reuters.length
    ? `word classes: ${clusters.size} words from ${reuters.length} Reuters-21578 texts`
    : 'word classes: none (no Reuters-21578 data)',
);
const trained = trainNer(train, dev, {
  bits,
  epochs,
  seed: 2003,
  folds: 5,
  truecasing,
  clusters,
  log: (line) => console.log(line),
});
mkdirSync(dirname(out), { recursive: true });
const saved = saveModel(
  out,
  trained.stages,
  trained.lexicons,
  truecasing,
  prune,
  `CoNLL-2003 train, epochs ${trained.epochs.join('+')} of ${epochs}`,
);
console.log(
  `kept epochs ${trained.epochs.join(', ')} (dev F1 ${trained.devF1.map((f) => f?.toFixed(2) ?? 'n/a').join(', ')}); wrote ${out}: ${(saved.bytes / 1e6).toFixed(2)} MB, ${saved.rows} features, ${saved.entries} weights`,
);
