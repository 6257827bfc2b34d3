// `npm run eval -- ner ../shared/datasets/conll2003/dev.txt`: exact-span P/R/F1 per type and micro over PER/LOC/ORG,
// through the product's own code path (gold tokens joined by spaces -> recognizeEntities), plus tagging speed.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readConll, type LabelledDocument } from '../../src/understanding/ner/conll.ts';
import { nerModel, recognizeEntities } from '../../src/understanding/ner/index.ts';
import { SpanScorer, prf } from '../../src/understanding/ner/score.ts';
import { spansFromIob, type NerType, type Span } from '../../src/understanding/ner/tags.ts';
import type { EntityMention, Sentence, Token } from '../../src/understanding/types.ts';

const TYPE_OF: Record<string, NerType> = { person: 'PER', place: 'LOC', organization: 'ORG', misc: 'MISC' };

interface PreparedDocument {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
  gold: Span[];
}

/** A CoNLL document as the product sees one: its words joined by spaces, with the gold tokens and sentences. */
export function prepare(doc: LabelledDocument): PreparedDocument {
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  const gold: Span[] = [];
  let text = '';
  for (const s of doc) {
    const tokenStart = tokens.length;
    if (text) text += '\n';
    for (const word of s.words) {
      if (tokens.length > tokenStart) text += ' ';
      tokens.push({ text: word, start: text.length, end: text.length + word.length });
      text += word;
    }
    sentences.push({ start: tokens[tokenStart].start, end: text.length, tokenStart, tokenEnd: tokens.length });
    for (const span of spansFromIob(s.labels))
      gold.push({ ...span, start: span.start + tokenStart, end: span.end + tokenStart });
  }
  return { text, tokens, sentences, gold };
}

function toSpans(mentions: EntityMention[], tokens: Token[]): Span[] {
  const byStart = new Map(tokens.map((t, i) => [t.start, i]));
  const byEnd = new Map(tokens.map((t, i) => [t.end, i + 1]));
  return mentions.map((m) => ({
    start: byStart.get(m.start) ?? -1,
    end: byEnd.get(m.end) ?? -1,
    type: TYPE_OF[m.type],
  }));
}

export async function main(args: string[]): Promise<void> {
  const path = args[0] ?? '../shared/datasets/conll2003/dev.txt';
  if (!existsSync(path)) {
    console.log(`skipped: no CoNLL file at ${path}`);
    return;
  }
  const loadStarted = performance.now();
  nerModel();
  const loadMs = performance.now() - loadStarted;
  const docs = readConll(path).map(prepare);
  const tokenCount = docs.reduce((n, d) => n + d.tokens.length, 0);
  const scorer = new SpanScorer(['PER', 'LOC', 'ORG']);
  // One untimed pass first so the figure is the steady tagging speed of a long-running bot, not the JIT compiler's.
  for (const d of docs) recognizeEntities(d.text, d.tokens, d.sentences);
  // Wall time suffers when other work shares the machine; CPU time of this process is the one-core figure.
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const predicted = docs.map((d) => recognizeEntities(d.text, d.tokens, d.sentences));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  docs.forEach((d, i) => scorer.add(d.gold, toSpans(predicted[i], d.tokens)));

  console.log(`NER on ${path}: ${docs.length} documents, ${tokenCount} tokens`);
  console.log('type   precision  recall     F1   (gold)');
  for (const [type, s] of scorer.byType) console.log(row(type, s));
  console.log(row('micro', scorer.micro()));
  console.log(
    `speed: ${Math.round(tokenCount / seconds)} tokens/s wall (${seconds.toFixed(2)} s), ${Math.round(tokenCount / cpuSeconds)} tokens/s of CPU time (${cpuSeconds.toFixed(2)} s), one thread, after one warm-up pass; model load ${loadMs.toFixed(0)} ms`,
  );
}

function row(label: string, s: { tp: number; fp: number; fn: number }): string {
  const { precision, recall, f1 } = prf(s);
  return `${label.padEnd(6)} ${precision.toFixed(2).padStart(9)} ${recall.toFixed(2).padStart(7)} ${f1.toFixed(2).padStart(6)}   (${s.tp + s.fn})`;
}
