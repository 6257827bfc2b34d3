import type { Article } from '../corpus/types.ts';
import type { ArticleAnalysis, DatedStatement } from '../understanding/analysis.ts';
import { analyzeArticle } from '../understanding/analyze.ts';
import { log } from '../util/log.ts';
import { coreWords, stripAccents } from '../understanding/names.ts';
import { isoSortKey } from '../understanding/statements.ts';
import type { EntityType } from '../understanding/types.ts';
import { NamesIndex } from './names-index.ts';
import { EntityResolver, type PlacementIndexes, type ResolverState } from './resolve.ts';
import { SearchIndex, snippet } from './search.ts';
import type { SourceArticle } from './timeline/candidates.ts';
import { summarizeTimeline } from './timeline/summarize.ts';
import { rankDevelopments } from './brief/rank-developments.ts';
import { firstMentionStatement, PUBLISHED_MENTION_ARTICLES } from './timeline/published-mentions.ts';
import { AnalysisStore, type AnalysisStoreOptions } from './analysis-store.ts';
import { Base64Bytes, partNamed, readBytesPart, type AnalysisCounts, type SnapshotEntry } from './snapshot.ts';
import type {
  ArticleMeta, BriefData, BriefQuery, DateRange, Development, EntityMatch, EntityProfile, EntitySuggestion, Engine, KeyFigure, SearchHit, TimelineEvent, TimelineSummary,
} from './types.ts';

/** One entity of the whole corpus: the union of the local entities that name it. */
interface EntityRecord {
  root: number;
  slug: string;
  type: EntityType;
  name: string;
  aliases: string[];
  members: number[];
  mentions: number;
  /** Worked out on first use (articleIdsOf). */
  articleIds: string[] | null;
  /** Its articles, oldest first, as a profile lists them: worked out on first use, kept until the entity changes. */
  listed?: ArticleRef[];
}

/** An article as a profile lists it. */
type ArticleRef = { id: string; title: string; date: string | null };

/** An entity record as a snapshot keeps it, with the keys its names are matched by. */
type SavedRecord = [root: number, slug: string, type: EntityType, name: string, aliases: string[], mentions: number, keys: string[]];

interface StoredArticle {
  article: Article;
  /** Statements and local entities of its analysis (kept in the analysis store); null when it was not understood. */
  counts: AnalysisCounts | null;
  alsoIn: string[];
}

export type Analyzer = (articles: Article[]) => Promise<ArticleAnalysis[]> | ArticleAnalysis[];

/** The engine every command asks: articles, their understanding, the resolved entities and the search index. */
export class CorpusEngine implements Engine {
  private readonly store = new Map<string, StoredArticle>();
  private readonly analyses: AnalysisStore;
  private resolver = new EntityResolver();
  private search_ = new SearchIndex();
  /** Understood articles, newest first; rebuilt after a change. */
  private newestFirst: string[] | null = null;
  private table: { byRoot: Map<number, EntityRecord>; bySlug: Map<string, EntityRecord>; names: NamesIndex } | null = null;

  constructor(
    private readonly analyze: Analyzer = analyzeEach,
    storeOptions: AnalysisStoreOptions = {},
  ) {
    this.analyses = new AnalysisStore(storeOptions);
  }

  get stats() {
    const t = this.entities();
    let events = 0;
    for (const s of this.store.values()) events += s.counts?.[0] ?? 0;
    return { articles: this.store.size, entities: t.byRoot.size, events };
  }

