/**
 * Small random corpora of our own for the live-change tests: short stories whose names meet every resolution rule
 * (full names, a surname alone, a slip, an acronym an article defines, two people of one surname), and a snapshot
 * of every answer that depends on the entity resolution, to compare an engine changed live with one built afresh.
 */
import type { Article } from '../../src/corpus/types.ts';
import { CorpusEngine } from '../../src/index/engine.ts';
import { articleIdsOf } from '../../src/index/entity-table.ts';
import { analyzeArticle } from '../../src/understanding/analyze-article.ts';
import type { ArticleAnalysis } from '../../src/understanding/analysis-types.ts';
import { article } from './articles.ts';

const PEOPLE = [
  'Amira Haddad',
  'Omar Haddad',
  'Tomas Verhoeven',
  'Lena Sorensen',
  'Khalifa Haftar',
  'Fayez Sarraj',
  'Marta Lindqvist',
];
const SLIPS = ['Amira Hadad', 'Khalifa Hafta', 'Tomas Verhoven'];
const SURNAMES = ['Haddad', 'Verhoeven', 'Sorensen', 'Haftar', 'Sarraj', 'Lindqvist', 'Hafta'];
const BODIES: [string, string][] = [
  ['National Salvation Front', 'NSF'],
  ['Libyan National Army', 'LNA'],
  ['Northern Grain Board', 'NGB'],
];
const PLACES = ['Port Alden', 'Tripoli', 'Geneva', 'Benghazi', 'Velor'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** `count` stories from a seeded random source; ids are unique, dates drawn from a few (ties happen) or none. */
export function randomStories(random: () => number, count: number, prefix = 's'): Article[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const out: Article[] = [];
  for (let n = 0; n < count; n++) {
    const sentences: string[] = [];
    const lines = 2 + Math.floor(random() * 3);
    for (let k = 0; k < lines; k++) {
      const [body, acronym] = pick(BODIES);
      const shapes = [
        () => `${pick(PEOPLE)} met ${pick(PEOPLE)} in ${pick(PLACES)} on ${pick(DAYS)}.`,
        () => `${pick(SURNAMES)} said the talks in ${pick(PLACES)} would go on.`,
        () => `The ${body} (${acronym}) said it would observe the truce.`,
        () => `${acronym} officials met ${pick(SLIPS)} in ${pick(PLACES)}.`,
        () => `Minister ${pick(PEOPLE)} told reporters in ${pick(PLACES)} that the ${body} was ready.`,
      ];
      sentences.push(pick(shapes)());
    }
    const day = random() < 0.2 ? null : `2021-03-${String(10 + Math.floor(random() * 5)).padStart(2, '0')}`;
    out.push(article(`${prefix}${n}`, day, sentences[0].slice(0, 40), sentences.join(' '), 'Test Wire'));
  }
  return out;
}

/** Understands each article once, whichever engine asks (the tests build many engines over the same articles). */
export function memoAnalyzer(): (articles: Article[]) => ArticleAnalysis[] {
  const memo = new Map<string, ArticleAnalysis>();
  return (articles) =>
    articles.map((a) => {
      let analysis = memo.get(a.contentHash);
      if (!analysis) memo.set(a.contentHash, (analysis = analyzeArticle(a)));
      return { ...analysis, articleId: a.id };
    });
}

export interface Answers {
  /** Every entity: its name, type, aliases, mentions and articles. */
  entities: { slug: string; name: string; type: string; aliases: string[]; mentions: number; articles: string[] }[];
  /** /who for each name the stories use: the entity found and the articles it lists. */
  who: Record<string, { name: string; articles: string[] } | null>;
  newest: string[];
  /** Every article held, in date order (an entity's article list reads this order). */
  dateOrder: string[];
}

export function answersOf(engine: CorpusEngine): Answers {
  const table = engine.entities();
  const entities = [...table.byRoot.values()]
    .map((r) => ({
      slug: r.slug,
      name: r.name,
      type: r.type,
      aliases: [...r.aliases],
      mentions: r.mentions,
      articles: [...articleIdsOf(engine, r)].sort(),
    }))
    .sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const who: Answers['who'] = {};
  for (const name of [...PEOPLE, ...SLIPS, ...SURNAMES, ...BODIES.flat(), ...PLACES]) {
    const found = engine.findEntity(name).entity;
    who[name] = found && { name: found.name, articles: found.articles.map((a) => a.id) };
  }
  const held = [...engine.store.keys()];
  return { entities, who, newest: engine.newest(), dateOrder: engine.inDateOrder(held).map((r) => r.id) };
}

/** An engine built in one go over these articles, in this order. */
export async function builtAfresh(
  articles: Article[],
  analyze: (articles: Article[]) => ArticleAnalysis[],
): Promise<CorpusEngine> {
  const engine = new CorpusEngine(analyze);
  await engine.addArticles(articles);
  return engine;
}
