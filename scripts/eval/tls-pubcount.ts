// The PUBCOUNT baseline of news-tls: the l days with most articles published, each with the k most central of the
// first 5 sentences of articles published that day or the next that name a topic word. A yardstick for the metric.
import type { Candidate } from '../../src/index/timeline/candidates.ts';
import { rankSentences } from '../../src/index/timeline/select-sentences.ts';
import type { Timeline } from './tls-metric.ts';

export interface RawArticle {
  id: string;
  title: string;
  date: string;
  text: string;
}

const LEAD = 5;

function nextDay(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function pubcountTimeline(
  articles: RawArticle[],
  query: string,
  from: string,
  to: string,
  l: number,
  k: number,
): Timeline {
  const inRange = articles.filter((a) => a.date >= from && a.date <= to);
  const counts = new Map<string, number>();
  for (const a of inRange) counts.set(a.date, (counts.get(a.date) ?? 0) + 1);
  const days = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, l)
    .map(([d]) => d);
  const words = query.toLowerCase().split(/\s+/);
  const tl: Timeline = new Map();
  for (const day of days) {
    const candidates: Candidate[] = inRange
      .filter((a) => a.date === day || a.date === nextDay(day))
      .flatMap((a) =>
        a.text
          .split('\n')
          .slice(0, LEAD)
          .map((text, sentence) => ({ text, sentence, a })),
      )
      .filter(({ text }) => words.some((w) => text.toLowerCase().includes(w)))
      .map(({ text, sentence, a }) => ({
        date: day,
        text,
        articleId: a.id,
        articleTitle: a.title,
        articleDate: a.date,
        dateFrom: 'published' as const,
        sentence,
      }));
    const best = rankSentences(candidates, [])
      .slice(0, k)
      .map((s) => s.candidate.text);
    if (best.length) tl.set(day, best);
  }
  return tl;
}