  /**
   * Adds articles; near-duplicates (groupId ≠ id) are kept for their citation but not understood or counted again.
   * A large batch is analysed in chunks queued all at once, and each chunk is put in the search index (in order) as
   * soon as it is understood, so indexing overlaps the analysis of the rest. Entity resolution takes the whole batch at the end:
   * its answers must not depend on how a corpus happened to be chunked.
   */
  async addArticles(articles: Article[]): Promise<void> {
    const replaced = articles.filter((a) => this.store.has(a.id));
    if (replaced.length) this.removeArticles(replaced.map((a) => a.id));
    const ids = new Set(articles.map((a) => a.id));
    const canonical = articles.filter((a) => a.groupId === a.id || (!this.store.has(a.groupId) && !ids.has(a.groupId)));
    const chunks: Article[][] = [];
    for (let i = 0; i < canonical.length; i += ANALYSIS_CHUNK) chunks.push(canonical.slice(i, i + ANALYSIS_CHUNK));
    const pending: (Promise<ArticleAnalysis[]> | null)[] = chunks.map((chunk) => Promise.resolve(this.analyze(chunk)));
    // A failure is thrown where its chunk is awaited below; the others must not count as unhandled meanwhile.
    for (const p of pending) p!.catch(() => undefined);
    // Each chunk's analyses go to the analysis store and their names to the resolver as they come: only what
    // resolution needs of them stays in memory, not the analyses.
    const counts = new Map<string, AnalysisCounts>();
    try {
      for (let k = 0; k < pending.length; k++) {
        const analyses = await pending[k]!;
        // A settled promise holds its value: let go of it, or every analysis of the batch stays in memory to the end.
        pending[k] = null;
        this.search_.add(chunks[k].map((a) => ({ id: a.id, title: a.title, body: a.body })));
        for (const a of analyses) {
          this.analyses.put(a);
          counts.set(a.articleId, [a.statements.length, a.entities.length]);
        }
        this.resolver.takeNames(analyses);
      }
    } catch (err) {
      for (const a of canonical) {
        this.search_.remove(a.id);
        this.analyses.delete(a.id);
      }
      this.resolveAfresh();
      throw err;
    }
    this.resolver.placeShortNames();
    for (const a of articles) this.store.set(a.id, { article: a, counts: counts.get(a.id) ?? null, alsoIn: [] });
    for (const a of articles) if (!counts.has(a.id)) this.store.get(a.groupId)?.alsoIn.push(a.id);
    this.newestFirst = null;
    this.dateOrder = null;
  }

  /**
   * Restores understood articles without analysing them again (snapshots). With the index state saved beside them
   * (exportIndexState), the search index, the entity resolution and the entity table are loaded rather than built,
   * and no analysis is parsed until an answer needs it.
   */
  restore(entries: SnapshotEntry[], indexState?: unknown[]): void {
    for (const { article, counts, analysis } of entries) {
      this.store.set(article.id, { article, counts: analysis && counts, alsoIn: [] });
      if (analysis) this.analyses.adopt(article.id, analysis);
      else this.analyses.delete(article.id);
    }
    for (const { article } of entries) if (!understood(this.store.get(article.id)!)) this.store.get(article.groupId)?.alsoIn.push(article.id);
    const searchDocs = () => entries.filter((e) => understood(this.store.get(e.article.id)!)).map((e) => ({ id: e.article.id, title: e.article.title, body: e.article.body }));
    const saved = partNamed(indexState, 'search');
    // The saved search index loads when first needed or warmed up (warmUp): /who needs none.
    if (saved && this.store.size === entries.length) this.search_ = SearchIndex.fromSaved(saved, searchDocs, () => int32View(readBytesPart(indexState, 'searchPool')));
    else this.search_.add(searchDocs());
    if (!this.loadResolver(indexState)) this.resolveAfresh();
    else this.loadEntityTable(indexState);
    this.newestFirst = null;
    this.dateOrder = null;
  }

  /** Loads the saved entity resolution of a fresh engine; false (and nothing changed) when there is none it can use. */
  private loadResolver(indexState: unknown[] | undefined): boolean {
    const saved = partNamed<Omit<ResolverState, 'indexes'>>(indexState, 'resolver');
    const indexes = partNamed<PlacementIndexes>(indexState, 'resolverIndexes');
    if (!saved || !indexes || this.resolver.nodeCount > 0) return false;
    const entityCount = (id: string) => this.store.get(id)?.counts?.[1];
    // The placement indexes are read from the snapshot only when a new article's names are to be placed.
    const resolver = EntityResolver.fromState(entityCount, { ...saved(), indexes });
    if (resolver) this.resolver = resolver;
    return Boolean(resolver);
  }

  /**
   * Loads the saved entity table over a just-loaded resolution, so that the first answer need not build a record for
   * every entity; left to be built (every entity counts as changed) when it does not fit the resolution.
   */
  private loadEntityTable(indexState: unknown[] | undefined): void {
    const records = partNamed<SavedRecord[]>(indexState, 'entities')?.();
    if (!Array.isArray(records) || records.length !== this.resolver.groups().size) return;
    const table = { byRoot: new Map<number, EntityRecord>(), bySlug: new Map<string, EntityRecord>(), names: new NamesIndex() };
    for (const [root, slug, type, name, aliases, mentions, keys] of records) {
      const members = this.resolver.groups().get(root);
      if (!members || table.byRoot.has(root) || aliases.length !== keys.length) return;
      const record: EntityRecord = { root, slug, type, name, aliases, members: [...members], mentions, articleIds: null };
      table.byRoot.set(root, record);
      table.bySlug.set(slug, record);
      table.names.add({ id: root, mentions, names: aliases, keys });
    }
    this.table = table;
    this.resolver.takeChanges();
  }

