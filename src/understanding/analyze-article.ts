import type { Article } from '../corpus/types.ts';
import type {
  ArticleAnalysis,
  DatedStatement,
  FigureRef,
  LocalEntity,
  MentionRef,
  QuoteRef,
} from './analysis-types.ts';
import {
  cleanMention,
  clusterMentions,
  linkAcronyms,
  recoverPersonMentions,
  type CleanMention,
  type LocalCluster,
} from './coref.ts';
import { descriptorKey, roleAfter, roleAs, roleBefore, roleOfPreviousSubject } from './descriptors.ts';
import { findFigures, findReporter } from './figures.ts';
import { coreWords, editDistance, TITLES } from './names.ts';
import { recognizeEntities } from './ner/index.ts';
import { findQuotes } from './quotes.ts';
import { ROLE_NOUNS } from './roles.ts';
import { dateOfSentence, looksAhead } from './statements.ts';
import { extractTimes } from './time/index.ts';
import { splitSentences, tokenize } from './tokenize.ts';
import type { EntityMention, Sentence, TimeExpression, Token } from './types.ts';

/**
 * The understanding of one article, as small passes over a shared document model:
 * tokens -> sentences -> entities -> in-document resolution -> times -> descriptors, quotes, dated statements, figures.
 */
/**
 * Characters of a body that are understood: a long read is 60,000; past this a "story" is a dump or an attack (5 MB
 * of `@` is 5 million tokens, 20 s of CPU), and understanding it all would hold a thread for as long. The rest of
 * the body is still stored and searched; its names and dates are not read.
 */
export const MAX_ANALYSED_CHARS = 100_000;

export function analyzeArticle(article: Pick<Article, 'id' | 'body' | 'date'>): ArticleAnalysis {
  const text = analysedPart(article.body);
  const tokens = tokenize(text);
  const sentences = splitSentences(text, tokens);
  const sentenceOf = sentenceLocator(sentences);
  const clusters = resolveInDocument(text, tokens, sentences);
  const entities = clusters.map((c, local) => toLocalEntity(c, local, sentenceOf));
  const mentions: MentionRef[] = [];
  clusters.forEach((c, entity) => {
    for (const m of c.mentions) mentions.push({ start: m.start, end: m.end, sentence: sentenceOf(m.start), entity });
  });
  mentions.sort((a, b) => a.start - b.start);
  addDescriptors(text, tokens, sentences, clusters, entities);

  const times = extractTimes(text, { docDate: article.date, tokens, sentences });
  const lead = firstStorySentence(text, sentences);
  return {
    articleId: article.id,
    tokens: tokens.length,
    lead,
    leadSpan: sentences[lead] ? { start: sentences[lead].start, end: sentences[lead].end } : null,
    entities,
    statements: datedStatements(text, sentences, times, mentions, article.date, sentenceOf),
    quotes: attributeQuotes(text, mentions, entities, sentenceOf),
    figures: keyFigures(text, sentences, mentions, entities),
  };
}

