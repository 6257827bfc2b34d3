/**
 * Reads fetched pages off the main thread: one worker thread (the corpus's worker pool code) decodes and extracts
 * each page, so a first poll of many items never holds the event loop. The thread starts with the first page and
 * stops after a minute without one.
 */
import type { PageArticle } from '../extract/types.ts';
import { createWorkerRunner } from '../understanding/parallel.ts';
import type { PageJob } from './page-job.ts';

export interface PageReader {
  /** The page as an article; throws when it cannot be read. */
  read(job: PageJob): Promise<PageArticle>;
  close(): Promise<void>;
}

const IDLE_STOP_MS = 60_000;

export function workerPageReader(): PageReader {
  const module = new URL(import.meta.url.endsWith('.ts') ? './page-job.ts' : './page-job.js', import.meta.url);
  const runner = createWorkerRunner<PageJob, PageArticle>({
    module,
    exportName: 'readFetchedPage',
    workers: 1,
    idleStopMs: IDLE_STOP_MS,
  });
  return {
    async read(job) {
      const { results, failures } = await runner.run([job]);
      if (!results.length) throw new Error(failures[0]?.message ?? 'page could not be read');
      return results[0];
    },
    close: () => runner.close(),
  };
}
