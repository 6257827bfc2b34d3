import type { Token } from './types.ts';
import { HONORIFICS, ROLE_LINKS, ROLE_MODIFIERS, ROLE_NOUNS } from './roles.ts';

/**
 * Descriptors are the roles an article gives a person or body: a role phrase right before the name
 * ("Italian Prime Minister Giuseppe Conte"), an appositive after it ("Ghassan Salame, the UN envoy,"),
 * or "as" + role ("selected by Haftar as leader of the Libyan National Army").
 */

const isCapitalised = (t: string) => /^\p{Lu}/u.test(t) || /^\d/.test(t);
const lower = (t: string) => t.toLowerCase();

function hasRoleNoun(words: string[]): boolean {
  return words.some(
    (w) =>
      ROLE_NOUNS.has(lower(w)) ||
      lower(w)
        .split('-')
        .some((p) => ROLE_NOUNS.has(p)),
  );
}

function joinTokens(text: string, tokens: Token[], from: number, to: number): string {
  return text.slice(tokens[from].start, tokens[to - 1].end).replace(/\s+/g, ' ');
}

/** Drops leading and trailing links and honorifics ("the", "of", "Mr") that cannot start or end a role. */
function trimRole(tokens: Token[], from: number, to: number): [number, number] {
  while (
    from < to &&
    (ROLE_LINKS.has(lower(tokens[from].text)) || HONORIFICS.has(lower(tokens[from].text)) || tokens[from].text === ',')
  )
    from++;
  while (
    to > from &&
    ((ROLE_LINKS.has(lower(tokens[to - 1].text)) && tokens[to - 1].text !== ')') ||
      tokens[to - 1].text === ',' ||
      HONORIFICS.has(lower(tokens[to - 1].text)))
  )
    to--;
  return [from, to];
}

/** The role phrase ending right before token `nameStart`, within the sentence starting at `sentenceStart`. */
export function roleBefore(text: string, tokens: Token[], nameStart: number, sentenceStart: number): string | null {
  let i = nameStart - 1;
  // "LNA Chief of Staff, Khalifa Haftar": one comma right before the name may separate a role.
  if (
    i > sentenceStart &&
    tokens[i].text === ',' &&
    (isCapitalised(tokens[i - 1].text) || ROLE_NOUNS.has(lower(tokens[i - 1].text)))
  )
    i--;
  let from = i + 1;
  let linksSinceWord = 0;
  for (; i >= sentenceStart; i--) {
    const t = tokens[i].text;
    const lt = lower(t);
    const sentenceInitial = i === sentenceStart;
    if (
      isCapitalised(t) &&
      !(sentenceInitial && !ROLE_NOUNS.has(lt) && !ROLE_MODIFIERS.has(lt) && !/(an|ian|ese|i)$/.test(lt))
    ) {
      from = i;
      linksSinceWord = 0;
    } else if (
      ROLE_NOUNS.has(lt) ||
      ROLE_MODIFIERS.has(lt) ||
      (lt.includes('-') && lt.split('-').every((p) => ROLE_MODIFIERS.has(p) || ROLE_NOUNS.has(p)))
    ) {
      from = i;
      linksSinceWord = 0;
    } else if (ROLE_LINKS.has(lt) && linksSinceWord < 2) {
      // "Secretary at the Ministry": at most two links in a row, and only between words of the phrase.
      if (!["'s", '’s', '(', ')'].includes(lt)) linksSinceWord++;
    } else {
      break;
    }
  }
  let [a, b] = trimRole(tokens, from, nameStart);
  if (b > a && tokens[b - 1].text === ',') b--;
  if (b <= a) return null;
  const words = tokens.slice(a, b).map((t) => t.text);
  if (!hasRoleNoun(words)) return null;
  return joinTokens(text, tokens, a, b);
}

