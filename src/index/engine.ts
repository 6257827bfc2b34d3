import type { Article } from '../corpus/types.ts';
import type { ArticleAnalysis } from '../understanding/analysis-types.ts';
import { analyzeArticle } from '../understanding/analyze-article.ts';
import { log } from '../util/log.ts';
import { TimeSlices } from '../util/time-slices.ts';
import { EntityResolver } from './entity-resolver.ts';
import { SearchIndex, snippet } from './search.ts';
import { AnalysisStore, type AnalysisStoreOptions } from './analysis-bytes.ts';
import type { AnalysisCounts, SnapshotEntry } from './snapshot.ts';
import {
  ENTITY_PART_RECORDS,
  engineStateParts,
  INDEX_STATE_MAX_ARTICLES,
  savedEntityRecords,
  savedResolution,
  savedSearch,
} from './engine-state-parts.ts';
import { briefOf } from './brief.ts';
import {
  byDateDesc,
  toMeta,
  understood,
  type ArticleRef,
  type EntityRecord,
  type StoredArticle,
} from './engine-parts.ts';
import { articleIdsOf, emptyTable, entityTable, type EntityTable } from './entity-table.ts';
import { DateOrder, NewestFirst } from './article-orders.ts';
import { replayJournal, resolveInSlices, SHORT_NAMES_PER_STEP, type JournalEntry } from './resolve-afresh.ts';
import { listedArticles, profileOf } from './profile.ts';
import { timelineOf } from './timeline.ts';
import type { SourceArticle } from './timeline/candidates.ts';
import { summarizeTimeline } from './timeline/summarize.ts';
import { topicStatementsOf, type TopicStatement } from './topic-statements.ts';
import type {
  ArticleMeta,
  BriefData,
  BriefQuery,
  DateRange,
  EntityMatch,
  EntitySuggestion,
  Engine,
  SearchHit,
  TimelineEvent,
  TimelineSummary,
} from './types.ts';

export type Analyzer = (articles: Article[]) => Promise<ArticleAnalysis[]> | ArticleAnalysis[];

/** The engine every command asks: articles, their understanding, the resolved entities and the search index. */
export class CorpusEngine implements Engine {
  readonly store = new Map<string, StoredArticle>();
  readonly analyses: AnalysisStore;
  resolver = new EntityResolver();
  private search_ = new SearchIndex();
  /** Understood articles newest first, and every article's rank in date order: built on first use, then kept. */
  private readonly newestFirst = new NewestFirst(
    () => this.store.values(),
    (id) => this.store.get(id)!.article,
  );
  private readonly dateOrder = new DateOrder(() => this.store.values());
  table: EntityTable | null = null;
  /** The resolution being built afresh in the background after a removal (resolve-afresh.ts), and what changed meanwhile. */
  private afresh: { done: Promise<void>; wanted: boolean; journal: JournalEntry[] } | null = null;
  private adding = 0;
  private readonly addsDone: (() => void)[] = [];
  /** Counts resolutions made in one go (resolveAfresh): a background one begun before is then out of date. */
  private resolutions = 0;

  constructor(
    private readonly analyze: Analyzer = analyzeEach,
    storeOptions: AnalysisStoreOptions = {},
  ) {
    this.analyses = new AnalysisStore(storeOptions);
  }

  /** Counts changes to the articles, their analyses or the indexes: a save made across turns checks it is still current. */
  changes = 0;

  /** The corpus's events, summed again only after the articles or their analyses changed (/healthz reads stats). */
  private eventCount: number | null = null;

  get articleCount(): number {
    return this.store.size;
  }

  get stats() {
    const t = this.entities();
    if (this.eventCount === null) {
      let events = 0;
      for (const s of this.store.values()) events += s.counts?.[0] ?? 0;
      this.eventCount = events;
    }
    return { articles: this.store.size, entities: t.byRoot.size, events: this.eventCount };
  }

  /**
   * Adds articles; near-duplicates (groupId ≠ id) are kept for their citation but not understood or counted again.
   * A large batch is analysed in chunks queued all at once, and each chunk is put in the search index (in order) as
   * soon as it is understood, so indexing overlaps the analysis of the rest. Entity resolution takes the whole batch at the end:
   * its answers must not depend on how a corpus happened to be chunked.
   */
  async addArticles(articles: Article[], slices = new TimeSlices()): Promise<void> {
    this.changes++;
    // From its first names taken to its articles stored, a batch is in the resolution in use but not yet in the store:
    // a resolution built in the background waits for it before it is swapped in.
    this.adding++;
    try {
      await this.addBatch(articles, slices);
    } finally {
      this.changes++; // a save that began while the batch was being added is not current either
      if (--this.adding === 0) for (const wake of this.addsDone.splice(0)) wake();
    }
  }

