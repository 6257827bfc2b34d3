/**
 * The platform-neutral answer every command returns. Renderers (plain text, Slack Block Kit,
 * Discord embeds) turn this one structure into messages; nothing here knows a platform.
 */
export interface Citation {
  articleId: string;
  title: string;
  date: string | null;
  source: string | null;
  url: string | null;
}

export interface BriefingItem {
  /** Plain text (never markup); renderers escape it for their platform. */
  text: string;
  /** A short lead a reader scans for, shown bold: a date ("25 May 2019"), a name, a figure. */
  label?: string;
  /** Ids of the articles the item is drawn from; each must be a key of Briefing.citations. */
  cites: string[];
  /** Words of text a reader should see highlighted (the matched terms of a search); renderers bold them where they can. */
  emphasis?: string[];
}

export interface BriefingSection {
  heading: string;
  items: BriefingItem[];
  /** How many further items exist but were left out to fit ("+3 more events"). */
  omitted?: number;
  /** What the omitted items are called in "+N more …" (default "items"). */
  omittedNoun?: string;
}

export interface Briefing {
  title: string;
  /** One or two lines under the title (e.g. the entity's type and aliases). */
  summary?: string;
  sections: BriefingSection[];
  /** Every article cited anywhere in the briefing, by id. */
  citations: Record<string, Citation>;
  /** A one-line note shown last (e.g. "Did you mean: …", or "nothing new since …"). */
  note?: string;
  /** Marks an answer that is an error or refusal, so platforms can style it (and not offer "share"). */
  isError?: boolean;
  /** A picture shown with the answer (a chart): Slack uploads it, Discord attaches it to the embed, the CLI writes it. */
  image?: BriefingImage;
}

export interface BriefingImage {
  /** Draws the picture as PNG bytes: called only where it is shown (a first page, --out), not for --json or page turns. */
  render(): Promise<Buffer>;
  /** What the picture shows, for screen readers and where images are off. */
  alt: string;
  /** A plain file name ending in .png (letters, digits, - and _): Discord refers to it as attachment://filename. */
  filename: string;
}
