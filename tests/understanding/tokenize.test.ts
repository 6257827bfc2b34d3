import { describe, expect, it } from 'vitest';
import { splitSentences, tokenize } from '../../src/understanding/tokenize.ts';

const words = (text: string) => tokenize(text).map((t) => t.text);
const sentenceTexts = (text: string) => splitSentences(text, tokenize(text)).map((s) => text.slice(s.start, s.end));

describe('tokenize', () => {
  it('keeps offsets that point back into the text', () => {
    const text = 'VALLETTA (MALTA) – “We won’t,” said Dr Okafor’s aide.';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('splits possessives and negations as the CoNLL data does', () => {
    expect(words("The minister's plan")).toEqual(['The', 'minister', "'s", 'plan']);
    expect(words('Adaeze Okafor’s office')).toEqual(['Adaeze', 'Okafor', '’s', 'office']);
    expect(words("they don't know")).toEqual(['they', 'do', "n't", 'know']);
  });

  it('keeps abbreviations, initials and hyphenated names whole', () => {
    expect(words('Mr. Ruiz met the U.S. envoy at 5 p.m. on Jan. 3.')).toEqual([
      'Mr.',
      'Ruiz',
      'met',
      'the',
      'U.S.',
      'envoy',
      'at',
      '5',
      'p.m.',
      'on',
      'Jan.',
      '3',
      '.',
    ]);
    expect(words('Fayez al-Sarraj and J. R. Ewing')).toEqual(['Fayez', 'al-Sarraj', 'and', 'J.', 'R.', 'Ewing']);
  });

  it('makes every other symbol a token of its own', () => {
    expect(words('(ITALPRESS/MNA) – costs $3.5bn, up 4%!')).toEqual([
      '(',
      'ITALPRESS',
      '/',
      'MNA',
      ')',
      '–',
      'costs',
      '$',
      '3.5',
      'bn',
      ',',
      'up',
      '4%',
      '!',
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t ')).toEqual([]);
  });
});

describe('splitSentences', () => {
  it('ends sentences at full stops but not after titles or abbreviations', () => {
    expect(sentenceTexts('Mr. Ruiz arrived on Jan. 3 with Dr. Lee. They left at noon. Was it late? Yes!')).toEqual([
      'Mr. Ruiz arrived on Jan. 3 with Dr. Lee.',
      'They left at noon.',
      'Was it late?',
      'Yes!',
    ]);
  });

  it('ends a headline at its line break and keeps closing quotes with their sentence', () => {
    const text = 'Kenya: Ruto To Visit Mombasa\n\n“We are ready,” the mayor said. Crowds gathered.';
    expect(sentenceTexts(text)).toEqual([
      'Kenya: Ruto To Visit Mombasa',
      '“We are ready,” the mayor said.',
      'Crowds gathered.',
    ]);
  });

  it('covers every token exactly once, in order', () => {
    const text = 'One. Two words here.\nA headline\nthat runs on, and more. Last';
    const tokens = tokenize(text);
    const sentences = splitSentences(text, tokens);
    let next = 0;
    for (const s of sentences) {
      expect(s.tokenStart).toBe(next);
      expect(s.start).toBe(tokens[s.tokenStart].start);
      expect(s.end).toBe(tokens[s.tokenEnd - 1].end);
      next = s.tokenEnd;
    }
    expect(next).toBe(tokens.length);
  });

  it('has no sentences without tokens', () => {
    expect(splitSentences('', [])).toEqual([]);
  });
});