  /**
   * One article at a time between the slices' yields (a file of thousands of stories must not hold the event loop);
   * the same steps in the same order as in one go, so the answers do not depend on where the yields fell.
   */
  private async addBatch(articles: Article[], slices: TimeSlices): Promise<void> {
    const replaced: string[] = [];
    const ids = new Set<string>();
    await slices.each(articles, (a) => {
      if (this.store.has(a.id)) replaced.push(a.id);
      ids.add(a.id);
    });
    if (replaced.length) await this.removeArticlesInSlices(replaced, slices);
    const canonical: Article[] = [];
    await slices.each(articles, (a) => {
      if (a.groupId === a.id || (!this.store.has(a.groupId) && !ids.has(a.groupId))) canonical.push(a);
    });
    const chunks: Article[][] = [];
    for (let i = 0; i < canonical.length; i += ANALYSIS_CHUNK) chunks.push(canonical.slice(i, i + ANALYSIS_CHUNK));
    const pending: (Promise<ArticleAnalysis[]> | null)[] = [];
    await slices.each(chunks, (chunk) => {
      const analysed = Promise.resolve(this.analyze(chunk));
      // A failure is thrown where its chunk is awaited below; the others must not count as unhandled meanwhile.
      analysed.catch(() => undefined);
      pending.push(analysed);
    });
    // Each chunk's analyses go to the analysis store and their names to the resolver as they come: only what
    // resolution needs of them stays in memory, not the analyses.
    const counts = new Map<string, AnalysisCounts>();
    try {
      for (let k = 0; k < pending.length; k++) {
        const analyses = await pending[k]!;
        // A settled promise holds its value: let go of it, or every analysis of the batch stays in memory to the end.
        pending[k] = null;
        for (const a of chunks[k]) {
          this.search_.add([{ id: a.id, title: a.title, body: a.body }], false);
          if (this.search_.freezeDue) await this.search_.freezeInSlices(slices);
          await slices.tick();
        }
        for (const a of analyses) {
          this.analyses.put(a);
          counts.set(a.articleId, [a.statements.length, a.entities.length]);
          this.resolver.takeNames([a]);
          await slices.tick();
        }
      }
    } catch (err) {
      for (const a of canonical) {
        this.search_.remove(a.id);
        this.analyses.delete(a.id);
      }
      this.resolveAfresh();
      throw err;
    }
    while (!this.resolver.placeShortNames(SHORT_NAMES_PER_STEP)) await slices.tick();
    // An order takes an article in O(corpus): a large batch has them built again when next used, in one sort.
    const reorder = articles.length > ORDER_IN_PLACE_MAX;
    if (reorder) this.resetOrders();
    for (const a of articles) {
      const stored: StoredArticle = { article: a, counts: counts.get(a.id) ?? null, alsoIn: [] };
      this.store.set(a.id, stored);
      this.eventCount = null;
      if (stored.counts) this.afresh?.journal.push({ op: 'add', articleId: a.id });
      if (!reorder) {
        this.newestFirst.added(stored);
        this.dateOrder.added(a);
      }
      await slices.tick();
    }
    for (const a of articles) if (!counts.has(a.id)) this.store.get(a.groupId)?.alsoIn.push(a.id);
  }

  /**
   * Restores understood articles without analysing them again (snapshots). With the index state saved beside them
   * (exportIndexState), the search index, the entity resolution and the entity table are loaded rather than built,
   * and no analysis is parsed until an answer needs it. Placeholders are articles the saved indexes cover that have
   * gone or changed since the save: restored as the save has them, for the caller to remove at once.
   */
  restore(entries: SnapshotEntry[], indexState?: unknown[], placeholders?: ReadonlySet<string>): void {
    this.changes++;
    for (const { article, counts, analysis } of entries) {
      this.store.set(article.id, { article, counts: analysis && counts, alsoIn: [] });
      this.eventCount = null;
      if (analysis) this.analyses.adopt(article.id, analysis);
      else this.analyses.delete(article.id);
    }
    for (const { article } of entries)
      if (!understood(this.store.get(article.id)!)) this.store.get(article.groupId)?.alsoIn.push(article.id);
    const searchDocs = () =>
      entries
        .filter((e) => understood(this.store.get(e.article.id)!))
        .map((e) => ({ id: e.article.id, title: e.article.title, body: e.article.body }));
    const saved = savedSearch(indexState);
    // The saved search index loads when first needed or warmed up (warmUp): /who needs none.
    if (saved && this.store.size === entries.length)
      this.search_ = SearchIndex.fromSaved(saved.state, searchDocs, saved.pool);
    else this.search_.add(searchDocs());
    if (!this.loadResolver(indexState, placeholders)) this.resolveAfresh();
    else this.loadEntityTable(indexState);
    this.resetOrders();
  }

