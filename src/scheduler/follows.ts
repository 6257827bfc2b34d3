import { formatDate } from '../briefing/format.ts';
import type { Engine } from '../index/types.ts';
import type { FollowRecord, FollowStore } from '../store/types.ts';
import type { DeliveryTarget, FollowOutcome, FollowService, TargetPlatform } from './types.ts';
import { ScheduleError } from './types.ts';

const MAX_FOLLOWS_PER_USER = 50;

/** /follow and /unfollow over the store; names are resolved through the engine so "haftar" follows Khalifa Haftar. */
export function followService(engine: Engine, follows: FollowStore, now: () => number): FollowService {
  return {
    async follow({ platform, userId, channelId, name }) {
      const query = name.trim();
      if (!query) throw new ScheduleError('Whom should I follow? For example `follow haftar`.');
      if (query.length > 100) throw new ScheduleError('That name is too long; at most 100 characters.');
      const match = engine.findEntity(query);
      const entity = match.confidence === 'none' ? null : match.entity;
      const followedName = entity?.name ?? query;
      const mine = await follows.list(platform, userId);
      if (
        mine.length >= MAX_FOLLOWS_PER_USER &&
        !mine.some((f) => f.name.toLowerCase() === followedName.toLowerCase())
      ) {
        throw new ScheduleError(`You follow ${MAX_FOLLOWS_PER_USER} names already; unfollow one first.`);
      }
      const isNew = await follows.follow({
        platform,
        userId,
        name: followedName,
        entityId: entity?.id ?? null,
        channelId,
        createdAt: now(),
      });
      const outcome: FollowOutcome = {
        name: followedName,
        known: Boolean(entity),
        alreadyFollowing: !isNew,
        suggestions: entity ? [] : match.suggestions.slice(0, 3),
      };
      return outcome;
    },
    async unfollow({ platform, userId, name }) {
      const match = engine.findEntity(name.trim());
      const entity = match.confidence === 'none' ? null : match.entity;
      const names = [name, ...(entity ? [entity.name, ...entity.aliases] : [])];
      return (await follows.unfollow(platform, userId, names, entity?.id ?? null)).map((f) => f.name);
    },
    async list(platform: TargetPlatform, userId: string) {
      return (await follows.list(platform, userId)).map((f) => f.name);
    },
  };
}

/** Ids of the articles among `ids` that mention what a follow names: its entity (with aliases), else the words. */
function mentioning(engine: Engine, follow: FollowRecord, ids: Set<string>): string[] {
  const match = engine.findEntity(follow.name);
  const found =
    match.confidence === 'exact' && match.entity
      ? match.entity.articles.map((a) => a.id)
      : engine.articles(follow.name).map((a) => a.id);
  return [...new Set(found)].filter((id) => ids.has(id));
}

export function alertText(engine: Engine, name: string, articleIds: string[]): string {
  const lines = articleIds.slice(0, 3).map((id) => {
    const a = engine.article(id);
    const meta = [a?.source, a?.date ? formatDate(a.date) : null].filter(Boolean).join(', ');
    return `• ${a?.title ?? id}${meta ? ` (${meta})` : ''}`;
  });
  const more = articleIds.length > 3 ? [`…and ${articleIds.length - 3} more`] : [];
  const head =
    articleIds.length === 1 ? `New article mentioning ${name}:` : `${articleIds.length} new articles mention ${name}:`;
  return [head, ...lines, ...more, `(/unfollow ${name} to stop these alerts)`].join('\n');
}

export interface AlertDeps {
  engine: Engine;
  follows: FollowStore;
  targets: Map<string, DeliveryTarget>;
  contentHash: (articleId: string) => Promise<string>;
  now: () => number;
  logger: { warn(obj: object, msg: string): void };
}

/**
 * Tells each follower, in a DM, about newly loaded articles mentioning what they follow. Each (user, name, article
 * version) is recorded before sending, so an alert is sent at most once even with two processes watching.
 */
export async function sendFollowAlerts(deps: AlertDeps, newIds: string[]): Promise<number> {
  if (newIds.length === 0) return 0;
  const ids = new Set(newIds);
  let sent = 0;
  for (const follow of await deps.follows.all()) {
    const target = deps.targets.get(follow.platform);
    if (!target) continue;
    const fresh: string[] = [];
    for (const id of mentioning(deps.engine, follow, ids))
      if (await deps.follows.claimAlert(follow, id, await deps.contentHash(id), deps.now())) fresh.push(id);
    if (fresh.length === 0) continue;
    try {
      await target.sendDirectMessage(follow.userId, alertText(deps.engine, follow.name, fresh));
      sent++;
    } catch (err) {
      deps.logger.warn(
        { platform: follow.platform, reason: (err as Error)?.message?.slice(0, 200) },
        'follow alert not delivered',
      );
    }
  }
  return sent;
}
