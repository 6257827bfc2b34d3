/**
 * The engine's analyzer when a store is behind it: an article whose analysis is at hand (read from the store, or
 * made in a worker with the file it came from) is not analysed again; the others go to the analyzer given.
 */
import type { Article } from '../corpus/types.ts';
import type { ArticleAnalysis } from '../understanding/analysis-types.ts';
import type { AnalysisCounts, StoredAnalysis } from '../store/articles/types.ts';
import { analysisBytes } from './analysis-bytes.ts';
import type { Analyzer } from './engine.ts';
import { TimeSlices } from '../util/time-slices.ts';

/** An analysis offered: stored bytes (or how to read them), one made in this process, or one still being made (null: it failed). */
export type OfferedAnalysis = Buffer | (() => Buffer) | ArticleAnalysis | Promise<ArticleAnalysis | null>;

export class AnalysesAtHand {
  private readonly waiting = new Map<string, { contentHash: string; analysis: OfferedAnalysis }>();
  /** The previous call's turn: offered bytes are parsed one call after another, not all at once. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly compute: Analyzer) {}

  /**
   * Offers analyses for the next addArticles; each is taken once, and only for the content it was made from. A
   * promise is an analysis still being made (the engine waits for it, so it can index what comes before meanwhile).
   */
  offer(articleId: string, contentHash: string, analysis: OfferedAnalysis): void {
    this.waiting.set(articleId, { contentHash, analysis });
  }

  /** Forgets what was offered and not taken (an article that turned out to be a near-duplicate). */
  clear(): void {
    this.waiting.clear();
  }

  /**
   * The engine asks for every chunk of a large batch at once: the articles with nothing at hand go to the analyzer
   * at once (every core busy), while offered bytes are parsed a chunk at a time, each after the engine took the one
   * before (a turn of the event loop apart), so that a corpus's analyses are never all parsed in memory together.
   */
  readonly analyze: Analyzer = async (articles: Article[]) => {
    const offered: (OfferedAnalysis | undefined)[] = [];
    const missing: Article[] = [];
    for (const a of articles) {
      const at = this.waiting.get(a.id);
      this.waiting.delete(a.id);
      const analysis = at && at.contentHash === a.contentHash ? at.analysis : undefined;
      offered.push(analysis);
      if (analysis === undefined) missing.push(a);
    }
    const computing = missing.length ? Promise.resolve(this.compute(missing)) : Promise.resolve([]);
    computing.catch(() => undefined); // awaited below
    const previous = this.turn;
    const mine = (async () => {
      await previous;
      await new Promise((resolve) => setImmediate(resolve));
      const out: (ArticleAnalysis | null | undefined)[] = [];
      const slices = new TimeSlices();
      // A stored failure (JSON null) stays a failure: the article is listed but not understood, as on the run that failed.
      for (const analysis of offered) {
        if (analysis === undefined || Buffer.isBuffer(analysis)) out.push(analysis && parseAnalysis(analysis));
        else out.push(typeof analysis === 'function' ? parseAnalysis(analysis()) : await analysis);
        await slices.tick();
      }
      return out;
    })();
    // The next call waits for this one's turn, not for its analyses (a settled promise would hold them).
    this.turn = mine.then(
      () => undefined,
      () => undefined,
    );
    const [at, computed] = await Promise.all([
      mine,
      computing.then((made) => new Map(made.map((x) => [x.articleId, x]))),
    ]);
    return articles
      .map((a, i) => (at[i] === undefined ? computed.get(a.id) : at[i]) ?? null)
      .filter((x): x is ArticleAnalysis => x !== null);
  };
}

function parseAnalysis(bytes: Buffer): ArticleAnalysis | null {
  return JSON.parse(bytes.toString('utf8')) as ArticleAnalysis | null;
}

/** JSON bytes of a failed analysis: stored so that the article is not tried again by the same analyzer version. */
export const FAILED_ANALYSIS = Buffer.from('null');

/** An analysis as the store keeps it. */
export function toStored(
  article: Pick<Article, 'id' | 'contentHash'>,
  analysis: ArticleAnalysis | null,
  version: string,
): StoredAnalysis {
  const counts: AnalysisCounts = analysis ? [analysis.statements.length, analysis.entities.length] : [0, 0];
  return {
    articleId: article.id,
    contentHash: article.contentHash,
    version,
    counts,
    bytes: analysis ? analysisBytes(analysis) : FAILED_ANALYSIS,
  };
}

/**
 * An analysis made in a worker thread (its JSON bytes, empty where it failed, and counts; see file-job.ts) as the store
 * keeps it. It was made for the article's id as read (madeFor): where that id has changed since, it says the new one.
 */
export function storedFromWorker(
  article: Pick<Article, 'id' | 'contentHash'>,
  madeFor: string,
  bytes: Buffer,
  counts: AnalysisCounts,
  version: string,
): StoredAnalysis {
  if (!bytes.length) return toStored(article, null, version);
  if (article.id !== madeFor)
    return toStored(article, { ...(parseAnalysis(bytes) as ArticleAnalysis), articleId: article.id }, version);
  return { articleId: article.id, contentHash: article.contentHash, version, counts, bytes };
}

/** Whether stored bytes are a failure marker rather than an analysis. */
export function isFailure(bytes: Buffer): boolean {
  return bytes.length === 4 && bytes.equals(FAILED_ANALYSIS);
}
