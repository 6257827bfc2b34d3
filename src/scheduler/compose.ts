import type { Briefing } from '../briefing/types.ts';
import type { BriefQuery, Engine } from '../index/types.ts';
import type { SeenArticles } from '../store/types.ts';
import type { Composition } from './deliver.ts';
import type { ScheduleSpec } from './types.ts';

/** The digest's content is buildDigest's (src/briefing/digest.ts); this decides which articles it covers. */
export type BuildDigest = (engine: Engine, query: BriefQuery & { title?: string; maxTokens?: number }) => Briefing;

/** "27 May 2019, 08:00" in the schedule's time zone; with seconds ("08:00:02") when the instant has some. */
export function formatInstant(ms: number, timeZone: string): string {
  const seconds = ms % 60_000 !== 0 ? { second: '2-digit' as const } : {};
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...seconds,
    hourCycle: 'h23',
  })
    .format(new Date(ms))
    .replace(' at ', ', ');
}

/** Articles of the engine that match any of the topics (entity or keyword); all when there are none. */
function inTopics(engine: Engine, ids: string[], topics: string[]): string[] {
  const present = ids.filter((id) => engine.article(id));
  if (topics.length === 0) return present;
  const matching = new Set(topics.flatMap((t) => engine.articles(t).map((a) => a.id)));
  return present.filter((id) => matching.has(id));
}

/**
 * What a slot posts: the articles new or changed since the schedule's last digest (or, for its first, within its
 * look-back window before the slot), limited to its topics. With nothing new: one line, or a skip, as configured.
 */
export async function composeDigest(
  engine: Engine,
  seen: SeenArticles,
  spec: ScheduleSpec,
  slot: number,
  lastCovered: number | null,
  now: number,
  build: BuildDigest,
): Promise<Composition> {
  const from = lastCovered ?? slot - spec.windowMs;
  const articleIds = inTopics(engine, await seen.changedBetween(from, now), spec.topics);
  const about = spec.topics.length ? ` about ${spec.topics.join(', ')}` : '';
  const title = `${spec.name}, ${formatInstant(slot, spec.timeZone)}`;
  if (articleIds.length === 0) {
    const reason = `nothing new${about} since ${formatInstant(from, spec.timeZone)}`;
    if (spec.ifNothingNew === 'skip') return { kind: 'skip', reason, coveredUntil: now };
    const briefing: Briefing = {
      title,
      sections: [],
      citations: {},
      note: `Nothing new${about} since ${formatInstant(from, spec.timeZone)} (${spec.timeZone}).`,
    };
    return { kind: 'post', briefing, coveredUntil: now };
  }
  return { kind: 'post', briefing: build(engine, { articleIds, title, maxTokens: spec.maxTokens }), coveredUntil: now };
}
