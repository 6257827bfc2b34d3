/** The shared document model every understanding pass reads and adds to. Offsets are UTF-16 indexes into the text. */
export type EntityType = 'person' | 'organization' | 'place';
export type MentionType = EntityType | 'misc';

export interface Token {
  text: string;
  start: number;
  end: number;
}

export interface Sentence {
  start: number;
  end: number;
  /** Index of the sentence's first token and one past its last, in Doc.tokens. */
  tokenStart: number;
  tokenEnd: number;
}

export interface EntityMention {
  text: string;
  type: MentionType;
  start: number;
  end: number;
}

export type Precision = 'day' | 'week' | 'month' | 'season' | 'quarter' | 'year' | 'decade' | 'century' | 'unknown';

export interface TimeExpression {
  text: string;
  start: number;
  end: number;
  /** ISO value: YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY, or TimeML forms (199 for the 1990s, 2019-SU, 2019-Q1) where no ISO form exists; null where it cannot be resolved (e.g. a relative date in an undated article). */
  value: string | null;
  precision: Precision;
  /** For a range ("from May to July"), the end of the range, same conventions. */
  endValue?: string | null;
}
