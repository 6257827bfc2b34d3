// `npm run eval -- time ../shared/datasets/tbaq`: scores the temporal tagger on TimeML (TempEval-3 training data).
// Gold: TIMEX3 of type DATE in each document's <TEXT>, the creation-time timex excluded (it sits in the header).
// A predicted expression that overlaps no DATE gold but overlaps a TIME/DURATION/SET gold is neither a hit nor a
// false positive ("Friday" inside "Friday morning" annotated TIME): those types are not what we extract.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractTimes, extractTimesWithReferences } from '../../src/understanding/time/index.ts';
import type { TimeExpression } from '../../src/understanding/types.ts';

interface GoldTimex {
  start: number;
  end: number;
  type: string;
  value: string;
  text: string;
}

interface GoldDoc {
  name: string;
  text: string;
  dct: string | null;
  timexes: GoldTimex[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]);
const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? '';

/** Strips the markup of the <TEXT> element, keeping each TIMEX3's offsets in the raw text. */
export function parseTimeML(name: string, xml: string): GoldDoc {
  const dctTag = /<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>/.exec(xml)?.[0];
  const dct = dctTag ? (/^\d{4}-\d\d-\d\d/.exec(attr(dctTag, 'value'))?.[0] ?? null) : null;
  const body = /<TEXT>([\s\S]*?)<\/TEXT>/.exec(xml)?.[1] ?? '';
  let text = '';
  const timexes: GoldTimex[] = [];
  let open: { start: number; type: string; value: string } | null = null;
  const parts = body.split(/(<[^>]+>)/);
  for (const part of parts) {
    if (!part.startsWith('<')) {
      text += decode(part);
    } else if (part.startsWith('<TIMEX3')) {
      open = { start: text.length, type: attr(part, 'type'), value: attr(part, 'value') };
    } else if (part.startsWith('</TIMEX3') && open) {
      timexes.push({ ...open, end: text.length, text: text.slice(open.start, text.length) });
      open = null;
    }
  }
  return { name, text, dct, timexes };
}

function listTml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listTml(path));
    else if (entry.endsWith('.tml')) out.push(path);
  }
  return out;
}

interface Tally {
  gold: number;
  predicted: number;
  neutral: number;
  strictHits: number;
  relaxedHits: number;
  valueHits: number;
  isoGold: number;
  isoFound: number;
  misses: string[];
  falsePositives: string[];
  wrongValues: string[];
  /** Wrong values whose gold is an underspecified TimeML form (1989-WXX, P1W, 1998-10-XX, 1999-10-07TNI) the tagger never produces. */
  underspecified: number;
}

const ISO_VALUE = /^\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d)?$/;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

function score(docs: GoldDoc[], tag: (doc: GoldDoc) => TimeExpression[]): Tally {
  const t: Tally = {
    gold: 0,
    predicted: 0,
    neutral: 0,
    strictHits: 0,
    relaxedHits: 0,
    valueHits: 0,
    isoGold: 0,
    isoFound: 0,
    misses: [],
    falsePositives: [],
    wrongValues: [],
    underspecified: 0,
  };
  for (const doc of docs) {
    const gold = doc.timexes.filter((g) => g.type === 'DATE');
    const other = doc.timexes.filter((g) => g.type !== 'DATE');
    const predicted = tag(doc);
    const used = new Set<GoldTimex>();
    t.gold += gold.length;
    t.isoGold += gold.filter((g) => ISO_VALUE.test(g.value)).length;
    for (const p of predicted) {
      // One-to-one: the first unused DATE gold it overlaps.
      const match = gold.find((g) => !used.has(g) && overlaps(g, p));
      if (!match) {
        if (other.some((g) => overlaps(g, p))) t.neutral++;
        else {
          t.predicted++;
          t.falsePositives.push(`${doc.name}: "${p.text}" -> ${p.value}`);
        }
        continue;
      }
      used.add(match);
      t.predicted++;
      t.relaxedHits++;
      if (match.start === p.start && match.end === p.end) t.strictHits++;
      if (match.value === p.value) {
        t.valueHits++;
        if (ISO_VALUE.test(match.value)) t.isoFound++;
      } else {
        if (/X|^P[\dX]|\dT/.test(match.value)) t.underspecified++;
        t.wrongValues.push(`${doc.name} [${doc.dct}]: "${p.text}" -> ${p.value}, gold "${match.text}" ${match.value}`);
      }
    }
    for (const g of gold) if (!used.has(g)) t.misses.push(`${doc.name}: "${g.text}" ${g.value}`);
  }
  return t;
}

