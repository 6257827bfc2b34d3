import { PreconditionError } from '../app/errors.ts';
import type { CommandContext } from './types.ts';

/**
 * What a command may need of where it is asked (like Sapphire's runIn / GuildOnly), as named rules. A command
 * declares the names on its definition (`preconditions: ['not-cli', 'in-channel']`); runCommand (./run.ts) checks
 * them once, before the command runs, and the first that fails is the answer.
 */
export const PRECONDITIONS = {
  'not-cli': {
    holds: (ctx: CommandContext) => ctx.invoker.platform !== 'cli',
    refusal: 'That is kept by the running bot: ask in Slack, Discord or the console of `npm start`.',
  },
  scheduler: {
    holds: (ctx: CommandContext) => Boolean(ctx.services.schedules && ctx.services.follows),
    refusal: 'That is kept by the running bot: ask in Slack, Discord or the console of `npm start`.',
  },
  feeds: {
    holds: (ctx: CommandContext) => Boolean(ctx.services.feeds),
    refusal: 'Feeds are followed by the running bot: ask in a channel (or the console) of `npm start`.',
  },
  'in-channel': {
    holds: (ctx: CommandContext) => ctx.invoker.channelId !== null,
    refusal: 'Schedules belong to a conversation: ask in a channel (or the console) of the running bot.',
  },
  'channel-manager': {
    holds: (ctx: CommandContext) => ctx.invoker.canManageChannel,
    refusal:
      'Sorry, only people who manage this channel can change its schedules. `schedule list` shows them to everyone.',
  },
} as const;

export type PreconditionName = keyof typeof PRECONDITIONS;

/** Throws a PreconditionError (a polite usage answer) with the refusal of the first rule that does not hold. */
export function checkPreconditions(names: readonly PreconditionName[] | undefined, ctx: CommandContext): void {
  for (const name of names ?? []) {
    const rule = PRECONDITIONS[name];
    if (!rule.holds(ctx)) throw new PreconditionError(rule.refusal);
  }
}