  /** Loads in the background what a restore left to load when first needed (the search index). */
  warmUp(): Promise<void> {
    return this.search_.warmUp();
  }

  /**
   * What a snapshot keeps besides the articles: the search index, the resolved entities and their table, slow to
   * build and quick to load. Each part is worked out when it is written (a getter), so that they are not all in
   * memory at once; the search postings go as bytes.
   */
  exportIndexState(): unknown[] {
    // Each part is one JSON line; past this size the parts would outgrow what one string can hold: a restart rebuilds.
    if (this.store.size > INDEX_STATE_MAX_ARTICLES) return [];
    const { search_: search, resolver } = this;
    let searchParts: ReturnType<SearchIndex['toParts']> | null = null;
    const parts = () => (searchParts ??= search.toParts());
    const records = () => this.savedRecords();
    return [
      { get search() { return parts().state; } },
      { get searchPool() { return Base64Bytes.of(parts().pool); } },
      { get resolver() { return resolver.exportNodes(); } },
      { get resolverIndexes() { return resolver.exportIndexes(); } },
      { get entities() { return records(); } },
    ];
  }

  private savedRecords(): SavedRecord[] {
    const t = this.entities();
    return [...t.byRoot.values()].map((r) => [r.root, r.slug, r.type, r.name, r.aliases, r.mentions, t.names.entry(r.root)!.keys!]);
  }

  removeArticles(ids: string[]): void {
    for (const id of ids) {
      this.store.delete(id);
      this.analyses.delete(id);
      this.search_.remove(id);
    }
    // Entity resolution is rebuilt from what is left: removals are rare (an edited file).
    this.resolveAfresh();
    this.newestFirst = null;
    this.dateOrder = null;
  }

  /** Every article with its analysis as JSON bytes (what a snapshot writes: nothing is parsed). */
  entries(): SnapshotEntry[] {
    return [...this.store.values()].map(({ article, counts }) => ({ article, counts, analysis: (counts && this.analyses.placeOf(article.id)) ?? null }));
  }

  /** Resolves the entities of every stored article again, reading their analyses afresh (the cache is left alone). */
  private resolveAfresh(): void {
    this.resolver = new EntityResolver();
    for (const id of this.store.keys()) {
      const analysis = this.analyses.parse(id);
      if (analysis) this.resolver.takeNames([analysis]);
    }
    this.resolver.placeShortNames();
    this.table = null;
  }

  article(id: string): ArticleMeta | undefined {
    const s = this.store.get(id);
    return s && toMeta(s);
  }

  articles(topic?: string): ArticleMeta[] {
    if (!topic) return this.newest().map((id) => toMeta(this.store.get(id)!));
    return this.topicArticles(topic).map((id) => toMeta(this.store.get(id)!)).sort(byDateDesc);
  }

  /**
   * Every stored article's place in date order (oldest first, undated last, ties in the order they were added),
   * rebuilt after a change: ordering a name's 70,000 articles is then a sort of integers, not of date strings.
   */
  private dateOrder: { rankOf: Map<string, number>; refAt: ArticleRef[] } | null = null;

  /**
   * The articles of these ids (repeats allowed) in date order, as one shared {id, title, date} each (no new objects
   * per answer). Their ranks are sorted as integers, or, for very many, marked in a bitmap read in order.
   */
  private inDateOrder(ids: string[]): ArticleRef[] {
    const { rankOf, refAt } = (this.dateOrder ??= this.buildDateOrder());
    const ranks = ids.map((id) => rankOf.get(id)).filter((rank): rank is number => rank !== undefined);
    if (ranks.length <= LARGE_ENTITY) return Array.from(Int32Array.from(new Set(ranks)).sort(), (rank) => refAt[rank]);
    const marked = new Uint8Array(refAt.length);
    for (const rank of ranks) marked[rank] = 1;
    const out: ArticleRef[] = [];
    for (let rank = 0; rank < marked.length; rank++) if (marked[rank]) out.push(refAt[rank]);
    return out;
  }

  private buildDateOrder(): NonNullable<CorpusEngine['dateOrder']> {
    const keyed = [...this.store.values()].map((s, order) => ({ article: s.article, key: isoSortKey(s.article.date), order }));
    keyed.sort((a, b) => compareKeys(a.key, b.key) || a.order - b.order);
    return {
      rankOf: new Map(keyed.map((k, rank) => [k.article.id, rank])),
      refAt: keyed.map(({ article: { id, title, date } }) => ({ id, title, date })),
    };
  }

