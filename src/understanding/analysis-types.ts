import type { EntityType, Precision } from './types.ts';

/**
 * What the understanding stage makes of one article: plain, serialisable data (it crosses worker
 * threads and is kept in index snapshots). Offsets are into the article body (the title is not analysed again: it repeats the story).
 */
export interface LocalEntity {
  /** Index inside ArticleAnalysis.entities. */
  local: number;
  type: EntityType;
  /** The fullest form the article uses ("Khalifa Haftar"), without titles. */
  name: string;
  /** Every distinct surface form ("Haftar", "General Haftar" -> "Haftar"). */
  forms: string[];
  /** Acronym the article defines for it ("LNA"), if any. */
  acronym?: string;
  mentions: number;
  /** Sentence indexes where it is mentioned. */
  sentences: number[];
  descriptors: string[];
}

export interface MentionRef {
  start: number;
  end: number;
  sentence: number;
  entity: number;
}

export interface DatedStatement {
  sentence: number;
  text: string;
  date: string | null;
  precision: Precision;
  /** Whether the date comes from a time expression in the sentence (else from the article's own date). */
  explicit: boolean;
  /** The statement looks ahead: future tense or a later date than the article's. */
  upcoming: boolean;
  entities: number[];
}

export interface QuoteRef {
  text: string;
  entity: number;
  sentence: number;
}

export interface FigureRef {
  measure: string;
  value: number;
  text: string;
  reportedBy: string | null;
  sentence: number;
  entities: number[];
}

/**
 * What the engine keeps of one article. Offsets of every mention, sentence and time expression are used while
 * analysing and then dropped: kept, they were a third of a corpus's memory, and no answer reads them.
 */
export interface ArticleAnalysis {
  articleId: string;
  tokens: number;
  /** The first sentence of the story proper (after any headline or caption lines): its index and offsets. */
  lead: number;
  leadSpan: { start: number; end: number } | null;
  entities: LocalEntity[];
  statements: DatedStatement[];
  quotes: QuoteRef[];
  figures: FigureRef[];
}
