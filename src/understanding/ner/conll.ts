/** Reader for CoNLL-2003 files: one "token POS chunk NER" line per token, blank lines between sentences, -DOCSTART- between documents. */
import { readFileSync } from 'node:fs';

export interface LabelledSentence {
  words: string[];
  labels: string[];
}

export type LabelledDocument = LabelledSentence[];

export function parseConll(text: string): LabelledDocument[] {
  const docs: LabelledDocument[] = [];
  let doc: LabelledDocument = [];
  let sentence: LabelledSentence = { words: [], labels: [] };
  const endSentence = () => {
    if (sentence.words.length) doc.push(sentence);
    sentence = { words: [], labels: [] };
  };
  const endDocument = () => {
    endSentence();
    if (doc.length) docs.push(doc);
    doc = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed) {
      endSentence();
      continue;
    }
    const cols = trimmed.split(/\s+/);
    if (cols[0] === '-DOCSTART-') {
      endDocument();
      continue;
    }
    sentence.words.push(cols[0]);
    sentence.labels.push(cols[cols.length - 1]);
  }
  endDocument();
  return docs;
}

export function readConll(path: string): LabelledDocument[] {
  return parseConll(readFileSync(path, 'utf8'));
}
