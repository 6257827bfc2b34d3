/**
 * One corpus file read and understood in a worker thread (see createWorkerRunner): what the running service does
 * with a file that arrives or changes, so that no file, up to the size cap, holds the main thread.
 */
import { loadFile } from '../corpus/load.ts';
import type { Article, LoadWarning } from '../corpus/types.ts';
import type { ArticleAnalysis } from '../understanding/analysis-types.ts';
import { analyzeArticle } from '../understanding/analyze-article.ts';
import { threadCpuMs } from '../util/thread-cpu.ts';

export interface FileJob {
  /** The file's absolute path (the runner's id). */
  id: string;
  root: string;
}

export interface FileJobResult {
  articles: Article[];
  warnings: LoadWarning[];
  /** The analysis of each article by index, or null where it could not be understood. */
  analyses: (ArticleAnalysis | null)[];
  failures: { articleId: string; message: string }[];
  /** CPU time this thread spent reading and understanding the file (null where the platform does not say). */
  cpuMs: number | null;
}

export async function readAndUnderstand(job: FileJob): Promise<FileJobResult> {
  const cpuAtStart = threadCpuMs();
  const { articles, warnings } = await loadFile(job.id, job.root);
  const failures: FileJobResult['failures'] = [];
  const analyses = articles.map((a) => {
    try {
      return analyzeArticle(a);
    } catch (err) {
      failures.push({ articleId: a.id, message: String((err as Error)?.message ?? err).slice(0, 300) });
      return null;
    }
  });
  const cpuAtEnd = threadCpuMs();
  return { articles, warnings, analyses, failures, cpuMs: cpuAtStart === null || cpuAtEnd === null ? null : cpuAtEnd - cpuAtStart };
}
