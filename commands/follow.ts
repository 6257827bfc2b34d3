import type { CommandContext, CommandDefinition } from '../src/commands/types.ts';
import type { FollowService, TargetPlatform } from '../src/scheduler/types.ts';

/** The follow service and who asks; the definition's preconditions have made sure there is a service. */
export function followContext(ctx: CommandContext): {
  service: FollowService;
  platform: TargetPlatform;
  userId: string;
} {
  return {
    service: ctx.services.follows!,
    platform: ctx.invoker.platform as TargetPlatform,
    userId: ctx.invoker.userId,
  };
}

/** /follow NAME: a direct message whenever a newly loaded article mentions that person, organization or place. */
const follow: CommandDefinition = {
  name: 'follow',
  description: 'Get a direct message when a new article mentions a name',
  options: [
    {
      name: 'name',
      description: 'The person, organization or place to follow',
      required: true,
      rest: true,
      autocomplete: 'entity',
    },
  ],
  preconditions: ['scheduler', 'not-cli'],
  examples: ['follow haftar', 'follow world health organization'],
  async run({ name }, ctx) {
    const { service, platform, userId } = followContext(ctx);
    const outcome = await service.follow({ platform, userId, channelId: ctx.invoker.channelId, name: name ?? '' });
    const title = outcome.alreadyFollowing
      ? `You already follow ${outcome.name}.`
      : `Following ${outcome.name}: I will message you when a new article mentions it.`;
    const note = outcome.known
      ? undefined
      : `No article mentions “${outcome.name}” yet${outcome.suggestions.length ? ` (did you mean: ${outcome.suggestions.join(', ')}?)` : ''}; I will watch for it.`;
    return {
      briefing: { title, sections: [], citations: {}, ...(note ? { note } : {}) },
      data: {
        command: 'follow',
        name: outcome.name,
        known: outcome.known,
        alreadyFollowing: outcome.alreadyFollowing,
        suggestions: outcome.suggestions,
      },
    };
  },
};

export default follow;