  /** Loads the saved entity resolution of a fresh engine; false (and nothing changed) when there is none it can use. */
  private loadResolver(indexState: unknown[] | undefined, placeholders?: ReadonlySet<string>): boolean {
    const saved = savedResolution(indexState);
    if (!saved || this.resolver.nodeCount > 0) return false;
    // A placeholder (an article gone since the save, removed right after) has no analysis to count its names by.
    const entityCount = (id: string) =>
      placeholders?.has(id) ? Number.MAX_SAFE_INTEGER : this.store.get(id)?.counts?.[1];
    // The placement indexes are read from the snapshot only when a new article's names are to be placed.
    const resolver = EntityResolver.fromState(entityCount, saved());
    if (resolver) {
      this.resolver = resolver;
      this.resolutions++;
    }
    return Boolean(resolver);
  }

  /**
   * Loads the saved entity table over a just-loaded resolution, so that the first answer need not build a record for
   * every entity; left to be built (every entity counts as changed) when it does not fit the resolution.
   */
  private loadEntityTable(indexState: unknown[] | undefined): void {
    const records = savedEntityRecords(indexState);
    if (!Array.isArray(records) || records.length !== this.resolver.groups().size) return;
    const table = emptyTable();
    for (const [root, slug, type, name, aliases, mentions, keys] of records) {
      const members = this.resolver.groups().copyOf(root);
      if (!members || table.byRoot.has(root) || aliases.length !== keys.length) return;
      const record: EntityRecord = {
        root,
        slug,
        type,
        name,
        aliases,
        members,
        mentions,
        articleIds: null,
      };
      table.byRoot.set(root, record);
      table.bySlug.set(slug, record);
      table.names.add({ id: root, mentions, names: aliases, keys });
    }
    this.table = table;
    this.resolver.takeChanges();
  }

  /** Loads in the background what a restore left to load when first needed (the search index). */
  async warmUp(): Promise<void> {
    await this.search_.warmUp();
    await this.resolver.fillIndexesInBackground();
  }

  /** Does a slice at a time what exportIndexState would do in one go: the search index's freeze (60-250 ms at 260k). */
  async readyToExport(slices = new TimeSlices()): Promise<void> {
    await this.search_.freezeInSlices(slices);
  }

  /**
   * What a snapshot keeps besides the articles: the search index, the resolved entities and their table, slow to
   * build and quick to load. Each part is worked out when it is written (a getter), so that they are not all in
   * memory at once; the search postings go as bytes.
   */
  exportIndexState(entityPartRecords = ENTITY_PART_RECORDS): unknown[] {
    // Each part is one JSON line; past this size the parts would outgrow what one string can hold: a restart rebuilds.
    // A resolution with removed articles' names still in it is not saved either (see settled()).
    if (this.store.size > INDEX_STATE_MAX_ARTICLES || this.resolver.removedNodes > 0) return [];
    return engineStateParts(
      { search: this.search_, resolver: this.resolver, table: this.entities() },
      entityPartRecords,
    );
  }

  /**
   * Takes articles out in O(their size + the entities they named): from the search index, the date orders and the
   * entities (each loses the article; one with no mention left goes), so that no answer cites them from now on. The
   * entity resolution is then built afresh in the background (see resolve-afresh.ts and settled()).
   */
  removeArticles(ids: string[]): void {
    const reorder = ids.length > ORDER_IN_PLACE_MAX;
    if (reorder) this.resetOrders();
    for (const id of ids) this.removeOne(id, reorder);
    if (this.resolver.removedNodes > 0) this.resolveInBackground();
  }

  /** removeArticles, an article at a time between the slices' yields (the file of thousands of stories gone). */
  async removeArticlesInSlices(ids: string[], slices = new TimeSlices()): Promise<void> {
    const reorder = ids.length > ORDER_IN_PLACE_MAX;
    if (reorder) this.resetOrders();
    for (const id of ids) {
      this.removeOne(id, reorder, false);
      if (this.search_.freezeDue) await this.search_.freezeInSlices(slices);
      await slices.tick();
    }
    if (this.resolver.removedNodes > 0) this.resolveInBackground();
  }

