/**
 * Where feed articles go: into the corpus folder, as one JSON file each under `feeds/`, so that they take the same
 * road as a file someone drops there: the watcher reads it in a worker, the article store keeps it (and its
 * analysis) across restarts, digests count it as new and /follow alerts fire. The CLI sees it too.
 *
 * A file is written under a dot-name (which the loader and the watcher skip) and renamed into place, so that no
 * reader ever sees half of one; a crash between the two leaves only a dot-file behind.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Article } from '../corpus/types.ts';
import type { ArticleSink } from './poller.ts';

/** The folder under the corpus root that feed articles are written to. */
export const FEEDS_SUBDIR = 'feeds';

/** A file name from an article id: letters, digits, dot, dash and underscore only, at most 120 characters. */
export function feedFileName(id: string): string {
  const safe = id
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  return `${safe || 'item'}.json`;
}

export function corpusFileSink(corpusDir: string): ArticleSink {
  return async (articles: Article[]) => {
    for (const article of articles) {
      const month = article.date?.slice(0, 7) ?? 'undated';
      const dir = path.join(corpusDir, FEEDS_SUBDIR, month);
      await fs.mkdir(dir, { recursive: true });
      const name = feedFileName(article.id);
      const record = {
        id: article.id,
        title: article.title,
        text: article.body,
        date: article.date,
        source: article.source,
        url: article.url,
      };
      const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
      await fs.writeFile(temp, JSON.stringify(record) + '\n');
      await fs.rename(temp, path.join(dir, name));
    }
  };
}
