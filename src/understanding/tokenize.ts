import type { Sentence, Token } from './types.ts';

/**
 * Newswire tokenization close to the CoNLL/PTB convention the recognizer was trained on:
 * words (keeping inner hyphens, apostrophes and abbreviation dots), numbers (with , . inside),
 * possessive 's and the negation n't split off ("do n't") and kept whole where they already stand apart, scores and
 * dates with hyphens ("6-2", "1996-08-31") and number compounds ("20-year-old") as one token, "--" and "..." whole,
 * every other symbol a token of its own.
 */
const TOKEN_RE =
  // eslint-disable-next-line regexp/no-dupe-disjunctions -- the last alternative, \S, is the catch-all: it overlaps the others on purpose
  /['’](?:s|S|m|M|d|D|ll|LL|re|RE|ve|VE)(?![\p{L}\d])|n['’]t(?!\p{L})|-{2,}|\.{3}|\d+(?:-\d+)+|\d+(?:[.,]\d+)*(?:-\p{L}+)+|(?:\p{L}\.){2,}|\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|%)?|[\p{L}\p{M}][\p{L}\p{M}\d]*(?:[-‐'’][\p{L}\p{M}\d]+)*|\S/gu;

const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof gen col lt maj sgt capt adm cmdr gov sen rep rev st sr jr inc ltd co corp dept univ vs etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft pres atty supt'.split(
    ' ',
  ),
);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // eslint-disable-next-line regexp/no-super-linear-move -- linear: at a digit, the last digit alternative always matches what \d+ matched, so a token is found at every position it is tried and the scan moves on past it; no position is retried
  const re = new RegExp(TOKEN_RE.source, TOKEN_RE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index;
    let word = m[0];
    // A known abbreviation keeps its dot ("Mr.", "Jan."); so does a single capital initial ("J.").
    if (
      text[start + word.length] === '.' &&
      (ABBREVIATIONS.has(word.toLowerCase()) ||
        /^\p{Lu}$/u.test(word) ||
        (/^no$/i.test(word) && /^\.\s*\d/.test(text.slice(start + 2, start + 6))))
    ) {
      word += '.';
      re.lastIndex = start + word.length;
    }
    // Possessive 's is a token of its own, as in the CoNLL data ("Haftar 's").
    const poss = /^(.+?)(['’][sS])$/u.exec(word);
    if (poss && poss[1].length > 1 && !/['’]/.test(poss[1])) {
      tokens.push({ text: poss[1], start, end: start + poss[1].length });
      tokens.push({ text: poss[2], start: start + poss[1].length, end: start + word.length });
      continue;
    }
    const negation = /^(\p{L}+)(n['’]t)$/iu.exec(word);
    if (negation && negation[1].length > 1) {
      tokens.push({ text: negation[1], start, end: start + negation[1].length });
      tokens.push({ text: negation[2], start: start + negation[1].length, end: start + word.length });
      continue;
    }
    tokens.push({ text: word, start, end: start + word.length });
  }
  return tokens;
}

const CLOSERS = new Set(['"', '”', '’', "'", ')', ']']);
const OPENERS_OR_UPPER = /^[\p{Lu}\d"“‘'([]/u;

/** Sentences: break after . ! ? (unless an abbreviation or initial), at blank lines, and at line ends of short headline-like lines. */
export function splitSentences(text: string, tokens: Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  let first = 0;
  const close = (lastExclusive: number) => {
    if (lastExclusive <= first) return;
    sentences.push({
      start: tokens[first].start,
      end: tokens[lastExclusive - 1].end,
      tokenStart: first,
      tokenEnd: lastExclusive,
    });
    first = lastExclusive;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const next = tokens[i + 1];
    if (!next) break;
    const gap = text.slice(tok.end, next.start);
    if (gap.includes('\n') && (/\n\s*\n/.test(gap) || !/[,;:]$/.test(tok.text))) {
      // A line break ends a sentence unless the line clearly runs on (ends in , ; :) or the next line starts lower-case.
      if (/\n\s*\n/.test(gap) || !/^\p{Ll}/u.test(next.text)) {
        close(i + 1);
        continue;
      }
    }
    if (tok.text === '.' || tok.text === '!' || tok.text === '?') {
      let j = i + 1;
      while (j < tokens.length && CLOSERS.has(tokens[j].text) && tokens[j].start === tokens[j - 1].end) j++;
      const after = tokens[j];
      if (!after) break;
      if (after.start > tokens[j - 1].end && OPENERS_OR_UPPER.test(after.text)) {
        close(j);
        i = j - 1;
      }
      continue;
    }
    // "U.S." or "Inc." at the end of a sentence: end only when followed by a capitalised function word.
    if (
      tok.text.endsWith('.') &&
      tok.text.length > 1 &&
      /^(The|A|An|He|She|It|They|We|I|But|And|In|On|This|That|His|Her|Their)$/.test(next.text)
    ) {
      close(i + 1);
    }
  }
  close(tokens.length);
  return sentences;
}