function sentenceLocator(sentences: Sentence[]): (offset: number) => number {
  return (offset) => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentences[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

/** Words that end the name of a body: a person's name written right after one is not part of it. */
const BODY_HEADS = new Set(
  'affairs trade ministry office department commission council committee agency authority bank forces army navy guard police service services union organization organisation party front court parliament assembly government'.split(
    ' ',
  ),
);

/**
 * "the Permanent Secretary at the Ministry of Foreign Affairs and Trade Anna Borg": a run of capitals can carry a
 * body's name straight into a person's. Two capitalised words after the body's head word are the person.
 */
export function splitBodyFromName(text: string, mentions: EntityMention[]): EntityMention[] {
  const out: EntityMention[] = [];
  for (const m of mentions) {
    const words = [...m.text.matchAll(/\S+/g)];
    const n = words.length;
    if (m.type === 'organization' && n >= 4) {
      const [head, first, last] = [words[n - 3][0], words[n - 2][0], words[n - 1][0]];
      if (
        BODY_HEADS.has(head.toLowerCase()) &&
        /^\p{Lu}\p{Ll}+$/u.test(first) &&
        /^\p{Lu}\p{Ll}+$/u.test(last) &&
        !BODY_HEADS.has(last.toLowerCase()) &&
        !BODY_HEADS.has(first.toLowerCase())
      ) {
        const cut = m.start + words[n - 2].index!;
        const bodyEnd = m.start + words[n - 3].index! + head.length;
        out.push({ text: text.slice(m.start, bodyEnd), type: 'organization', start: m.start, end: bodyEnd });
        out.push({ text: text.slice(cut, m.end), type: 'person', start: cut, end: m.end });
        continue;
      }
    }
    out.push(m);
  }
  return out;
}

function resolveInDocument(text: string, tokens: Token[], sentences: Sentence[]): LocalCluster[] {
  const raw = splitBodyFromName(text, recognizeEntities(text, tokens, sentences));
  const cleaned = raw.map(cleanMention).filter((m): m is CleanMention => m !== null);
  // A word the tagger calls a place or body in one spot but that is the surname of a person named in full is the person.
  const surnames = new Set(
    cleaned
      .filter((m) => m.type === 'person')
      .map((m) => coreWords(m.text))
      .filter((w) => w.length >= 2)
      .map((w) => w[w.length - 1]),
  );
  for (const m of cleaned) {
    const words = coreWords(m.text);
    if (m.type === 'person' || words.length !== 1) continue;
    // Exactly a surname, or that surname with a one-letter slip ("Marcon" beside "Emmanuel Macron").
    const w = words[0];
    if (surnames.has(w) || (w.length >= 5 && [...surnames].some((s) => s.length >= 5 && editDistance(w, s, 1) <= 1)))
      m.type = 'person';
  }
  const clusters = clusterMentions(cleaned);
  linkAcronyms(text, clusters);
  const sentenceStarts = new Set(sentences.map((s) => s.tokenStart));
  recoverPersonMentions(text, tokens, clusters, sentenceStarts);
  return clusters.filter((c) => c.mentions.length > 0).map((c) => ({ ...c, name: fullestForm(c) }));
}

/** The fullest form an article uses, preferring the most frequent spelling among forms of that length. */
function fullestForm(c: LocalCluster): string {
  const counts = new Map<string, number>();
  for (const m of c.mentions) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
  let best = c.name;
  let bestScore = -1;
  for (const [form, n] of counts) {
    const score = coreWords(form).length * 1000 + n;
    if (score > bestScore) [best, bestScore] = [form, score];
  }
  return best;
}

function toLocalEntity(c: LocalCluster, local: number, sentenceOf: (o: number) => number): LocalEntity {
  return {
    local,
    type: c.type,
    name: c.name,
    forms: [...c.forms],
    ...(c.acronym ? { acronym: c.acronym } : {}),
    mentions: c.mentions.length,
    sentences: [...new Set(c.mentions.map((m) => sentenceOf(m.start)))].sort((a, b) => a - b),
    descriptors: [],
  };
}

const TITLE_ONLY = new Set(TITLES);

/**
 * Titles that name an office: before a name they are the person's role ("Prime Minister Joseph Muscat": his role is
 * Prime Minister). Forms of address ("Dr", "Mr") and ranks ("General") say how a person is called, not what they do.
 */
const OFFICE_TITLES = new Set([
  'prime minister',
  'vice president',
  'president',
  'minister',
  'chancellor',
  'senator',
  'governor',
  'mayor',
  'ambassador',
  'secretary',
  'judge',
  'justice',
  'king',
  'queen',
  'prince',
  'princess',
  'pope',
  'cardinal',
  'bishop',
]);

/** "strongman General" -> "strongman": a title after a role is the form of address, not another role. */
function withoutTrailingTitle(role: string): string {
  const m = /^(.*\S)\s+(\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)?)$/u.exec(role);
  if (!m || !TITLE_ONLY.has(m[2].toLowerCase().replace(/\.$/, ''))) return role;
  return m[1].split(/\s+/).some((w) => ROLE_NOUNS.has(w.toLowerCase())) ? m[1] : role;
}

function addDescriptors(
  text: string,
  tokens: Token[],
  sentences: Sentence[],
  clusters: LocalCluster[],
  entities: LocalEntity[],
): void {
  const tokenAt = new Map<number, number>();
  tokens.forEach((t, i) => tokenAt.set(t.start, i));
  const tokenEndingAt = new Map<number, number>();
  tokens.forEach((t, i) => tokenEndingAt.set(t.end, i));
  let s = 0;
  clusters.forEach((c, e) => {
    if (c.type !== 'person' && c.type !== 'organization') return;
    const found = new Map<string, string>();
    const firstMention = c.mentions.reduce((a, b) => (b.start < a.start ? b : a));
    for (const m of c.mentions) {
      const first = tokenAt.get(m.spanStart);
      const last = tokenEndingAt.get(m.end);
      if (first === undefined || last === undefined) continue;
      while (s > 0 && sentences[s].tokenStart > first) s--;
      while (s < sentences.length - 1 && sentences[s].tokenEnd <= first) s++;
      const sent = sentences[s];
      // A body's descriptor is an appositive ("the NSF, a rebel coalition,"); words before it name someone else's role.
      // A title the name was stripped of ("Prime Minister Joseph Muscat") is read as the role before the name proper.
      const nameFirst = tokenAt.get(m.start) ?? first;
      const roles =
        c.type === 'person'
          ? [
              roleBefore(text, tokens, nameFirst, sent.tokenStart),
              roleAfter(text, tokens, last + 1, sent.tokenEnd),
              roleAs(text, tokens, last + 1, sent.tokenEnd),
            ]
          : [roleAfter(text, tokens, last + 1, sent.tokenEnd)];
      if (m === firstMention && c.type === 'person' && first === sent.tokenStart && s > 0) {
        roles.push(roleOfPreviousSubject(text, tokens, sentences[s - 1].tokenStart, sentences[s - 1].tokenEnd));
      }
      for (const found0 of roles) {
        const r = found0 && withoutTrailingTitle(found0);
        const bare = r ? r.toLowerCase().replace(/\.$/, '') : '';
        if (!r || (TITLE_ONLY.has(bare) && !OFFICE_TITLES.has(bare))) continue;
        if (coreWords(r).join(' ') === coreWords(c.name).join(' ')) continue;
        found.set(descriptorKey(r), r);
      }
    }
    entities[e].descriptors = [...found.values()];
  });
}

function datedStatements(
  text: string,
  sentences: Sentence[],
  times: TimeExpression[],
  mentions: MentionRef[],
  articleDate: string | null,
  sentenceOf: (o: number) => number,
): DatedStatement[] {
  const timesBySentence = new Map<number, TimeExpression[]>();
  for (const t of times) {
    const s = sentenceOf(t.start);
    if (!timesBySentence.has(s)) timesBySentence.set(s, []);
    timesBySentence.get(s)!.push(t);
  }
  const entitiesBySentence = new Map<number, Set<number>>();
  for (const m of mentions) {
    if (!entitiesBySentence.has(m.sentence)) entitiesBySentence.set(m.sentence, new Set());
    entitiesBySentence.get(m.sentence)!.add(m.entity);
  }
  const out: DatedStatement[] = [];
  sentences.forEach((sent, i) => {
    const sentenceText = text.slice(sent.start, sent.end);
    if (sentenceText.split(/\s+/).length < 5) return; // headlines, captions, fragments
    const dated = dateOfSentence(timesBySentence.get(i) ?? []);
    const lead = i === firstStorySentence(text, sentences);
    if (!dated && !(lead && articleDate)) return;
    const date = dated ? dated.value : articleDate;
    out.push({
      sentence: i,
      text: sentenceText,
      date,
      precision: dated ? (dated.value ? dated.precision : 'unknown') : 'day',
      explicit: Boolean(dated),
      upcoming: looksAhead(sentenceText) || Boolean(articleDate && date && date.length >= 10 && date > articleDate),
      entities: [...(entitiesBySentence.get(i) ?? [])],
    });
  });
  return out;
}

/** Photo captions, which often open scraped stories: "In this file photo, …", "Conte (L) escorts …". */
const CAPTION_RE =
  /\b(?:file photo|in this (?:\w+ )?(?:photo|picture|image)|pictured|seen here|on a previous visit)\b|\((?:L|R|C|left|right|centre|center)\)/i;

/** The first real sentence of the story: skips headline-like lines and photo captions. */
function firstStorySentence(text: string, sentences: Sentence[]): number {
  const i = sentences.findIndex((s) => {
    const sentence = text.slice(s.start, s.end);
    return /[.!?"”]$/.test(sentence) && sentence.split(/\s+/).length >= 8 && !CAPTION_RE.test(sentence);
  });
  return i < 0 ? 0 : i;
}

function attributeQuotes(
  text: string,
  mentions: MentionRef[],
  entities: LocalEntity[],
  sentenceOf: (o: number) => number,
): QuoteRef[] {
  const out: QuoteRef[] = [];
  for (const q of findQuotes(text)) {
    let speaker: number | undefined;
    if (q.speakerStart !== null) {
      const m = mentions.find((x) => x.start < q.speakerEnd! && x.end > q.speakerStart!);
      speaker = m?.entity;
    } else {
      // "he said": the last person named before the quote.
      for (let i = mentions.length - 1; i >= 0; i--) {
        if (mentions[i].start < q.start && entities[mentions[i].entity].type === 'person') {
          speaker = mentions[i].entity;
          break;
        }
      }
    }
    if (speaker !== undefined && entities[speaker].type !== 'place')
      out.push({ text: q.text, entity: speaker, sentence: sentenceOf(q.start) });
  }
  return out;
}

function keyFigures(text: string, sentences: Sentence[], mentions: MentionRef[], entities: LocalEntity[]): FigureRef[] {
  const out: FigureRef[] = [];
  const orgNames = entities.filter((e) => e.type === 'organization').map((e) => e.name);
  sentences.forEach((sent, i) => {
    const sentenceText = text.slice(sent.start, sent.end);
    const figures = findFigures(sentenceText);
    if (figures.length === 0) return;
    const reportedBy = findReporter(sentenceText, orgNames);
    const inSentence = [...new Set(mentions.filter((m) => m.sentence === i).map((m) => m.entity))];
    for (const f of figures)
      out.push({
        measure: f.measure,
        value: f.value,
        text: sentenceText,
        reportedBy,
        sentence: i,
        entities: inSentence,
      });
  });
  return out;
}

/** What `briefbot extract` shows: entities (after in-document resolution) and time expressions of a raw text. */
export function extractFromText(
  text: string,
  docDate: string | null,
): { entities: { text: string; type: string; start: number; end: number }[]; times: TimeExpression[] } {
  const tokens = tokenize(text);
  const sentences = splitSentences(text, tokens);
  const clusters = resolveInDocument(text, tokens, sentences);
  const entities = clusters
    .flatMap((c) =>
      c.mentions.map((m) => ({ text: text.slice(m.start, m.end), type: c.type, start: m.start, end: m.end })),
    )
    .sort((a, b) => a.start - b.start);
  const times = extractTimes(text, { docDate, tokens, sentences });
  return { entities, times };
}

/** The body up to MAX_ANALYSED_CHARS, cut at the last space before it when there is one near. */
export function analysedPart(body: string): string {
  if (body.length <= MAX_ANALYSED_CHARS) return body;
  const space = body.lastIndexOf(' ', MAX_ANALYSED_CHARS);
  return body.slice(0, space > MAX_ANALYSED_CHARS * 0.9 ? space : MAX_ANALYSED_CHARS);
}
