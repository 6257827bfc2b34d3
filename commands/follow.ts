import type { CommandContext, CommandDefinition } from '../src/commands/types.ts';
import { UsageError } from '../src/commands/types.ts';
import { ScheduleError, type FollowService, type TargetPlatform } from '../src/scheduler/types.ts';

/** The follow service and who asks, or a polite reason why alerts cannot be sent here. */
export function followContext(ctx: CommandContext): { service: FollowService; platform: TargetPlatform; userId: string } {
  const service = ctx.services.follows;
  const { platform, userId } = ctx.invoker;
  if (!service || platform === 'cli') throw new UsageError('Alerts are sent by the running bot: ask in Slack, Discord or the console of `npm start`.');
  return { service, platform, userId };
}

/** /follow NAME: a direct message whenever a newly loaded article mentions that person, organization or place. */
const follow: CommandDefinition = {
  name: 'follow',
  description: 'Get a direct message when a new article mentions a name',
  options: [{ name: 'name', description: 'The person, organization or place to follow', required: true, rest: true, autocomplete: 'entity' }],
  examples: ['follow haftar', 'follow world health organization'],
  async run({ name }, ctx) {
    const { service, platform, userId } = followContext(ctx);
    let outcome;
    try {
      outcome = await service.follow({ platform, userId, channelId: ctx.invoker.channelId, name: name ?? '' });
    } catch (err) {
      if (err instanceof ScheduleError) throw new UsageError(err.message);
      throw err;
    }
    const title = outcome.alreadyFollowing ? `You already follow ${outcome.name}.` : `Following ${outcome.name}: I will message you when a new article mentions it.`;
    const note = outcome.known ? undefined : `No article mentions “${outcome.name}” yet${outcome.suggestions.length ? ` (did you mean: ${outcome.suggestions.join(', ')}?)` : ''}; I will watch for it.`;
    return {
      briefing: { title, sections: [], citations: {}, ...(note ? { note } : {}) },
      data: { command: 'follow', name: outcome.name, known: outcome.known, alreadyFollowing: outcome.alreadyFollowing, suggestions: outcome.suggestions },
    };
  },
};

export default follow;
