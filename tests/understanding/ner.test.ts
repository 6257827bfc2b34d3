import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nerModel, recognizeEntities } from '../../src/understanding/ner/index.ts';
import { mayHoldName } from '../../src/understanding/ner/pipeline.ts';
import { splitSentences, tokenize } from '../../src/understanding/tokenize.ts';
import type { EntityMention } from '../../src/understanding/types.ts';

function entities(text: string): EntityMention[] {
  const tokens = tokenize(text);
  return recognizeEntities(text, tokens, splitSentences(text, tokens));
}

/** "type:text" of every mention except misc, in order. */
const found = (text: string) =>
  entities(text)
    .filter((m) => m.type !== 'misc')
    .map((m) => `${m.type}:${m.text}`);

describe('recognizeEntities on text of our own', () => {
  it('finds people and keeps their titles out of the name', () => {
    const text =
      'General Khalifa Haftar met Dr Joseph Muscat and Prime Minister Giuseppe Conte in Rome on Tuesday. Mr. Conte said little.';
    const names = found(text);
    expect(names).toContain('person:Khalifa Haftar');
    expect(names).toContain('person:Joseph Muscat');
    expect(names).toContain('person:Giuseppe Conte');
    expect(names).toContain('person:Conte');
    expect(names).toContain('place:Rome');
    expect(names.some((n) => /General|Dr|Minister|Mr/.test(n))).toBe(false);
  });

  it('keeps Arabic name particles inside the name', () => {
    expect(found('Talks between Fayez al-Sarraj and Abdel Fattah El-Sisi ended in Cairo.')).toEqual([
      'person:Fayez al-Sarraj',
      'person:Abdel Fattah El-Sisi',
      'place:Cairo',
    ]);
  });

  it('finds organisations and their acronyms', () => {
    const text =
      'The World Health Organization said on Monday that the Libyan National Army (LNA) had shelled a hospital. The LNA denied it, and the United Nations Security Council will meet.';
    const names = found(text);
    expect(names).toContain('organization:World Health Organization');
    expect(names).toContain('organization:Libyan National Army');
    expect(names.filter((n) => n === 'organization:LNA')).toHaveLength(2);
    expect(names.some((n) => n.startsWith('organization:United Nations'))).toBe(true);
  });

  it('finds places, including ones it has not seen in training', () => {
    const names = found(
      'Floods cut the road between Benghazi and Misrata, and fighting spread to Tripoli and southern Libya.',
    );
    for (const place of ['Benghazi', 'Misrata', 'Tripoli', 'Libya']) expect(names).toContain(`place:${place}`);
  });

  it('does not take the capitals of a Title-Case headline for names', () => {
    const text =
      'Kenya: Uhuru Kenyatta To Meet Opposition Leaders Next Week\n\nPresident Uhuru Kenyatta will meet opposition leaders in Nairobi next week.';
    const headline = entities(text).filter((m) => m.end <= text.indexOf('\n'));
    const kinds = headline.map((m) => `${m.type}:${m.text}`);
    expect(kinds).toContain('place:Kenya');
    expect(kinds).toContain('person:Uhuru Kenyatta');
    expect(kinds.some((k) => /Meet|Opposition|Leaders|Next|Week/.test(k))).toBe(false);
  });

  it('reads an ALL-CAPS dateline', () => {
    const names = found(
      'NAIROBI (Reuters) - Kenya will hold talks with Ethiopia in Nairobi, the foreign ministry said.',
    );
    expect(names[0]).toBe('place:NAIROBI');
    expect(names).toContain('organization:Reuters');
    expect(names).toContain('place:Ethiopia');
  });

  it('finds nothing in plain lower-case prose', () => {
    const text =
      'the committee met on tuesday and agreed that prices would rise slowly. nobody expected the meeting to last long, but it did.';
    expect(entities(text)).toEqual([]);
  });

  it('gives offsets into the original text, curly quotes and all', () => {
    const text = '“We are ready,” said Konrad Mizzi’s spokesman in Valletta.';
    const mentions = entities(text);
    expect(mentions.length).toBeGreaterThan(0);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(mentions.map((m) => m.text)).toContain('Konrad Mizzi');
  });

  it('copes with empty input', () => {
    expect(recognizeEntities('', [], [])).toEqual([]);
  });
});