  /** freezeSearch false: the caller freezes the search index when due, a slice at a time. */
  private removeOne(id: string, reorder: boolean, freezeSearch = true): void {
    // Per article: a save that begins between two slices of a removal is not current either.
    this.changes++;
    const stored = this.store.get(id);
    if (!stored) return;
    // A near-duplicate leaves the list of outlets its story's article cites.
    const canonical = this.store.get(stored.article.groupId);
    if (canonical && canonical !== stored) canonical.alsoIn = canonical.alsoIn.filter((other) => other !== id);
    this.store.delete(id);
    this.eventCount = null;
    this.analyses.delete(id);
    this.search_.remove(id, freezeSearch);
    this.resolver.removeArticle(id);
    if (!reorder) {
      this.newestFirst.removed(id);
      this.dateOrder.removed(id);
    }
    this.afresh?.journal.push({ op: 'remove', articleId: id });
  }

  private resetOrders(): void {
    this.newestFirst.reset();
    this.dateOrder.reset();
  }

  /** Settles when no resolution is being built in the background (the one built is then in use). */
  async settled(): Promise<void> {
    while (this.afresh) await this.afresh.done;
  }

  private resolveInBackground(): void {
    if (this.afresh) {
      this.afresh.wanted = true;
      return;
    }
    const afresh: NonNullable<CorpusEngine['afresh']> = { done: Promise.resolve(), wanted: true, journal: [] };
    this.afresh = afresh;
    afresh.done = (async () => {
      try {
        while (afresh.wanted) {
          afresh.wanted = false;
          afresh.journal = [];
          const resolutions = this.resolutions;
          const source = { analysis: (id: string) => this.analyses.parse(id) };
          const built = await resolveInSlices([...this.store.keys()], source, undefined, this.resolver.nodeCount);
          while (this.adding > 0) await new Promise<void>((wake) => this.addsDone.push(wake));
          // A resolution made in one go meanwhile (new analyses) already covers every article held.
          if (resolutions !== this.resolutions) return;
          if (!replayJournal(built.resolver, afresh.journal, source)) afresh.wanted = true;
          this.resolver = built.resolver;
          this.table = built.table;
        }
      } catch (err) {
        // The resolution in use still answers (without the removed articles); the next removal tries again.
        log.warn({ err: (err as Error)?.message }, 'entity resolution could not be built afresh in the background');
      } finally {
        this.afresh = null;
      }
    })();
  }

  /** An article as it was added (with its content hash and group), or undefined. */
  storedArticle(id: string): Article | undefined {
    return this.store.get(id)?.article;
  }

  /**
   * Takes new analyses (a newer analyzer's) of articles it holds, all at once, then resolves the entities again:
   * answers never mix the entities of two analyzers. A null count is an article that could not be understood.
   */
  replaceAnalyses(analyses: { articleId: string; counts: AnalysisCounts | null; bytes: Buffer }[]): void {
    this.changes++;
    for (const { articleId, counts, bytes } of analyses) {
      const stored = this.store.get(articleId);
      if (!stored || (!stored.counts && stored.article.groupId !== articleId)) continue;
      if (counts) this.analyses.adopt(articleId, bytes);
      else this.analyses.delete(articleId);
      stored.counts = counts;
      this.eventCount = null;
    }
    this.resolveAfresh();
    this.resetOrders();
  }

  /** Every article with its analysis as JSON bytes (what a snapshot writes: nothing is parsed). */
  entries(): SnapshotEntry[] {
    return [...this.store.values()].map(({ article, counts }) => ({
      article,
      counts,
      analysis: (counts && this.analyses.placeOf(article.id)) ?? null,
    }));
  }

  /**
   * Resolves the entities of every stored article again, reading their analyses afresh (the cache is left alone), in
   * one go: O(corpus) on this thread, for a start and for new analyses of every article (removals use
   * resolveInBackground).
   */
  resolveAfresh(): void {
    this.resolutions++;
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
    return this.topicArticles(topic)
      .map((id) => toMeta(this.store.get(id)!))
      .sort(byDateDesc);
  }

