/** /brief and digests: the newest articles in scope, their developments (one story told by several outlets once), people, figures, what comes next. */
import type { ArticleAnalysis } from '../understanding/analysis-types.ts';
import { rankDevelopments } from './brief/rank-developments.ts';
import { isoSortKey } from '../understanding/statements.ts';
import type { CorpusEngine } from './engine.ts';
import {
  compareKeys,
  contentWords,
  dedupeBy,
  jaccardOf,
  toMeta,
  understood,
  withinRatio,
  type StoredArticle,
} from './engine-parts.ts';
import type { BriefData, BriefQuery, Development, KeyFigure } from './types.ts';

export function briefOf(engine: CorpusEngine, query: BriefQuery): BriefData {
  let ids = query.topic ? engine.topicArticles(query.topic) : engine.newest();
  if (query.articleIds) {
    const only = new Set(query.articleIds.map((id) => engine.store.get(id)?.article.groupId ?? id));
    ids = ids.filter((id) => only.has(id));
  }
  if (query.since)
    ids = ids.filter(
      (id) => !engine.store.get(id)!.article.date || engine.store.get(id)!.article.date! >= query.since!,
    );
  // A briefing is about the news: the newest articles in scope, not the whole archive.
  const stored = newestOf(engine, ids, BRIEF_ARTICLES);
  return {
    articles: stored.map(toMeta),
    developments: developments(engine, stored),
    people: peopleIn(engine, stored),
    figures: figuresIn(engine, stored),
    upcoming: upcomingIn(engine, stored),
  };
}

export function developments(engine: CorpusEngine, stored: StoredArticle[]): Development[] {
  const leads: (Development & { key: string[] })[] = [];
  for (const s of stored) {
    const a = engine.analyses.get(s.article.id)!;
    const lead = a.statements.find((st) => st.sentence === leadSentence(a)) ?? null;
    const sentence = a.leadSpan;
    if (!sentence) continue;
    const text = lead?.text ?? s.article.body.slice(sentence.start, sentence.end);
    leads.push({
      text,
      date: lead?.date ?? s.article.date,
      precision: lead?.precision ?? (s.article.date ? 'day' : 'unknown'),
      articleIds: [s.article.id, ...s.alsoIn],
      key: contentWords(text),
    });
  }
  return rankDevelopments(mergeSimilar(leads).map(({ key: _k, ...d }) => d));
}

export function peopleIn(engine: CorpusEngine, stored: StoredArticle[]): BriefData['people'] {
  const counts = new Map<number, { mentions: number; articleIds: Set<string> }>();
  for (const s of stored) {
    engine.analyses.get(s.article.id)!.entities.forEach((e, j) => {
      if (e.type === 'place') return;
      const root = engine.rootOf(s.article.id, j);
      if (root === undefined) return;
      const c = counts.get(root) ?? { mentions: 0, articleIds: new Set<string>() };
      c.mentions += e.mentions;
      c.articleIds.add(s.article.id);
      counts.set(root, c);
    });
  }
  const t = engine.entities();
  return [...counts]
    .map(([root, c]) => ({ rec: t.byRoot.get(root)!, ...c }))
    .filter((x) => x.rec && x.rec.type !== 'place')
    .sort((a, b) => b.articleIds.size - a.articleIds.size || b.mentions - a.mentions)
    .slice(0, 12)
    .map((x) => ({ name: x.rec.name, type: x.rec.type, mentions: x.mentions, articleIds: [...x.articleIds] }));
}

export function figuresIn(engine: CorpusEngine, stored: StoredArticle[]): KeyFigure[] {
  const out: KeyFigure[] = [];
  for (const s of stored) {
    for (const f of engine.analyses.get(s.article.id)!.figures) {
      out.push({
        measure: f.measure,
        value: f.value,
        text: f.text,
        reportedBy: f.reportedBy,
        articleId: s.article.id,
        date: s.article.date,
      });
    }
  }
  // A count reported again in the same words is one report.
  return dedupeBy(out, (f) => `${f.measure}|${f.value}|${f.reportedBy ?? ''}`).sort(
    (a, b) =>
      compareKeys(a.measure, b.measure) || compareKeys(isoSortKey(a.date), isoSortKey(b.date)) || a.value - b.value,
  );
}

export function upcomingIn(engine: CorpusEngine, stored: StoredArticle[]): Development[] {
  const items: (Development & { key: string[] })[] = [];
  for (const s of stored) {
    for (const st of engine.analyses.statementsOf(s.article.id)!) {
      if (!st.upcoming) continue;
      items.push({
        text: st.text,
        date: st.date,
        precision: st.precision,
        articleIds: [s.article.id],
        key: contentWords(st.text),
      });
    }
  }
  return mergeSimilar(items).map(({ key: _k, ...d }) => d);
}

/** How many of the newest articles in scope a briefing reads. */
const BRIEF_ARTICLES = 200;
/** Past this many articles in scope, the newest are found by walking the engine's newest-first order, not by a sort. */
const WALK_NEWEST_ABOVE = 2000;

/**
 * The newest `limit` understood articles of these (distinct) ids: newest first, undated last, ties by path, the order
 * the engine keeps of the whole corpus (byDateDesc). A topic of 70,000 articles (or no topic: the whole corpus at
 * 200k) walks that order until it has enough, instead of sorting every article in scope by date on each /brief.
 */
export function newestOf(
  engine: CorpusEngine,
  ids: string[],
  limit: number,
  walkAbove = WALK_NEWEST_ABOVE,
): StoredArticle[] {
  if (ids.length > walkAbove) {
    const wanted = new Set(ids);
    const out: StoredArticle[] = [];
    for (const id of engine.newest()) {
      if (out.length >= limit) break;
      if (wanted.has(id)) out.push(engine.store.get(id)!);
    }
    return out;
  }
  // Ties (one file's articles of one day) in the order the articles were added, as in the engine's order: taken in
  // date order first (ties kept in that order), then sorted stably.
  const stored = engine
    .inDateOrder(ids)
    .map((ref) => engine.store.get(ref.id)!)
    .filter(understood);
  stored.sort(
    (a, b) => compareKeys(b.article.date ?? '', a.article.date ?? '') || compareKeys(a.article.path, b.article.path),
  );
  stored.length = Math.min(stored.length, limit);
  return stored;
}

function leadSentence(a: ArticleAnalysis): number {
  return a.lead;
}

/** Developments: similar statements from several articles become one, citing them all. */
function mergeSimilar<T extends Development & { key: string[] }>(items: T[]): T[] {
  const kept: { item: T; words: Set<string> }[] = [];
  for (const item of items) {
    // Jaccard >= 0.4 needs the smaller word set to be at least 0.4 of the larger: others are not compared.
    const same = kept.find(
      (k) => withinRatio(k.words.size, item.key.length, 0.4) && jaccardOf(k.words, item.key) >= 0.4,
    );
    if (same) same.item.articleIds = [...new Set([...same.item.articleIds, ...item.articleIds])];
    else kept.push({ item: { ...item }, words: new Set(item.key) });
  }
  return kept.map((k) => k.item);
}
