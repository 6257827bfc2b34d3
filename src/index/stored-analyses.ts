/**
 * The engine's analyzer when a store is behind it: an article whose analysis is at hand (read from the store, or
 * made in a worker with the file it came from) is not analysed again; the others go to the analyzer given.
 */
import type { Article } from '../corpus/types.ts';
import type { ArticleAnalysis } from '../understanding/analysis.ts';
import type { AnalysisCounts, StoredAnalysis } from '../store/articles/types.ts';
import { analysisBytes } from './analysis-store.ts';
import type { Analyzer } from './engine.ts';

export class AnalysesAtHand {
  private readonly waiting = new Map<string, { contentHash: string; analysis: Buffer | ArticleAnalysis }>();

  constructor(private readonly compute: Analyzer) {}

  /** Offers analyses for the next addArticles; each is taken once, and only for the content it was made from. */
  offer(articleId: string, contentHash: string, analysis: Buffer | ArticleAnalysis): void {
    this.waiting.set(articleId, { contentHash, analysis });
  }

  /** Forgets what was offered and not taken (an article that turned out to be a near-duplicate). */
  clear(): void {
    this.waiting.clear();
  }

  readonly analyze: Analyzer = async (articles: Article[]) => {
    const out: (ArticleAnalysis | null)[] = [];
    const missing: Article[] = [];
    for (const a of articles) {
      const at = this.waiting.get(a.id);
      this.waiting.delete(a.id);
      const analysis = at && at.contentHash === a.contentHash ? (Buffer.isBuffer(at.analysis) ? parseAnalysis(at.analysis) : at.analysis) : undefined;
      // A stored failure (JSON null) stays a failure: the article is listed but not understood, as on the run that failed.
      if (analysis !== undefined) out.push(analysis);
      else {
        out.push(null);
        missing.push(a);
      }
    }
    const computed = missing.length ? new Map((await this.compute(missing)).map((x) => [x.articleId, x])) : new Map<string, ArticleAnalysis>();
    return articles.map((a, i) => out[i] ?? computed.get(a.id) ?? null).filter((x): x is ArticleAnalysis => x !== null);
  };
}

function parseAnalysis(bytes: Buffer): ArticleAnalysis | null {
  return JSON.parse(bytes.toString('utf8')) as ArticleAnalysis | null;
}

/** JSON bytes of a failed analysis: stored so that the article is not tried again by the same analyzer version. */
export const FAILED_ANALYSIS = Buffer.from('null');

/** An analysis as the store keeps it. */
export function toStored(article: Pick<Article, 'id' | 'contentHash'>, analysis: ArticleAnalysis | null, version: string): StoredAnalysis {
  const counts: AnalysisCounts = analysis ? [analysis.statements.length, analysis.entities.length] : [0, 0];
  return { articleId: article.id, contentHash: article.contentHash, version, counts, bytes: analysis ? analysisBytes(analysis) : FAILED_ANALYSIS };
}

/** Whether stored bytes are a failure marker rather than an analysis. */
export function isFailure(bytes: Buffer): boolean {
  return bytes.length === 4 && bytes.equals(FAILED_ANALYSIS);
}
