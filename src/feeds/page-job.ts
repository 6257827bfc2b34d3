/**
 * One fetched page decoded and extracted, in a worker thread (src/feeds/page-reader.ts): the extraction of a page
 * costs up to hundreds of milliseconds, and a feed's first poll reads dozens of pages.
 */
import { extractPage } from '../extract/extract.ts';
import type { PageArticle } from '../extract/types.ts';
import { decodePage } from './decode-page.ts';

export interface PageJob {
  /** The URL the page was fetched from (the runner's id). */
  id: string;
  body: Uint8Array;
  contentType: string | null;
  feedDate: string | null;
}

export function readFetchedPage(job: PageJob): PageArticle {
  return extractPage(decodePage(job.body, job.contentType), { url: job.id, feedDate: job.feedDate });
}
