import type { Briefing } from '../../src/briefing/types.ts';
import type { Article } from '../../src/corpus/types.ts';
import type { ArticleMeta, BriefData, Engine, EntityMatch, EntityProfile } from '../../src/index/types.ts';
import type { BuildDigest } from '../../src/scheduler/compose.ts';
import type { DeliveryTarget, TargetPlatform } from '../../src/scheduler/types.ts';

/**
 * Test doubles for the scheduler: a small engine over plain articles (an entity is any capitalised name the
 * articles contain), a target that records what it is asked to post, a digest that lists its articles, a clock.
 * They let the scheduler be exercised, and tried, without the NLP engine or a chat platform.
 */

export interface PlainArticle {
  id: string;
  title: string;
  body: string;
  date?: string | null;
  source?: string | null;
  path?: string;
}

export function toArticle(a: PlainArticle): Article {
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    date: a.date ?? null,
    source: a.source ?? null,
    url: null,
    words: a.body.split(/\s+/).filter(Boolean).length,
    path: a.path ?? `${a.id}.txt`,
    contentHash: String(hash(`${a.title}\n${a.body}`)),
    groupId: a.id,
  };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h >>> 0;
}

const meta = (a: Article): ArticleMeta => ({
  id: a.id,
  title: a.title,
  date: a.date,
  source: a.source,
  url: a.url,
  words: a.words,
  path: a.path,
  alsoIn: [],
});

export class MemoryEngine implements Engine {
  private readonly byId = new Map<string, Article>();

  constructor(articles: PlainArticle[] = []) {
    for (const a of articles) this.byId.set(a.id, toArticle(a));
  }

  get stats() {
    return { articles: this.byId.size, entities: 0, events: 0 };
  }
  get articleCount() {
    return this.byId.size;
  }
  article(id: string) {
    const a = this.byId.get(id);
    return a && meta(a);
  }
  articles(topic?: string) {
    const all = [...this.byId.values()].sort((a, b) => String(b.date).localeCompare(String(a.date)));
    const t = topic?.toLowerCase();
    return all.filter((a) => !t || `${a.title}\n${a.body}`.toLowerCase().includes(t)).map(meta);
  }
  entityArticles(query: string): { name: string; articles: { id: string; date: string | null }[] } | null {
    const { entity } = this.findEntity(query);
    return entity && { name: entity.name, articles: entity.articles };
  }

  findEntity(query: string): EntityMatch {
    const q = query.trim().toLowerCase();
    const honorific = /^(?:Mayor|President|Minister|General|Mr|Mrs|Ms|Dr|The) /;
    const found = [...this.byId.values()].flatMap(
      (a) => `${a.title} ${a.body}`.match(/\b[A-Z][a-z]+(?: [A-Z][a-z]+)*/g) ?? [],
    );
    const names = new Set(found.map((n) => n.replace(honorific, '')));
    const name =
      [...names].find((n) => n.toLowerCase() === q) ?? [...names].find((n) => n.toLowerCase().split(' ').includes(q));
    if (!name) return { entity: null, confidence: 'none', suggestions: [...names].slice(0, 3) };
    const articles = this.articles(name).map((a) => ({ id: a.id, title: a.title, date: a.date }));
    const entity: EntityProfile = {
      id: `e:${name}`,
      name,
      type: 'person',
      aliases: [],
      descriptions: [],
      descriptionSources: [],
      mentions: articles.length,
      articles,
      firstSeen: null,
      lastSeen: null,
      related: [],
      quotes: [],
    };
    return { entity, confidence: 'exact', suggestions: [] };
  }
  suggestEntities() {
    return [];
  }
  timeline() {
    return [];
  }
  search() {
    return [];
  }
  brief(): BriefData {
    return { articles: [], developments: [], people: [], figures: [], upcoming: [] };
  }
  async addArticles(articles: Article[]) {
    for (const a of articles) this.byId.set(a.id, a);
  }
  removeArticles(ids: string[]) {
    for (const id of ids) this.byId.delete(id);
  }
}

/** A digest listing its articles by title, each citing itself. */
export const listingDigest: BuildDigest = (engine, query) => {
  const ids = query.articleIds ?? engine.articles(query.topic).map((a) => a.id);
  const briefing: Briefing = {
    title: query.title ?? 'Digest',
    sections: [{ heading: 'New', items: ids.map((id) => ({ text: engine.article(id)?.title ?? id, cites: [id] })) }],
    citations: Object.fromEntries(
      ids.map((id) => [
        id,
        { articleId: id, title: engine.article(id)?.title ?? id, date: null, source: null, url: null },
      ]),
    ),
  };
  return briefing;
};

export interface RecordedPost {
  channelId: string;
  briefing: Briefing;
}

export interface RecordingTarget extends DeliveryTarget {
  posts: RecordedPost[];
  messages: { userId: string; text: string }[];
  /** Errors to throw on the next posts, in order (a rate limit, a network failure…). */
  failures: unknown[];
  attempts: number;
}

export function recordingTarget(
  platform: TargetPlatform = 'console',
  hooks: { beforeAccept?: () => Promise<void> | void; afterAccept?: () => Promise<void> | void } = {},
): RecordingTarget {
  const target: RecordingTarget = {
    platform,
    posts: [],
    messages: [],
    failures: [],
    attempts: 0,
    async postBriefing(channelId, briefing) {
      target.attempts++;
      await hooks.beforeAccept?.();
      const failure = target.failures.shift();
      if (failure) throw failure;
      target.posts.push({ channelId, briefing });
      await hooks.afterAccept?.();
    },
    async sendDirectMessage(userId, text) {
      target.messages.push({ userId, text });
    },
  };
  return target;
}

/** A clock tests move by hand. */
export function manualClock(startIso: string) {
  let t = Date.parse(startIso);
  return {
    now: () => new Date(t),
    set: (iso: string) => void (t = Date.parse(iso)),
    advance: (ms: number) => void (t += ms),
  };
}
