/**
 * One corpus file read and understood in a worker thread (see createWorkerRunner): what the running service does
 * with a file that arrives or changes, so that no file, up to the size cap, holds the main thread.
 */
import { loadFile, makeIdsUnique } from '../corpus/load.ts';
import type { LoadWarning } from '../corpus/types.ts';
import { analyzeArticle } from '../understanding/analyze-article.ts';
import { linesOf, toJsonLines } from '../util/json-lines.ts';
import { threadCpuMs } from '../util/thread-cpu.ts';
import { analysisJson } from './analysis-bytes.ts';

export interface FileJob {
  /** The file's absolute path (the runner's id). */
  id: string;
  root: string;
}

/**
 * What a file gave, as bytes moved to the main thread: a file of thousands of stories as thousands of objects would be
 * rebuilt there in one go by structured clone (0.1 s for 6,000 stories, 1 s or more for 255,000 tiny records); the
 * main thread reads the lines one at a time instead (byteLines), yielding between slices.
 */
export interface FileJobResult {
  /** How many articles. */
  count: number;
  /** The articles as UTF-8 JSON lines, ids unique within the file. */
  articles: Uint8Array;
  /** Each article's analysis (analysisJson's text) as a line, in order; an empty line where it could not be understood. */
  analyses: Uint8Array;
  /** Statements and entities of each analysis, two numbers per article (0, 0 where it failed). */
  counts: Uint32Array;
  /** The buffers above: moved to the main thread, not copied (see createWorkerRunner). */
  transfer: ArrayBuffer[];
  warnings: LoadWarning[];
  failures: { articleId: string; message: string }[];
  /** CPU time this thread spent reading and understanding the file (null where the platform does not say). */
  cpuMs: number | null;
}

export async function readAndUnderstand(job: FileJob): Promise<FileJobResult> {
  const cpuAtStart = threadCpuMs();
  const { articles, warnings } = await loadFile(job.id, job.root);
  makeIdsUnique(articles);
  const failures: FileJobResult['failures'] = [];
  const counts = new Uint32Array(articles.length * 2);
  const analyses = articles.map((a, i) => {
    try {
      const analysis = analyzeArticle(a);
      counts[2 * i] = analysis.statements.length;
      counts[2 * i + 1] = analysis.entities.length;
      return analysisJson(analysis);
    } catch (err) {
      failures.push({ articleId: a.id, message: String((err as Error)?.message ?? err).slice(0, 300) });
      return '';
    }
  });
  const cpuAtEnd = threadCpuMs();
  const lines = { articles: toJsonLines(articles), analyses: linesOf(analyses) };
  return {
    count: articles.length,
    ...lines,
    counts,
    transfer: [lines.articles.buffer as ArrayBuffer, lines.analyses.buffer as ArrayBuffer, counts.buffer],
    warnings,
    failures,
    cpuMs: cpuAtStart === null || cpuAtEnd === null ? null : cpuAtEnd - cpuAtStart,
  };
}
