/** A feed item (and the article read from its page, if any) -> an Article as the rest of the pipeline takes it. */
import { createHash } from 'node:crypto';
import { cleanArticle } from '../corpus/clean.ts';
import { parseDateText } from '../corpus/dates.ts';
import { wordCount } from '../corpus/load.ts';
import type { Article } from '../corpus/types.ts';
import { htmlFragmentText, looksLikeHtml } from '../corpus/html.ts';
import type { PageArticle } from '../extract/types.ts';
import type { FeedItem } from './types.ts';
import { contentHash } from '../corpus/ids.ts';

export interface ItemArticleInput {
  feedId: number;
  item: FeedItem;
  /** The article read from the item's page; null when the page could not be fetched or held no article. */
  page: PageArticle | null;
  /** The feed's name, the outlet when the page names none. */
  feedName: string | null;
}

/** Null when neither the page nor the feed gives any text. */
export function itemArticle({ feedId, item, page, feedName }: ItemArticleInput): Article | null {
  const feedText = looksLikeHtml(item.content) ? htmlFragmentText(item.content) : item.content;
  const text = page?.text || feedText;
  const cleaned = cleanArticle({ text, title: item.title || page?.title || null, source: page?.source ?? feedName });
  if (!cleaned.body) return null;
  const url = canonicalUrl(page?.url ?? item.url);
  const identity = url ?? `${feedId}:${item.guid}`;
  const id = `feed-${createHash('sha1').update(identity).digest('hex').slice(0, 16)}`;
  const date = (item.date ? parseDateText(item.date) : null) ?? page?.date ?? null;
  return {
    id,
    title: cleaned.title,
    body: cleaned.body,
    date,
    source: cleaned.source,
    url,
    words: wordCount(cleaned.body),
    path: `feeds/${feedId}/${id}`,
    contentHash: contentHash(cleaned.title, cleaned.body),
    groupId: id,
  };
}

/** Tracking parameters, a fragment and a trailing "?" do not make another article. */
const TRACKING_PARAMS = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|src|smid|share)$/i;

export function canonicalUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    u.hash = '';
    for (const key of [...u.searchParams.keys()]) if (TRACKING_PARAMS.test(key)) u.searchParams.delete(key);
    u.hostname = u.hostname.toLowerCase();
    return u.href.replace(/\?$/, '');
  } catch {
    return null;
  }
}
