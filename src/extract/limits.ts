/** Bounds that keep extraction linear on hostile pages: rules as data, with names. */
export const EXTRACT_LIMITS = {
  /** Characters of HTML read; the rest of a larger page is cut (a 20 MB body is not an article; the largest benchmark page is 1.4 M). */
  maxHtmlChars: 2_000_000,
  /** Elements in the page beyond which the DOM-scoring extractor is skipped for the streaming one (benchmark pages: at most 1,596). */
  maxElements: 6_000,
  /** Nesting depth beyond which the DOM-scoring extractor is skipped (its scoring walks ancestors and subtrees; benchmark pages: at most 51). */
  maxDepth: 120,
  /** JSON-LD scripts read, and characters of each. */
  maxJsonLdScripts: 20,
  maxJsonLdChars: 200_000,
} as const;
