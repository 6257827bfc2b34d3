/** BILOU tags over the four CoNLL types, and conversion between tag sequences and spans. */
export const TYPES = ['PER', 'LOC', 'ORG', 'MISC'] as const;
export type NerType = (typeof TYPES)[number];

const PREFIXES = ['B', 'I', 'L', 'U'] as const;
/** Tag 0 is O; then B-PER, I-PER, L-PER, U-PER, B-LOC, ... */
export const TAGS: string[] = ['O', ...TYPES.flatMap((t) => PREFIXES.map((p) => `${p}-${t}`))];
export const TAG_COUNT = TAGS.length;

export interface Span {
  /** Token index of the first token and one past the last, within the sentence or document. */
  start: number;
  end: number;
  type: NerType;
}

const tagIndex = (prefix: (typeof PREFIXES)[number], type: NerType) =>
  1 + TYPES.indexOf(type) * 4 + PREFIXES.indexOf(prefix);
const prefixOf = (tag: number) => (tag === 0 ? 'O' : PREFIXES[(tag - 1) % 4]);
const typeOf = (tag: number) => TYPES[Math.floor((tag - 1) / 4)];

/** Spans from IOB1/IOB2 labels as CoNLL writes them ("I-PER", "B-PER", "O"); a B- only starts a span when it follows the same type. */
export function spansFromIob(labels: string[]): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  labels.forEach((label, i) => {
    const [prefix, type] = label === 'O' ? ['O', ''] : (label.split('-') as [string, string]);
    const continues = open && prefix === 'I' && open.type === type;
    if (continues) {
      open!.end = i + 1;
      return;
    }
    if (open) spans.push(open);
    open = prefix === 'O' ? null : { start: i, end: i + 1, type: type as NerType };
  });
  if (open) spans.push(open);
  return spans;
}

export function bilouFromSpans(spans: Span[], length: number): Uint8Array {
  const tags = new Uint8Array(length);
  for (const s of spans) {
    if (s.end - s.start === 1) tags[s.start] = tagIndex('U', s.type);
    else {
      tags[s.start] = tagIndex('B', s.type);
      for (let i = s.start + 1; i < s.end - 1; i++) tags[i] = tagIndex('I', s.type);
      tags[s.end - 1] = tagIndex('L', s.type);
    }
  }
  return tags;
}

/** Spans from a BILOU sequence; decoding is constrained, but a stray I/L is still read leniently as a span start. */
export function spansFromBilou(tags: ArrayLike<number>): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    const prefix = prefixOf(tag);
    if (prefix === 'O') {
      if (open) spans.push(open);
      open = null;
      continue;
    }
    const type = typeOf(tag);
    if (open && open.type === type && (prefix === 'I' || prefix === 'L')) open.end = i + 1;
    else {
      if (open) spans.push(open);
      open = { start: i, end: i + 1, type };
    }
    if (prefix === 'L' || prefix === 'U') {
      spans.push(open);
      open = null;
    }
  }
  if (open) spans.push(open);
  return spans;
}

/** Which tag may follow which (BILOU grammar); index [prev * TAG_COUNT + next], with prev = TAG_COUNT meaning sentence start. */
export function allowedTransitions(): Uint8Array {
  const allowed = new Uint8Array((TAG_COUNT + 1) * TAG_COUNT);
  const opensOrNothing = (prev: number) =>
    prev === TAG_COUNT || prev === 0 || prefixOf(prev) === 'L' || prefixOf(prev) === 'U';
  for (let prev = 0; prev <= TAG_COUNT; prev++) {
    for (let next = 0; next < TAG_COUNT; next++) {
      const p = prefixOf(next);
      let ok: boolean;
      if (p === 'O' || p === 'B' || p === 'U') ok = opensOrNothing(prev);
      else
        ok =
          prev !== TAG_COUNT &&
          prev !== 0 &&
          (prefixOf(prev) === 'B' || prefixOf(prev) === 'I') &&
          typeOf(prev) === typeOf(next);
      allowed[prev * TAG_COUNT + next] = ok ? 1 : 0;
    }
  }
  return allowed;
}

/** The last tag of a sentence must close any open span. */
export function mayEnd(tag: number): boolean {
  const p = prefixOf(tag);
  return p === 'O' || p === 'L' || p === 'U';
}
