/**
 * Puts real news text into the form the CoNLL-trained model knows, without moving offsets:
 * typographic quotes and dashes as ASCII, "Mr"/"Dr" as "Mr."/"Dr.", "al-Sarraj" as "Sarraj", and truecasing of lines
 * whose capitals carry no information (ALL-CAPS datelines and Title-Case headlines).
 * The same function runs over the training data, so the model learns from what it will see.
 */
export type LineCase = 'normal' | 'caps' | 'title';

export interface CaseLexicon {
  /** Lower-case forms of words that are written in lower case in running text ("meet", "week", "to"). */
  lowerWords: Set<string>;
}

export interface NormalizedSentence {
  words: string[];
  lineCase: LineCase;
}

const PUNCT_MAP: Record<string, string> = {
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
  '…': '...',
};
const DOTLESS_TITLES = new Set([
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'St',
  'Gen',
  'Col',
  'Lt',
  'Sgt',
  'Capt',
  'Prof',
  'Jr',
  'Sr',
  'Gov',
  'Sen',
  'Rep',
  'Maj',
  'Adm',
  'Cmdr',
  'Rev',
]);

/** An Arabic article fused to a name ("al-Sarraj", "El-Sisi"): the model reads the bare name, which says more. */
const PARTICLE_NAME = /^(?:[AaEe]l|[Aa][dsztrn]|[Aa]sh|AL|EL)[-‐](\p{Lu}[\p{L}'’-]+)$/u;

/** Normalised forms and letter classes are looked up per distinct word (bounded, like the feature cache). */
const CACHE_LIMIT = 50_000;
const normalizedCache = new Map<string, string>();

export function normalizeWord(word: string): string {
  let out = normalizedCache.get(word);
  if (out === undefined) {
    if (normalizedCache.size >= CACHE_LIMIT) normalizedCache.clear();
    normalizedCache.set(word, (out = normalizeUncached(word)));
  }
  return out;
}

function normalizeUncached(word: string): string {
  const mapped = Object.hasOwn(PUNCT_MAP, word) ? PUNCT_MAP[word] : undefined;
  if (mapped) return mapped;
  if (DOTLESS_TITLES.has(word)) return word + '.';
  const particle = PARTICLE_NAME.exec(word);
  if (particle) return particle[1];
  if (word.length > 1 && /[’‘]/.test(word)) return word.replace(/[’‘]/g, "'");
  return word;
}

const LETTER = 1;
const ALL_CAPS = 2;
const INIT_CAP = 4;
const LOWER = 8;
const classCache = new Map<string, number>();

function letterClass(w: string): number {
  let c = classCache.get(w);
  if (c === undefined) {
    const letter = /\p{L}/u.test(w);
    const allCaps = w.length >= 2 && letter && w === w.toUpperCase() && w !== w.toLowerCase();
    c =
      (letter ? LETTER : 0) |
      (allCaps ? ALL_CAPS : 0) |
      (/^\p{Lu}/u.test(w) && !allCaps ? INIT_CAP : 0) |
      (/^\p{Ll}/u.test(w) ? LOWER : 0);
    if (classCache.size >= CACHE_LIMIT) classCache.clear();
    classCache.set(w, c);
  }
  return c;
}

const hasLetter = (w: string) => (letterClass(w) & LETTER) !== 0;
const isAllCaps = (w: string) => (letterClass(w) & ALL_CAPS) !== 0;
const isInitCap = (w: string) => (letterClass(w) & INIT_CAP) !== 0;
const isLower = (w: string) => (letterClass(w) & LOWER) !== 0;

export function lineCaseOf(words: string[], lexicon: CaseLexicon): LineCase {
  let letters = 0;
  let caps = 0;
  let commonCapitalised = 0;
  let lowerContent = 0;
  words.forEach((w, i) => {
    if (!hasLetter(w) || w.length < 2) return;
    letters++;
    if (isAllCaps(w)) caps++;
    if (i === 0) return;
    if (isInitCap(w) && lexicon.lowerWords.has(w.toLowerCase())) commonCapitalised++;
    else if (isLower(w) && w.length >= 4) lowerContent++;
  });
  if (caps >= 2 && caps >= 0.6 * letters) return 'caps';
  if (commonCapitalised >= 2 && commonCapitalised > lowerContent) return 'title';
  return 'normal';
}

/** How each word is written in the document's ordinary sentences (not at a sentence start). */
function documentCasing(sentences: string[][], cases: LineCase[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  sentences.forEach((words, s) => {
    if (cases[s] !== 'normal') return;
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (!hasLetter(w)) continue;
      const key = w.toLowerCase();
      let forms = counts.get(key);
      if (!forms) counts.set(key, (forms = new Map()));
      forms.set(w, (forms.get(w) ?? 0) + 1);
    }
  });
  const best = new Map<string, string>();
  for (const [key, forms] of counts) {
    let top = '';
    let n = 0;
    for (const [form, c] of forms) if (c > n) [top, n] = [form, c];
    best.set(key, top);
  }
  return best;
}

function truecase(
  word: string,
  index: number,
  lineCase: LineCase,
  docForms: Map<string, string>,
  lexicon: CaseLexicon,
): string {
  if (!hasLetter(word)) return word;
  const key = word.toLowerCase();
  if (lineCase === 'title' && (index === 0 || !isInitCap(word))) return word;
  const seen = docForms.get(key);
  if (seen) return seen;
  if (lexicon.lowerWords.has(key)) return key;
  if (lineCase === 'caps' && isAllCaps(word) && word.length > 3) return word[0] + word.slice(1).toLowerCase();
  return word;
}

export function normalizeDocument(
  sentences: string[][],
  lexicon: CaseLexicon,
  truecasing = true,
): NormalizedSentence[] {
  const normalized = sentences.map((words) => words.map(normalizeWord));
  const cases = normalized.map((words) => lineCaseOf(words, lexicon));
  const docForms = truecasing ? documentCasing(normalized, cases) : new Map<string, string>();
  return normalized.map((words, s) => ({
    lineCase: cases[s],
    words:
      !truecasing || cases[s] === 'normal' ? words : words.map((w, i) => truecase(w, i, cases[s], docForms, lexicon)),
  }));
}

/** Words mostly written in lower case inside ordinary training sentences, seen at least twice. */
export function buildLowerWords(sentences: string[][]): Set<string> {
  const lower = new Map<string, number>();
  const other = new Map<string, number>();
  for (const words of sentences) {
    if (words.filter(isAllCaps).length >= 2) continue;
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (!hasLetter(w)) continue;
      const key = w.toLowerCase();
      const table = isLower(w) ? lower : other;
      table.set(key, (table.get(key) ?? 0) + 1);
    }
  }
  const result = new Set<string>();
  for (const [key, n] of lower) if (n >= 2 && n >= 2 * (other.get(key) ?? 0)) result.add(key);
  return result;
}
