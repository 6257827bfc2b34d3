import type { DatedStatement } from '../../understanding/analysis-types.ts';
import { splitSentences, tokenize } from '../../understanding/tokenize.ts';
import { chronologyEntry, cleanSentence } from './sentence-shape.ts';

/** An article of a topic as timeline summarization reads it. */
export interface SourceArticle {
  id: string;
  title: string;
  /** Publication day (YYYY-MM-DD), or null. */
  date: string | null;
  body: string;
  statements: readonly DatedStatement[];
}

/** A sentence that may tell what happened on a day. */
export interface Candidate {
  date: string;
  text: string;
  articleId: string;
  articleTitle: string;
  articleDate: string | null;
  /** text: a date expression in the sentence gives the day; published: the article's publication day does. */
  dateFrom: 'text' | 'published';
  /** Sentence index in its article (leading sentences report the news). */
  sentence: number;
  /** An entry of a chronology in the article ("May 2 - Obama visits the Gulf Coast"), its opening day cut off. */
  chronology?: boolean;
}

/** How an article's sentences become candidates: rules as data, each with its reason. */
export const CANDIDATE_RULES = {
  /** News leads with what happened: the first sentences of an article stand for its publication day (PUBCOUNT reads 5). */
  leadSentences: 5,
  /** Only the opening of a body is split for its lead sentences: bounded work per article whatever its length. */
  leadChars: 2000,
  /** The leads of articles published the next day are sentences for a day too: news reports yesterday's events. */
  nextDayLeads: true,
  /** Fragments (captions, datelines) and run-on blocks say little about one event. */
  minWords: 6,
  maxWords: 40,
};

const DAY = /^\d{4}-\d\d-\d\d$/;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * Candidates of one article: each sentence with a day-precision date of its own, on that day (not after the article:
 * a plan is not an event), and its lead sentences without a date of their own, on its publication day.
 */
export function candidatesOf(article: SourceArticle): Candidate[] {
  const out: Candidate[] = [];
  const base = { articleId: article.id, articleTitle: article.title, articleDate: article.date };
  const explicit = new Set<number>();
  for (const s of article.statements) {
    if (!s.explicit) continue;
    explicit.add(s.sentence);
    if (s.precision !== 'day' || !s.date || !DAY.test(s.date) || (article.date && s.date > article.date)) continue;
    const text = usable(s.text);
    if (!text) continue;
    // A chronology's entry: its day is the event's date, shown by the timeline; the rest says what happened.
    const entry = chronologyEntry(text);
    if (entry === null) out.push({ ...base, date: s.date, text, dateFrom: 'text', sentence: s.sentence });
    else if (wordCount(entry) >= CANDIDATE_RULES.minWords)
      out.push({ ...base, date: s.date, text: entry, dateFrom: 'text', sentence: s.sentence, chronology: true });
  }
  if (article.date && DAY.test(article.date)) {
    const head = article.body.slice(0, CANDIDATE_RULES.leadChars);
    const sentences = splitSentences(head, tokenize(head));
    // The last piece of a cut body may be a cut sentence.
    const whole = article.body.length > head.length ? sentences.slice(0, -1) : sentences;
    let taken = 0;
    for (let i = 0; i < whole.length && taken < CANDIDATE_RULES.leadSentences; i++) {
      const text = usable(head.slice(whole[i].start, whole[i].end));
      if (!text) continue;
      taken++;
      if (explicit.has(i)) continue;
      out.push({ ...base, date: article.date, text, dateFrom: 'published', sentence: i });
    }
  }
  return out;
}

/** The sentence cleaned of page furniture, when it has the shape and length of a report; else null. */
function usable(raw: string): string | null {
  const text = cleanSentence(raw);
  if (!text) return null;
  const n = wordCount(text);
  return n >= CANDIDATE_RULES.minWords && n <= CANDIDATE_RULES.maxWords ? text : null;
}
