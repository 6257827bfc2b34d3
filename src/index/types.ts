import type { Article } from '../corpus/types.ts';
import type { EntityType, Precision } from '../understanding/types.ts';

/** What the commands may ask of the understood corpus. Platform adapters use only suggestEntities (autocomplete). */
export interface ArticleMeta {
  id: string;
  title: string;
  date: string | null;
  source: string | null;
  url: string | null;
  words: number;
  path: string;
  /** Ids of near-duplicates of this article (the same story elsewhere), which are not counted again. */
  alsoIn: string[];
}

export interface EntityProfile {
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  descriptions: string[];
  /** For each description, the articles that give it (same order). */
  descriptionSources: string[][];
  mentions: number;
  articles: { id: string; title: string; date: string | null }[];
  firstSeen: string | null;
  lastSeen: string | null;
  related: { name: string; type: EntityType; weight: number }[];
  quotes: { text: string; articleId: string }[];
}

export interface EntityMatch {
  entity: EntityProfile | null;
  /** exact: a name or alias matched; fuzzy: matched despite spelling; none: nothing close enough. */
  confidence: 'exact' | 'fuzzy' | 'none';
  /** Other plausible names ("did you mean"), best first; the closest names when nothing matched. */
  suggestions: string[];
}

export interface EntitySuggestion {
  id: string;
  name: string;
  type: EntityType;
  mentions: number;
}

export interface TimelineEvent {
  date: string | null;
  precision: Precision;
  text: string;
  articleId: string;
  articleTitle: string;
  articleDate: string | null;
  /** text: a date expression in the sentence gives the date; published: the article's publication date does. */
  dateFrom: 'text' | 'published';
}

/** A summarised timeline: at most `dates` days, the most important ones, with at most `sentences` events each. */
export interface TimelineSummary {
  dates: number;
  sentences: number;
}

export interface SearchHit {
  articleId: string;
  title: string;
  date: string | null;
  score: number;
  /** A passage around the best match. */
  snippet: string;
  /** [start, end) offsets of matched terms inside snippet. */
  highlights: [number, number][];
}

export interface DateRange {
  /** Inclusive bounds as ISO prefixes: "2019", "2019-05", "2019-05-27". */
  from?: string;
  to?: string;
}

/** A number the articles report (casualties, counts), with who reported it. */
export interface KeyFigure {
  /** What is counted, e.g. "killed", "wounded", "displaced". */
  measure: string;
  value: number;
  /** The sentence that states it. */
  text: string;
  /** Who the article attributes it to ("the World Health Organization"), or null. */
  reportedBy: string | null;
  articleId: string;
  date: string | null;
}

export interface Development {
  text: string;
  date: string | null;
  precision: Precision;
  /** The article stating it first, then any others telling the same thing. */
  articleIds: string[];
}

export interface BriefData {
  articles: ArticleMeta[];
  developments: Development[];
  people: { name: string; type: EntityType; mentions: number; articleIds: string[] }[];
  figures: KeyFigure[];
  upcoming: Development[];
}

export interface BriefQuery {
  topic?: string;
  /** Only articles dated on or after (ISO prefix); undated articles count as seen at load time. */
  since?: string;
  /** Only these articles (e.g. those new since the last digest). */
  articleIds?: string[];
}

export interface Engine {
  readonly stats: { articles: number; entities: number; events: number };
  /** How many articles are held: what /healthz says, in no time (stats brings the entity table up to date first). */
  readonly articleCount: number;
  article(id: string): ArticleMeta | undefined;
  /** Articles, newest first; with a topic, those that mention it (entity or keyword). */
  articles(topic?: string): ArticleMeta[];
  findEntity(query: string): EntityMatch;
  /** A name's entity and its articles in date order, without building its profile (what /trend counts); null when no entity has that name. */
  entityArticles(query: string): { name: string; articles: { id: string; date: string | null }[] } | null;
  suggestEntities(prefix: string, limit: number): EntitySuggestion[];
  timeline(topic: string, range?: DateRange, summary?: TimelineSummary): TimelineEvent[];
  search(query: string, limit: number): SearchHit[];
  brief(query: BriefQuery): BriefData;
  /** Adds or replaces articles (by id) in the running index without rebuilding everything. */
  addArticles(articles: Article[]): Promise<void>;
  removeArticles(ids: string[]): void;
}