/** An appositive role after the name: ", the UN envoy for Libya," or ", Head of Coast Guard,". */
export function roleAfter(text: string, tokens: Token[], nameEnd: number, sentenceEnd: number): string | null {
  let i = nameEnd;
  if (i >= sentenceEnd || tokens[i].text !== ',') return null;
  i++;
  if (i < sentenceEnd && /^(the|a|an)$/i.test(tokens[i].text)) i++;
  const from = i;
  for (; i < sentenceEnd; i++) {
    const t = tokens[i].text;
    const lt = lower(t);
    if (t === ',' || t === '.' || t === ';') break;
    const known =
      isCapitalised(t) ||
      ROLE_NOUNS.has(lt) ||
      ROLE_MODIFIERS.has(lt) ||
      ROLE_LINKS.has(lt) ||
      /^\p{Ll}+-\p{Ll}+$/u.test(t);
    // Any plain word may qualify the role noun right after it ("the port director", "the chief loan officer").
    const qualifier =
      /^\p{Ll}+$/u.test(t) && [1, 2].some((k) => i + k < sentenceEnd && ROLE_NOUNS.has(lower(tokens[i + k].text)));
    if (!known && !qualifier) return null;
    if (i - from > 14) return null;
  }
  const end = i;
  if (end < sentenceEnd && tokens[end].text !== ',' && tokens[end].text !== '.' && tokens[end].text !== ';')
    return null;
  const [a, b] = trimRole(tokens, from, end);
  if (b <= a) return null;
  const words = tokens.slice(a, b).map((t) => t.text);
  if (!hasRoleNoun(words) || !ROLE_NOUNS.has(lower(words.find((w) => ROLE_NOUNS.has(lower(w))) ?? ''))) return null;
  return joinTokens(text, tokens, a, b);
}

/** "X as leader of the Libyan National Army": the role after "as". */
export function roleAs(text: string, tokens: Token[], nameEnd: number, sentenceEnd: number): string | null {
  if (nameEnd >= sentenceEnd || lower(tokens[nameEnd].text) !== 'as') return null;
  let i = nameEnd + 1;
  if (i < sentenceEnd && /^(the|a|an|its|their|his|her)$/i.test(tokens[i].text)) i++;
  if (i >= sentenceEnd || !(ROLE_NOUNS.has(lower(tokens[i].text)) || ROLE_MODIFIERS.has(lower(tokens[i].text))))
    return null;
  const from = i;
  for (; i < sentenceEnd; i++) {
    const t = tokens[i].text;
    const lt = lower(t);
    if (!(isCapitalised(t) || ROLE_NOUNS.has(lt) || ROLE_MODIFIERS.has(lt) || ROLE_LINKS.has(lt))) break;
  }
  const [a, b] = trimRole(tokens, from, i);
  if (b <= a) return null;
  return joinTokens(text, tokens, a, b);
}

/** Normalises a descriptor for comparison: case and spacing. */
export function descriptorKey(d: string): string {
  return d
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * News often names a role first and the person in the next sentence: "The UN envoy for Libya warned on Tuesday
 * that … . Ghassan Salame told the Security Council …". The role phrase that is the subject of the sentence before
 * a person's first mention, when that mention opens its sentence.
 */
export function roleOfPreviousSubject(
  text: string,
  tokens: Token[],
  prevStart: number,
  prevEnd: number,
): string | null {
  if (prevEnd - prevStart < 3 || !/^The$/.test(tokens[prevStart].text)) return null;
  let i = prevStart + 1;
  for (; i < prevEnd; i++) {
    const t = tokens[i].text;
    const lt = lower(t);
    if (
      !(
        isCapitalised(t) ||
        ROLE_NOUNS.has(lt) ||
        ROLE_MODIFIERS.has(lt) ||
        (ROLE_LINKS.has(lt) && lt !== '(' && lt !== ')')
      )
    )
      break;
  }
  // The phrase must be followed by its verb (a lower-case word), not by a name or punctuation.
  if (i >= prevEnd || !/^\p{Ll}+$/u.test(tokens[i].text) || ROLE_NOUNS.has(lower(tokens[i].text))) return null;
  const [a, b] = trimRole(tokens, prevStart + 1, i);
  if (b <= a) return null;
  const words = tokens.slice(a, b).map((t) => t.text);
  if (
    !ROLE_NOUNS.has(lower(words[words.length - 1])) &&
    !words.some((w, k) => ROLE_NOUNS.has(lower(w)) && ['for', 'of', 'to', 'at'].includes(lower(words[k + 1] ?? '')))
  )
    return null;
  return joinTokens(text, tokens, a, b);
}