const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(1) : '0.0');
const f1 = (hits: number, predicted: number, gold: number) => {
  const p = predicted ? hits / predicted : 0;
  const r = gold ? hits / gold : 0;
  return { p: 100 * p, r: 100 * r, f: p + r ? (200 * p * r) / (p + r) : 0 };
};
const row = (label: string, m: { p: number; r: number; f: number }) =>
  `  ${label.padEnd(22)} P ${m.p.toFixed(1).padStart(5)}  R ${m.r.toFixed(1).padStart(5)}  F1 ${m.f.toFixed(1).padStart(5)}`;

function report(label: string, t: Tally): void {
  console.log(`${label}`);
  console.log(row('strict extraction', f1(t.strictHits, t.predicted, t.gold)));
  console.log(row('relaxed extraction', f1(t.relaxedHits, t.predicted, t.gold)));
  console.log(
    `  value accuracy         ${pct(t.valueHits, t.relaxedHits)}% of ${t.relaxedHits} dates found (TempEval-3 value attribute)`,
  );
  console.log(
    `  (${t.underspecified} of the ${t.relaxedHits - t.valueHits} wrong values have an underspecified gold form: X, P..., T...)`,
  );
  console.log(
    `  day/week/month/year    ${pct(t.isoFound, t.isoGold)}% of ${t.isoGold} gold dates found with exactly their value`,
  );
  console.log(`  predicted ${t.predicted} (+${t.neutral} inside TIME/DURATION/SET gold, not scored), gold ${t.gold}`);
}

function measureSpeed(docs: GoldDoc[]): string {
  const tokens = docs.reduce((n, d) => n + (d.text.match(/\S+/g)?.length ?? 0), 0);
  const rounds = 20;
  for (const d of docs) extractTimes(d.text, { docDate: d.dct }); // warm up the regex engine
  const began = performance.now();
  for (let i = 0; i < rounds; i++) for (const d of docs) extractTimes(d.text, { docDate: d.dct });
  const seconds = (performance.now() - began) / 1000;
  return `speed: ${Math.round((tokens * rounds) / seconds).toLocaleString('en-US')} tokens/s (${tokens} whitespace tokens x ${rounds} rounds in ${seconds.toFixed(2)} s, one core)`;
}

export async function main(args: string[]): Promise<void> {
  const dir = args.find((a) => !a.startsWith('--')) ?? '../shared/datasets/tbaq';
  const verbose = args.some((a) => a.startsWith('--errors'));
  if (!existsSync(dir)) {
    console.log(`skipped: no TimeML data at ${dir}`);
    return;
  }
  const docs = listTml(dir).map((path) => parseTimeML(path.slice(dir.length + 1), readFileSync(path, 'utf8')));
  console.log(`${docs.length} documents from ${dir}; gold = TIMEX3 type DATE in <TEXT>, creation time excluded`);
  const withRefs = score(docs, (d) => extractTimesWithReferences(d.text, { docDate: d.dct }));
  report(
    'extractTimesWithReferences (all TimeML dates, incl. "now"/"recently" as PRESENT_REF/PAST_REF/FUTURE_REF):',
    withRefs,
  );
  const product = score(docs, (d) => extractTimes(d.text, { docDate: d.dct }));
  report('extractTimes (what the bot uses: no vague references):', product);
  console.log(measureSpeed(docs));
  if (verbose) {
    // The errors of what the bot uses; --errors=refs lists those of extractTimesWithReferences instead.
    const shown = args.includes('--errors=refs') ? withRefs : product;
    console.log('\nmissed:\n' + shown.misses.join('\n'));
    console.log('\nfalse positives:\n' + shown.falsePositives.join('\n'));
    console.log('\nwrong values:\n' + shown.wrongValues.join('\n'));
  }
}