  /**
   * The articles of these ids (repeats allowed) in date order, as one shared {id, title, date} each (no new objects
   * per answer). Their ranks are sorted as integers, or, for very many, marked in a bitmap read in order.
   */
  inDateOrder(ids: string[]): ArticleRef[] {
    const { rankOf, refAt } = this.dateOrder.get();
    const ranks = ids.map((id) => rankOf.get(id)).filter((rank): rank is number => rank !== undefined);
    if (ranks.length <= LARGE_ENTITY) return Array.from(Int32Array.from(new Set(ranks)).sort(), (rank) => refAt[rank]);
    const marked = new Uint8Array(refAt.length);
    for (const rank of ranks) marked[rank] = 1;
    const out: ArticleRef[] = [];
    for (let rank = 0; rank < marked.length; rank++) if (marked[rank]) out.push(refAt[rank]);
    return out;
  }

  newest(): string[] {
    return this.newestFirst.list();
  }

  /** The newest understood article's id, without sorting the corpus when the newest-first order is not built yet. */
  newestId(): string | undefined {
    return this.newestFirst.head();
  }

  findEntity(query: string): EntityMatch {
    const t = this.entities();
    const hits = t.names.lookup(query, 6);
    if (hits.length === 0) {
      return {
        entity: null,
        confidence: 'none',
        suggestions: t.names.complete(query, 5).map((h) => t.byRoot.get(h.id)!.name),
      };
    }
    const [best, ...others] = hits;
    const record = t.byRoot.get(best.id)!;
    // Close runners-up (another person of the same surname) are offered as "did you mean".
    const suggestions = others.filter((h) => h.score >= best.score * 0.6).map((h) => t.byRoot.get(h.id)!.name);
    return { entity: profileOf(this, record), confidence: best.exact ? 'exact' : 'fuzzy', suggestions };
  }

  entityArticles(query: string): { name: string; articles: ArticleRef[] } | null {
    const t = this.entities();
    const [best] = t.names.lookup(query, 1);
    const record = best ? t.byRoot.get(best.id) : undefined;
    return record ? { name: record.name, articles: listedArticles(this, record) } : null;
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
    return timelineOf(this, topic, range);
  }

  search(query: string, limit: number): SearchHit[] {
    return this.search_.query(query, limit).map((r) => {
      const { article } = this.store.get(r.id)!;
      return {
        articleId: r.id,
        title: article.title,
        date: article.date,
        score: r.score,
        ...snippet(article.body, r.terms),
      };
    });
  }

  // ---- entities ----

  /** The entity table, brought up to date with the resolution (see entity-table.ts). */
  entities() {
    return entityTable(this);
  }

  rootOf(articleId: string, local: number): number | undefined {
    const i = this.resolver.nodeOf(articleId, local);
    return i === undefined ? undefined : this.resolver.find(i);
  }

  brief(query: BriefQuery): BriefData {
    return briefOf(this, query);
  }

  // ---- topics ----

  /** The entity a topic names, when it names one with confidence. */
  topicEntity(topic: string): EntityRecord | null {
    const t = this.entities();
    const [best] = t.names.lookup(topic, 1);
    return best ? (t.byRoot.get(best.id) ?? null) : null;
  }

  /** A topic's articles as timeline summarization reads them (src/index/timeline). */
  topicSources(topic: string): SourceArticle[] {
    return this.topicArticles(topic, TIMELINE_SEARCH_HITS).map((id) => {
      const { article } = this.store.get(id)!;
      return {
        id,
        title: article.title,
        date: article.date,
        body: article.body,
        statements: this.analyses.statementsOf(id) ?? [],
      };
    });
  }

  topicArticles(topic: string, searchHits = 500): string[] {
    const entity = this.topicEntity(topic);
    const ids = new Set(entity ? articleIdsOf(this, entity) : []);
    for (const hit of this.search_.query(topic, searchHits)) ids.add(hit.id);
    return [...ids].filter((id) => this.store.has(id) && understood(this.store.get(id)!));
  }

  /** Dated statements about a topic: those naming it, and the dated ones of articles mainly about it (topic-statements.ts). */
  topicStatements(topic: string): TopicStatement[] {
    return topicStatementsOf(this, topic);
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
      log.warn(
        { article: article.id, err: (err as Error).message },
        'article could not be understood; listed but not analysed',
      );
    }
  }
  return out;
}

/** Articles per analysis chunk: large enough to keep every core busy, small enough to index while the rest is analysed. */
const ANALYSIS_CHUNK = 1024;
/** Articles added or removed at once past which the date orders are built again rather than changed in place. */
const ORDER_IN_PLACE_MAX = 512;

/** Articles past which a list is put in date order through a bitmap of all articles, not a sort. */
const LARGE_ENTITY = 1000;

/** How many search hits a summarised timeline reads besides the articles naming its entity. */
const TIMELINE_SEARCH_HITS = 2000;
