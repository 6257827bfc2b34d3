/** An article as the loader hands it to the rest of the pipeline: clean text and what is known about it. */
export interface Article {
  /** Stable across runs: the record's own id if it has one, else derived from its path relative to the corpus root (plus the record number inside a .json/.jsonl file). */
  id: string;
  /** The headline, or a short lead when the article has none. */
  title: string;
  /** The story text, with site furniture, markup and date markers removed. Paragraphs separated by "\n\n". */
  body: string;
  /** YYYY-MM-DD where it can be known from the file (marker, front matter, field); null otherwise, never guessed. */
  date: string | null;
  /** The outlet, where one is named (front matter, field, or a clear byline such as "AFP -" or "(Reuters)"). */
  source: string | null;
  url: string | null;
  /** Word count of the body. */
  words: number;
  /** Path of the file relative to the corpus root (with "#N" for the N-th record of a .json/.jsonl file). */
  path: string;
  /** sha1 (hex) of title + body: changes exactly when the content changes. */
  contentHash: string;
  /** Id of the first article of its near-duplicate group (the same story from another outlet); equal to id for the group's canonical article. */
  groupId: string;
}

export interface LoadWarning {
  file: string;
  reason: string;
}

export interface LoadProgress {
  filesDone: number;
  filesTotal: number;
  articles: number;
}

export interface LoadOptions {
  /** Files larger than this are truncated to it (with one warning); in a .jsonl feed, which is streamed, longer lines are skipped. Default 5 MiB. */
  maxFileBytes?: number;
  onProgress?: (p: LoadProgress) => void;
  onWarning?: (w: LoadWarning) => void;
}

export interface LoadResult {
  /** Every article, in a stable order (sorted by path, then record number). */
  articles: Article[];
  warnings: LoadWarning[];
}