describe('recognizeEntities on the sample corpus', () => {
  const corpusDir = new URL('../../corpus/', import.meta.url);
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt'));
  const byText = new Map<string, Map<string, number>>();
  for (const f of files) {
    const text = readFileSync(new URL(f, corpusDir), 'utf8');
    for (const m of entities(text)) {
      const types = byText.get(m.text) ?? new Map<string, number>();
      types.set(m.type, (types.get(m.type) ?? 0) + 1);
      byText.set(m.text, types);
    }
  }
  /** The type the recognizer gives a name most often across the corpus. */
  const usualType = (name: string) =>
    [...(byText.get(name) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0];

  it.each([
    ['Khalifa Haftar', 'person'],
    ['Haftar', 'person'],
    ['Fayez al-Sarraj', 'person'],
    ['Sarraj', 'person'],
    ['Giuseppe Conte', 'person'],
    ['Emmanuel Macron', 'person'],
    ['Tripoli', 'place'],
    ['Malta', 'place'],
    ['Libya', 'place'],
    ['Rome', 'place'],
    ['Benghazi', 'place'],
    ['Libyan National Army', 'organization'],
    ['Government of National Accord', 'organization'],
    ['GNA', 'organization'],
    ['LNA', 'organization'],
    ['World Health Organization', 'organization'],
    ['Security Council', 'organization'],
  ])('%s is mostly a %s', (name, type) => {
    expect(usualType(name)).toBe(type);
  });
});

describe('the tagger parts', () => {
  it('reads IOB1 the way conlleval does and round-trips through BILOU', async () => {
    const { spansFromIob, bilouFromSpans, spansFromBilou } = await import('../../src/understanding/ner/tags.ts');
    const labels = ['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC', 'I-ORG', 'I-MISC'];
    const spans = spansFromIob(labels);
    expect(spans).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 3, end: 4, type: 'LOC' },
      { start: 4, end: 5, type: 'LOC' },
      { start: 5, end: 6, type: 'ORG' },
      { start: 6, end: 7, type: 'MISC' },
    ]);
    expect(spansFromBilou(bilouFromSpans(spans, labels.length))).toEqual(spans);
  });

  it('scores exact spans only', async () => {
    const { SpanScorer, prf } = await import('../../src/understanding/ner/score.ts');
    const scorer = new SpanScorer(['PER', 'LOC', 'ORG']);
    scorer.add(
      [
        { start: 0, end: 2, type: 'PER' },
        { start: 3, end: 4, type: 'LOC' },
      ],
      [
        { start: 0, end: 1, type: 'PER' },
        { start: 3, end: 4, type: 'LOC' },
        { start: 5, end: 6, type: 'MISC' },
      ],
    );
    expect(scorer.micro()).toEqual({ tp: 1, fp: 1, fn: 1 });
    expect(prf(scorer.micro()).f1).toBeCloseTo(50);
  });

  it('trains, saves and reloads a model that learns from its data', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { parseConll } = await import('../../src/understanding/ner/conll.ts');
    const { trainNer } = await import('../../src/understanding/ner/train.ts');
    const { saveModel, NerModel } = await import('../../src/understanding/ner/model.ts');
    const { tagDocument } = await import('../../src/understanding/ner/pipeline.ts');
    const line = (text: string) =>
      text
        .split(' ')
        .map((pair) => pair.replace('/', ' x x '))
        .join('\n');
    const doc = [
      'Anna/I-PER Berg/I-PER visited/O Oslo/I-LOC with/O Nordbank/I-ORG ./O',
      'Berg/I-PER said/O Nordbank/I-ORG will/O grow/O in/O Oslo/I-LOC ./O',
      'Karl/I-PER Lund/I-PER left/O Bergen/I-LOC for/O Fjordair/I-ORG ./O',
    ]
      .map(line)
      .join('\n\n');
    const docs = parseConll(Array.from({ length: 6 }, () => `-DOCSTART- x x O\n\n${doc}\n`).join('\n'));
    const trained = trainNer(docs, null, {
      bits: 16,
      epochs: 3,
      seed: 1,
      folds: 2,
      truecasing: true,
      clusters: new Map([
        ['oslo', 1],
        ['bergen', 1],
      ]),
      log: () => {},
    });
    const dir = mkdtempSync(join(tmpdir(), 'ner-'));
    try {
      const path = join(dir, 'ner.bin');
      saveModel(path, trained.stages, trained.lexicons, true, 0, 'test');
      const model = NerModel.load(path);
      const [spans] = tagDocument(model, [['Karl', 'Lund', 'visited', 'Oslo', 'with', 'Nordbank', '.']]);
      expect(spans).toEqual([
        { start: 0, end: 2, type: 'PER' },
        { start: 3, end: 4, type: 'LOC' },
        { start: 5, end: 6, type: 'ORG' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships a model of at most 20 MB', async () => {
    const { statSync } = await import('node:fs');
    const { MODEL_URL } = await import('../../src/understanding/ner/index.ts');
    expect(statSync(MODEL_URL).size).toBeLessThanOrEqual(20 * 1024 * 1024);
  });
});

describe('sentences without a possible name are not tagged', () => {
  const lexicons = () => nerModel().lexicons;
  const words = (s: string) => s.split(' ');

  it('skips a sentence whose only capital opens it with a common word', () => {
    expect(mayHoldName(words('He said the talks would resume after the holiday .'), lexicons(), new Set())).toBe(false);
    expect(mayHoldName(words('prices rose 3 pct in the quarter .'), lexicons(), new Set())).toBe(false);
  });

  it('tags a sentence with any other capital, or whose opening word the document capitalises elsewhere', () => {
    expect(mayHoldName(words('He met Ahmed Salem in the capital .'), lexicons(), new Set())).toBe(true);
    expect(mayHoldName(words('Marks said the fund would close .'), lexicons(), new Set(['marks']))).toBe(true);
    expect(mayHoldName(words('OPEC output fell .'), lexicons(), new Set())).toBe(true);
  });

  it('still finds a name that opens a sentence and is named in full elsewhere in the story', () => {
    const text = 'Analyst Richard Marks of Hillcrest Bank spoke on Monday. Marks said the fund would close.';
    const tokens = tokenize(text);
    const found = recognizeEntities(text, tokens, splitSentences(text, tokens)).map((m) => `${m.type}:${m.text}`);
    expect(found).toContain('person:Marks');
  });
});
