import type { DomElement } from './dom.ts';

/**
 * Page furniture removed before and after Readability scores the page: general rules (named, as data) for what is
 * never story text on a news page, whatever the site: figures and captions, share bars, related links, promos,
 * newsletter and cookie prompts, bylines and timestamps, and blocks that are mostly links.
 */

/** Elements that never hold story text. */
export const FURNITURE_SELECTORS = [
  'figure',
  'figcaption',
  'nav',
  'aside',
  'footer',
  'button',
  'select',
  'dialog',
  'noscript',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="dialog"]',
  '[role="alert"]',
  '[hidden]',
  '[aria-hidden="true"]',
].join(', ');

/** class or id words that name a widget rather than the story. */
export const FURNITURE_NAME =
  /(?:^|[\s_-])(?:caption|credits?|share|sharing|social|related|comments?|disqus|recommended|promo|newsletter|signup|subscribe|subscription|advert|advertisement|ad-?slot|sponsored|cookie|consent|gdpr|byline|author-?info|timestamp|dateline|published|breadcrumbs?|more-?stories|read-?more|outbrain|taboola|trending|popular|inline-?ad)(?:$|[\s_-])/i;

/** Containers whose class names the story itself ("story-body share-enabled"): kept whatever else they say. */
export const STORY_NAME =
  /(?:^|[\s_-])(?:article-?body|story-?body|post-?body|entry-?content|article-?content|post-?content|story-?content)(?:$|[\s_-])/i;

/** An element holding more than this share of the page's text, and this many characters, is never removed as furniture (it holds the story: an ASP.NET <form> wraps whole pages). */
export const PROTECTED_CONTAINER = { minShare: 0.3, minChars: 1_000 } as const;

/** A block this short whose text is mostly link text is a list of links, not a paragraph. */
export const LINK_BLOCK = { maxChars: 300, minLinkShare: 0.5 } as const;

/** A leading or trailing block of fewer words without a sentence end is a label ("Entertainment", "Advert"). */
export const EDGE_LABEL = { maxWords: 8, sentenceEnd: /[.!?:"”’)]$/ } as const;

/** A trailing block this short is a note or sign-off, not the story's last paragraph, even when it ends a sentence. */
export const TRAILING_NOTE_MAX_WORDS = 3;

/** Lines that are image credits or calls to action whatever the site. */
export const FURNITURE_LINES = [
  /^(?:photo|image|picture|credit|source|video)s?\s*:/i,
  /\((?:image|photo|picture)s?:[^)]{0,80}\)$/i,
  /credit:\s*[^.]{0,80}$/i,
  /^(?:advert(?:isement)?|continue reading below|read more|see more|don't miss|skip to content|this slideshow requires javascript\.?)$/i,
];

export function isFurnitureElement(el: DomElement): boolean {
  const tag = el.tagName;
  if (tag === 'ARTICLE' || tag === 'MAIN' || tag === 'BODY' || tag === 'HTML') return false;
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (!names.trim() || names.length > 500) return false;
  if (STORY_NAME.test(names)) return false;
  return FURNITURE_NAME.test(names);
}

export function isFurnitureLine(line: string): boolean {
  return FURNITURE_LINES.some((rule) => rule.test(line));
}
