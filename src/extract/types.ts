/** What the bot reads from one web page (the shape of `extract --html --json` in ../shared/CONTRACT.md). */
export interface PageArticle {
  title: string;
  /** The story text, paragraphs separated by "\n\n"; empty when the page holds no article. */
  text: string;
  /** As the page (or feed) states it, normalised to an ISO date-time or date where it can be read; null if none. */
  date: string | null;
  author: string | null;
  /** The outlet (og:site_name, JSON-LD publisher, else the host of the URL). */
  source: string | null;
  /** The canonical URL (link rel=canonical, og:url), else the URL the page was fetched from. */
  url: string | null;
}

export interface ExtractOptions {
  /** Where the page came from: resolves relative links and gives the outlet when the page names none. */
  url?: string | null;
  /** The feed item's date, which wins over the page's own (the feed says when it was published). */
  feedDate?: string | null;
}