  private newest(): string[] {
    this.newestFirst ??= [...this.store.values()].filter(understood).map(toMeta).sort(byDateDesc).map((m) => m.id);
    return this.newestFirst;
  }

  findEntity(query: string): EntityMatch {
    const t = this.entities();
    const hits = t.names.lookup(query, 6);
    if (hits.length === 0) {
      return { entity: null, confidence: 'none', suggestions: t.names.complete(query, 5).map((h) => t.byRoot.get(h.id)!.name) };
    }
    const [best, ...others] = hits;
    const record = t.byRoot.get(best.id)!;
    // Close runners-up (another person of the same surname) are offered as "did you mean".
    const suggestions = others.filter((h) => h.score >= best.score * 0.6).map((h) => t.byRoot.get(h.id)!.name);
    return { entity: this.profile(record), confidence: best.exact ? 'exact' : 'fuzzy', suggestions };
  }

  suggestEntities(prefix: string, limit: number): EntitySuggestion[] {
    const t = this.entities();
    return t.names.complete(prefix, limit).map((h) => {
      const r = t.byRoot.get(h.id)!;
      return { id: r.slug, name: r.name, type: r.type, mentions: r.mentions };
    });
  }

  timeline(topic: string, range: DateRange = {}, summary?: TimelineSummary): TimelineEvent[] {
    if (summary) return summarizeTimeline(this.topicSources(topic), topic, range, summary);
    const events: (TimelineEvent & { order: number; key: string[] })[] = [];
    for (const { stored, statement } of this.topicStatements(topic)) {
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
    const inRange = events.filter((e) => withinRange(e.date, range)).map((e) => ({ e, date: isoSortKey(e.date), articleDate: isoSortKey(e.articleDate) }));
    inRange.sort((a, b) => compareKeys(a.date, b.date) || compareKeys(a.articleDate, b.articleDate) || a.e.order - b.e.order);
    return dedupeStatements(inRange.map((x) => x.e)).map(({ order: _o, key: _k, ...e }) => e);
  }

  search(query: string, limit: number): SearchHit[] {
    return this.search_.query(query, limit).map((r) => {
      const { article } = this.store.get(r.id)!;
      return { articleId: r.id, title: article.title, date: article.date, score: r.score, ...snippet(article.body, r.terms) };
    });
  }

  brief(query: BriefQuery): BriefData {
    let ids = query.topic ? this.topicArticles(query.topic) : this.newest();
    if (query.articleIds) {
      const only = new Set(query.articleIds.map((id) => this.store.get(id)?.article.groupId ?? id));
      ids = ids.filter((id) => only.has(id));
    }
    if (query.since) ids = ids.filter((id) => !this.store.get(id)!.article.date || this.store.get(id)!.article.date! >= query.since!);
    const stored = ids.map((id) => this.store.get(id)!).filter(understood);
    // Newest first, undated last.
    stored.sort((a, b) => compareKeys(b.article.date ?? '', a.article.date ?? '') || compareKeys(a.article.path, b.article.path));
    // A briefing is about the news: the newest articles in scope, not the whole archive.
    stored.length = Math.min(stored.length, BRIEF_ARTICLES);
    return {
      articles: stored.map(toMeta),
      developments: this.developments(stored),
      people: this.peopleIn(stored),
      figures: this.figuresIn(stored),
      upcoming: this.upcomingIn(stored),
    };
  }

  // ---- entities ----

  /**
   * The entity table, updated in place: only entities that new articles created, grew or merged are rebuilt,
   * so one new article costs what it touches, not the corpus.
   */
  private entities() {
    const table = (this.table ??= { byRoot: new Map(), bySlug: new Map(), names: new NamesIndex() });
    const { changed, gone } = this.resolver.takeChanges();
    for (const root of [...gone, ...changed]) {
      const old = table.byRoot.get(root);
      if (!old) continue;
      table.byRoot.delete(root);
      table.bySlug.delete(old.slug);
      table.names.remove(root);
    }
    // In the order the entities were first read, so that names shared by two entities get the same ids every time.
    for (const root of [...changed].sort((a, b) => a - b)) {
      const record = this.makeRecord(root, this.resolver.members(root));
      let slug = record.slug;
      for (let n = 2; table.bySlug.has(slug); n++) slug = `${record.slug}-${n}`;
      record.slug = slug;
      table.byRoot.set(root, record);
      table.bySlug.set(slug, record);
      table.names.add({ id: root, mentions: record.mentions, names: record.aliases });
    }
    return table;
  }

  private makeRecord(root: number, unordered: number[]): EntityRecord {
    // In the order the names were read, so that a restored index answers exactly as the one it was saved from.
    const members = [...unordered].sort((a, b) => a - b);
    const type = this.resolver.typeOf(members);
    const formCounts = new Map<string, number>();
    let mentions = 0;
    for (const i of members) {
      const local = this.resolver.shape(i);
      const n = this.resolver.mentionsOf(i);
      mentions += n;
      formCounts.set(local.name, (formCounts.get(local.name) ?? 0) + n);
      for (const f of local.forms) if (!formCounts.has(f)) formCounts.set(f, 0);
      if (local.acronym && !formCounts.has(local.acronym)) formCounts.set(local.acronym, 0);
    }
    const name = canonicalName(type, formCounts);
    const aliases = [name, ...dedupeCaseless([...formCounts.keys()].filter((f) => f !== name))];
    return { root, slug: slugify(name), type, name, aliases, members, mentions, articleIds: null };
  }

  /** The articles naming an entity, in the order its names were read. */
  private articleIdsOf(r: EntityRecord): string[] {
    r.articleIds ??= [...new Set(r.members.map((i) => this.resolver.articleOf(i)))];
    return r.articleIds;
  }

  private profile(r: EntityRecord): EntityProfile {
    const t = this.entities();
    const descriptors = new Map<string, { text: string; n: number; articles: Set<string> }>();
    const quotes: { text: string; articleId: string }[] = [];
    const related = new Map<number, number>();
    const articles = this.listedArticles(r);
    // Roles, quotes and company come from the newest articles only: a name in tens of thousands of stories must not
    // cost a parse of each, and its recent coverage says what it is now.
    const read = articles.length > PROFILE_ARTICLES ? new Set(articles.slice(-PROFILE_ARTICLES).map((a) => a.id)) : null;
    for (const i of r.members) {
      if (read && !read.has(this.resolver.articleOf(i))) continue;
      const articleId = this.resolver.articleOf(i);
      const analysis = this.analyses.withoutStatements(articleId);
      const local = analysis?.entities[this.resolver.localOf(i)];
      if (!analysis || !local) continue;
      for (const d of local.descriptors) {
        const key = d.toLowerCase();
        const seen = descriptors.get(key) ?? { text: d, n: 0, articles: new Set<string>() };
        seen.n++;
        seen.articles.add(articleId);
        descriptors.set(key, seen);
      }
      for (const q of analysis.quotes) if (q.entity === local.local) quotes.push({ text: q.text, articleId });
      const mine = new Set(local.sentences);
      analysis.entities.forEach((other, j) => {
        if (j === local.local) return;
        const otherRoot = this.rootOf(articleId, j);
        if (otherRoot === undefined || otherRoot === r.root) return;
        const shared = other.sentences.filter((s) => mine.has(s)).length;
        related.set(otherRoot, (related.get(otherRoot) ?? 0) + 1 + shared);
      });
    }
    const dates = articles.map((a) => a.date).filter((d): d is string => Boolean(d));
    const descriptions = pruneDescriptors([...descriptors.values()].sort((a, b) => b.n - a.n).map((d) => d.text));
    return {
      id: r.slug,
      name: r.name,
      type: r.type,
      aliases: r.aliases.filter((a) => a !== r.name),
      descriptions,
      descriptionSources: descriptions.map((d) => [...descriptors.get(d.toLowerCase())!.articles]),
      mentions: r.mentions,
      articles,
      firstSeen: dates[0] ?? null,
      lastSeen: dates[dates.length - 1] ?? null,
      related: [...related]
        .map(([root, weight]) => ({ rec: t.byRoot.get(root)!, weight }))
        .filter((x) => x.rec)
        .sort((a, b) => b.weight - a.weight || b.rec.mentions - a.rec.mentions)
        .slice(0, 8)
        .map(({ rec, weight }) => ({ name: rec.name, type: rec.type, weight })),
      quotes: dedupeBy(quotes, (q) => q.text.toLowerCase()),
    };
  }

  private listedArticles(r: EntityRecord): ArticleRef[] {
    r.listed ??= this.inDateOrder(r.members.map((i) => this.resolver.articleOf(i)));
    return r.listed;
  }

  private rootOf(articleId: string, local: number): number | undefined {
    const i = this.resolver.nodeOf(articleId, local);
    return i === undefined ? undefined : this.resolver.find(i);
  }

  // ---- topics ----

  /** The entity a topic names, when it names one with confidence. */
  private topicEntity(topic: string): EntityRecord | null {
    const t = this.entities();
    const [best] = t.names.lookup(topic, 1);
    return best ? t.byRoot.get(best.id) ?? null : null;
  }

  /** A topic's articles as timeline summarization reads them (src/index/timeline). */
  private topicSources(topic: string): SourceArticle[] {
    return this.topicArticles(topic, TIMELINE_SEARCH_HITS).map((id) => {
      const { article } = this.store.get(id)!;
      return { id, title: article.title, date: article.date, body: article.body, statements: this.analyses.statementsOf(id) ?? [] };
    });
  }

  private topicArticles(topic: string, searchHits = 500): string[] {
    const entity = this.topicEntity(topic);
    const ids = new Set(entity ? this.articleIdsOf(entity) : []);
    for (const hit of this.search_.query(topic, searchHits)) ids.add(hit.id);
    return [...ids].filter((id) => this.store.has(id) && understood(this.store.get(id)!));
  }

  /** Dated statements about a topic: those naming it, and the dated ones of articles mainly about it. */
  private topicStatements(topic: string): { stored: StoredArticle; statement: DatedStatement }[] {
    const entity = this.topicEntity(topic);
    const out: { stored: StoredArticle; statement: DatedStatement }[] = [];
    if (entity) {
      // The newest articles naming it (its article list, in date order, is kept on the entity), then its names in each.
      const listed = this.listedArticles(entity);
      const read = new Set(listed.slice(-TIMELINE_ARTICLES).map((a) => a.id));
      const localsByArticle = new Map<string, Set<number>>();
      // An article that names a place three times or more is set there: its dated statements belong to the place's
      // story. People and bodies get only the statements that name them (an article naming a leader is not his diary).
      const setThere = new Set<string>();
      let unstated = 0;
      for (const i of entity.members) {
        const articleId = this.resolver.articleOf(i);
        if (!read.has(articleId)) continue;
        if (!localsByArticle.has(articleId)) localsByArticle.set(articleId, new Set());
        localsByArticle.get(articleId)!.add(this.resolver.localOf(i));
        if (entity.type === 'place' && this.resolver.mentionsOf(i) >= ABOUT_MENTIONS) setThere.add(articleId);
      }
      for (const [articleId, locals] of localsByArticle) {
        const stored = this.store.get(articleId);
        const statements = this.analyses.statementsOf(articleId);
        if (!stored || !statements) continue;
        const about = setThere.has(articleId);
        const before = out.length;
        for (const statement of statements) {
          if (statement.entities.some((e) => locals.has(e)) || (about && statement.date)) out.push({ stored, statement });
        }
        // A dated article naming it in no statement still tells of it that day: its first sentence naming it.
        if (out.length === before && stored.article.date && unstated++ < PUBLISHED_MENTION_ARTICLES) {
          const statement = firstMentionStatement(stored.article.body, this.analyses.withoutStatements(articleId)?.entities ?? [], locals);
          if (statement) out.push({ stored, statement });
        }
      }
      return out;
    }
    const words = topic.toLowerCase().split(/\s+/).filter((w) => w.length >= 2);
    const res = words.map((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i'));
    for (const id of this.topicArticles(topic)) {
      const stored = this.store.get(id)!;
      for (const statement of this.analyses.statementsOf(id)!) if (res.every((re) => re.test(statement.text))) out.push({ stored, statement });
    }
    return out;
  }

  // ---- briefs ----

  private developments(stored: StoredArticle[]): Development[] {
    const leads: (Development & { key: string[] })[] = [];
    for (const s of stored) {
      const a = this.analyses.get(s.article.id)!;
      const lead = a.statements.find((st) => st.sentence === leadSentence(a)) ?? null;
      const sentence = a.leadSpan;
      if (!sentence) continue;
      const text = lead?.text ?? s.article.body.slice(sentence.start, sentence.end);
      leads.push({ text, date: lead?.date ?? s.article.date, precision: lead?.precision ?? (s.article.date ? 'day' : 'unknown'), articleIds: [s.article.id, ...s.alsoIn], key: contentWords(text) });
    }
    return rankDevelopments(mergeSimilar(leads).map(({ key: _k, ...d }) => d));
  }

  private peopleIn(stored: StoredArticle[]): BriefData['people'] {
    const counts = new Map<number, { mentions: number; articleIds: Set<string> }>();
    for (const s of stored) {
      this.analyses.get(s.article.id)!.entities.forEach((e, j) => {
        if (e.type === 'place') return;
        const root = this.rootOf(s.article.id, j);
        if (root === undefined) return;
        const c = counts.get(root) ?? { mentions: 0, articleIds: new Set<string>() };
        c.mentions += e.mentions;
        c.articleIds.add(s.article.id);
        counts.set(root, c);
      });
    }
    const t = this.entities();
    return [...counts]
      .map(([root, c]) => ({ rec: t.byRoot.get(root)!, ...c }))
      .filter((x) => x.rec && x.rec.type !== 'place')
      .sort((a, b) => b.articleIds.size - a.articleIds.size || b.mentions - a.mentions)
      .slice(0, 12)
      .map((x) => ({ name: x.rec.name, type: x.rec.type, mentions: x.mentions, articleIds: [...x.articleIds] }));
  }

  private figuresIn(stored: StoredArticle[]): KeyFigure[] {
    const out: KeyFigure[] = [];
    for (const s of stored) {
      for (const f of this.analyses.get(s.article.id)!.figures) {
        out.push({ measure: f.measure, value: f.value, text: f.text, reportedBy: f.reportedBy, articleId: s.article.id, date: s.article.date });
      }
    }
    // A count reported again in the same words is one report.
    return dedupeBy(out, (f) => `${f.measure}|${f.value}|${f.reportedBy ?? ''}`).sort(
      (a, b) => compareKeys(a.measure, b.measure) || compareKeys(isoSortKey(a.date), isoSortKey(b.date)) || a.value - b.value,
    );
  }

  private upcomingIn(stored: StoredArticle[]): Development[] {
    const items: (Development & { key: string[] })[] = [];
    for (const s of stored) {
      for (const st of this.analyses.statementsOf(s.article.id)!) {
        if (!st.upcoming) continue;
        items.push({ text: st.text, date: st.date, precision: st.precision, articleIds: [s.article.id], key: contentWords(st.text) });
      }
    }
    return mergeSimilar(items).map(({ key: _k, ...d }) => d);
  }
}

// ---- helpers ----

/**
 * Analyses articles one by one in this thread. An article the pipeline cannot read is left un-understood with one
 * warning (it is still listed by /sources), so one strange text never stops the corpus from loading.
 */
export function analyzeEach(articles: Article[]): ArticleAnalysis[] {
  const out: ArticleAnalysis[] = [];
  for (const article of articles) {
    try {
      out.push(analyzeArticle(article));
    } catch (err) {
      log.warn({ article: article.id, err: (err as Error).message }, 'article could not be understood; listed but not analysed');
    }
  }
  return out;
}

/** Articles per analysis chunk: large enough to keep every core busy, small enough to index while the rest is analysed. */
const ANALYSIS_CHUNK = 1024;

/**
 * Largest corpus whose derived indexes go into a snapshot (see exportIndexState): each is one line, so one string;
 * should one still outgrow what a string can hold, the snapshot is written without them (see saveSnapshot).
 */
const INDEX_STATE_MAX_ARTICLES = 400_000;

/** Articles past which a list is put in date order through a bitmap of all articles, not a sort. */
const LARGE_ENTITY = 1000;

/** How many of the newest articles naming an entity its profile reads for roles, quotes and related names. */
const PROFILE_ARTICLES = 400;

/** How many search hits a summarised timeline reads besides the articles naming its entity. */
const TIMELINE_SEARCH_HITS = 2000;

/** How many of the newest articles naming an entity its timeline reads. */
const TIMELINE_ARTICLES = 1000;

/** Mentions that make an article set in a place. */
const ABOUT_MENTIONS = 3;

/** How many of the newest articles in scope a briefing reads. */
const BRIEF_ARTICLES = 200;

/** Bytes as 32-bit integers: a view when they are aligned (a large decoded buffer is), else a copy. */
function int32View(bytes: Buffer | undefined): Int32Array | undefined {
  if (!bytes || bytes.length % 4 !== 0) return undefined;
  if (bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  return new Int32Array(new Uint8Array(bytes).buffer);
}

/** Whether the article was understood (near-duplicates are not). */
function understood(s: StoredArticle): boolean {
  return s.counts !== null;
}

function toMeta(s: StoredArticle): ArticleMeta {
  const { id, title, date, source, url, words, path } = s.article;
  return { id, title, date, source, url, words, path, alsoIn: [...s.alsoIn] };
}

function byDateDesc(a: ArticleMeta, b: ArticleMeta): number {
  if (a.date === b.date) return compareKeys(a.path, b.path);
  if (!a.date) return 1;
  if (!b.date) return -1;
  return compareKeys(b.date, a.date);
}

/** Code-unit order: ISO keys sort as dates, and "~" (unknown) after every digit, which localeCompare does not do. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function leadSentence(a: ArticleAnalysis): number {
  return a.lead;
}

function canonicalName(type: EntityType, counts: Map<string, number>): string {
  let best = '';
  let bestScore = -Infinity;
  for (const [form, n] of counts) {
    const words = coreWords(form).length;
    const allCaps = /^[\p{Lu}\d&.]+$/u.test(form);
    // People by their fullest name; bodies and places by the form most used, spelled out rather than as an acronym.
    const score = type === 'person' ? words * 1000 + n : (allCaps ? 0 : 1000) + n * 10 + words;
    if (score > bestScore) [best, bestScore] = [form, score];
  }
  return best;
}

function slugify(name: string): string {
  return stripAccents(name).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'entity';
}

function dedupeCaseless(list: string[]): string[] {
  return dedupeBy(list, (s) => s.toLowerCase());
}

function dedupeBy<T>(list: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A descriptor contained in a longer one ("strongman" in "Libyan strongman") says nothing new. */
function pruneDescriptors(list: string[]): string[] {
  const keys = list.map((d) => ` ${d.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `);
  return list.filter((_, i) => !keys.some((k, j) => j !== i && k.length > keys[i].length && k.includes(keys[i]))).slice(0, 12);
}

const STOP = new Set('a an the and or but of to in on at for from by with as is was were are be been has have had that this which who it its his her their he she they said says told will would could after before over about than more also'.split(' '));

export function contentWords(text: string): string[] {
  return [...new Set(stripAccents(text).toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOP.has(w)))];
}

/** Kept timeline statements of one date that a new one is compared with. */
const DUPLICATE_WINDOW = 48;

function jaccardOf(a: Set<string>, b: string[]): number {
  if (!a.size || !b.length) return 0;
  let inter = 0;
  for (const w of b) if (a.has(w)) inter++;
  return inter / (a.size + b.length - inter);
}

/** Timeline statements: the same fact told twice (two outlets, or a repeated sentence) is shown once. */
function dedupeStatements<T extends TimelineEvent & { key: string[] }>(events: T[]): T[] {
  const kept: T[] = [];
  // Only statements of the same date can be the same fact, and events come sorted by date and then by article date,
  // so a retelling sits near the first telling: compare with the last few kept of that date, not the whole timeline.
  const keptOnDate = new Map<string | null, Set<string>[]>();
  for (const e of events) {
    const sameDate = keptOnDate.get(e.date) ?? [];
    let repeated = false;
    for (let k = sameDate.length - 1; k >= 0 && k >= sameDate.length - DUPLICATE_WINDOW && !repeated; k--) repeated = withinRatio(sameDate[k].size, e.key.length, 0.5) && jaccardOf(sameDate[k], e.key) >= 0.5;
    if (repeated) continue;
    sameDate.push(new Set(e.key));
    keptOnDate.set(e.date, sameDate);
    kept.push(e);
  }
  return kept;
}

/** Developments: similar statements from several articles become one, citing them all. */
function mergeSimilar<T extends Development & { key: string[] }>(items: T[]): T[] {
  const kept: { item: T; words: Set<string> }[] = [];
  for (const item of items) {
    // Jaccard >= 0.4 needs the smaller word set to be at least 0.4 of the larger: others are not compared.
    const same = kept.find((k) => withinRatio(k.words.size, item.key.length, 0.4) && jaccardOf(k.words, item.key) >= 0.4);
    if (same) same.item.articleIds = [...new Set([...same.item.articleIds, ...item.articleIds])];
    else kept.push({ item: { ...item }, words: new Set(item.key) });
  }
  return kept.map((k) => k.item);
}

function withinRatio(a: number, b: number, ratio: number): boolean {
  return Math.min(a, b) >= ratio * Math.max(a, b);
}

function withinRange(date: string | null, range: DateRange): boolean {
  if (!range.from && !range.to) return true;
  if (!date) return false;
  const key = isoSortKey(date);
  if (range.from && key.slice(0, range.from.length) < range.from) return false;
  if (range.to && key.slice(0, range.to.length) > range.to) return false;
  return true;
}
