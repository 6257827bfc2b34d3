/** /timeline: the dated statements about a topic, in date order, the same fact told twice shown once. */
import type { CorpusEngine } from './engine.ts';
import { compareKeys, contentWords, jaccardOf, withinRatio } from './engine-parts.ts';
import { isoSortKey } from '../understanding/statements.ts';
import type { DateRange, TimelineEvent } from './types.ts';

export function timelineOf(engine: CorpusEngine, topic: string, range: DateRange = {}): TimelineEvent[] {
  const events: (TimelineEvent & { order: number; key: string[] })[] = [];
  for (const { stored, statement } of engine.topicStatements(topic)) {
    const { article } = stored;
    // A sentence whose words give no date ("in recent months") stands for its article's publication day.
    const published = (!statement.date && Boolean(article.date)) || !statement.explicit;
    events.push({
      date: statement.date ?? article.date,
      precision: statement.date ? statement.precision : article.date ? 'day' : statement.precision,
      text: statement.text,
      articleId: article.id,
      articleTitle: article.title,
      articleDate: article.date,
      dateFrom: published ? 'published' : 'text',
      order: statement.sentence,
      key: contentWords(statement.text),
    });
  }
  const inRange = events
    .filter((e) => withinRange(e.date, range))
    .map((e) => ({ e, date: isoSortKey(e.date), articleDate: isoSortKey(e.articleDate) }));
  inRange.sort(
    (a, b) => compareKeys(a.date, b.date) || compareKeys(a.articleDate, b.articleDate) || a.e.order - b.e.order,
  );
  return dedupeStatements(inRange.map((x) => x.e)).map(({ order: _o, key: _k, ...e }) => e);
}

/** Kept timeline statements of one date that a new one is compared with. */
const DUPLICATE_WINDOW = 48;

/** Timeline statements: the same fact told twice (two outlets, or a repeated sentence) is shown once. */
function dedupeStatements<T extends TimelineEvent & { key: string[] }>(events: T[]): T[] {
  const kept: T[] = [];
  // Only statements of the same date can be the same fact, and events come sorted by date and then by article date,
  // so a retelling sits near the first telling: compare with the last few kept of that date, not the whole timeline.
  const keptOnDate = new Map<string | null, Set<string>[]>();
  for (const e of events) {
    const sameDate = keptOnDate.get(e.date) ?? [];
    let repeated = false;
    for (let k = sameDate.length - 1; k >= 0 && k >= sameDate.length - DUPLICATE_WINDOW && !repeated; k--)
      repeated = withinRatio(sameDate[k].size, e.key.length, 0.5) && jaccardOf(sameDate[k], e.key) >= 0.5;
    if (repeated) continue;
    sameDate.push(new Set(e.key));
    keptOnDate.set(e.date, sameDate);
    kept.push(e);
  }
  return kept;
}

function withinRange(date: string | null, range: DateRange): boolean {
  if (!range.from && !range.to) return true;
  if (!date) return false;
  const key = isoSortKey(date);
  if (range.from && key.slice(0, range.from.length) < range.from) return false;
  if (range.to && key.slice(0, range.to.length) > range.to) return false;
  return true;
}
