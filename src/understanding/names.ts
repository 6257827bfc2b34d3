/** Name normalisation shared by in-document and cross-document resolution and by lookups. */

/** Honorifics and titles that may stand before a name but are not part of it. Multi-word ones first. */
export const TITLES = [
  'field marshal',
  'lieutenant general',
  'major general',
  'brigadier general',
  'prime minister',
  'vice president',
  'general',
  'gen',
  'marshal',
  'colonel',
  'col',
  'captain',
  'capt',
  'admiral',
  'adm',
  'commander',
  'major',
  'lieutenant',
  'lt',
  'sergeant',
  'sgt',
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'lord',
  'lady',
  'sheikh',
  'sheik',
  'imam',
  'rabbi',
  'rev',
  'reverend',
  'father',
  'president',
  'senator',
  'sen',
  'rep',
  'governor',
  'gov',
  'judge',
  'justice',
  'minister',
  'chancellor',
  'king',
  'queen',
  'prince',
  'princess',
  'pope',
  'cardinal',
  'bishop',
  'mayor',
  'ambassador',
  'secretary',
];
const TITLE_WORDS = new Set(TITLES.filter((t) => !t.includes(' ')));
const TITLE_PAIRS = new Set(TITLES.filter((t) => t.includes(' ')));

/** Arabic and other name particles that writers attach, detach or drop: "al-Sarraj", "Al Sarraj", "Sarraj". */
const PARTICLES = new Set([
  'al',
  'el',
  'al-',
  'el-',
  'ad',
  'as',
  'ash',
  'at',
  'az',
  'bin',
  'ibn',
  'abu',
  'van',
  'von',
  'der',
  'de',
  'da',
  'di',
  'du',
  'le',
  'la',
]);
const DROPPABLE_PARTICLES = new Set(['al', 'el', 'ad', 'as', 'ash', 'at', 'az']);

export function stripAccents(text: string): string {
  // Most names are plain ASCII: nothing to strip, and normalize() is costly in bulk.
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Lower-case, accent-free words of a name, with apostrophes dropped and hyphens as spaces. */
export function nameWords(name: string): string[] {
  return stripAccents(name)
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The words that identify a person or body: no leading titles, no droppable particles ("al", "el"). */
export function coreWords(name: string): string[] {
  const words = nameWords(name);
  let i = 0;
  for (;;) {
    if (i < words.length - 2 && TITLE_PAIRS.has(`${words[i]} ${words[i + 1]}`)) i += 2;
    else if (i < words.length - 1 && TITLE_WORDS.has(words[i])) i++;
    else break;
  }
  const rest = words.slice(i).filter((w, j, all) => !(DROPPABLE_PARTICLES.has(w) && j < all.length - 1));
  return rest.length ? rest : words;
}

/** A key under which spellings of one name meet: "Fayez al-Sarraj", "Fayez Al Sarraj" -> "fayez sarraj". */
export function nameKey(name: string): string {
  return coreWords(name).join(' ');
}

/**
 * A coarse phonetic key for transliterated names, so "Serraj"/"Sarraj", "Kadhafi"/"Gaddafi"/"Qaddafi" meet:
 * vowels dropped after the first letter, common transliteration pairs folded, doubled letters squeezed; '' for a
 * word without letters (which sounds like nothing, so never like another).
 */
export function phoneticKey(word: string): string {
  let w = stripAccents(word)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  w = w
    .replace(/^(al|el)(?=[a-z]{4})/, '')
    .replace(/kh/g, 'h')
    .replace(/dh|th/g, 'd')
    .replace(/q|c(?=[aou])|ck/g, 'k')
    .replace(/ph/g, 'f')
    .replace(/ou|oo/g, 'u')
    .replace(/sh|ch/g, 's')
    .replace(/[gk]/g, 'k')
    .replace(/z/g, 's')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
  if (!w) return '';
  return w[0] + w.slice(1).replace(/[aeiouh]/g, '');
}

/** Whether two words have the same, non-empty, phonetic key (words without letters sound like nothing). */
export function samePhonetic(a: string, b: string): boolean {
  const key = phoneticKey(a);
  return key !== '' && key === phoneticKey(b);
}

/** Damerau-Levenshtein (optimal string alignment) distance, capped: returns max+1 as soon as it is exceeded. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/** How many typos a word of this length may carry and still be the same name. */
export function typoAllowance(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/** Same word despite a typo or a transliteration variant. */
export function similarWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 4) return false;
  if (samePhonetic(a, b)) return true;
  return editDistance(a, b, 2) <= typoAllowance(Math.min(a.length, b.length));
}

export function isParticle(word: string): boolean {
  return PARTICLES.has(word.toLowerCase());
}

/** Initials of the capitalised words of a name, for acronyms: "Government of National Accord" -> "GNA". */
export function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');
}
