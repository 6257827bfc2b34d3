import type { CommandDefinition } from '../src/commands/types.ts';
import { followContext } from './follow.ts';

/** /unfollow NAME: stop the alerts of /follow. */
const unfollow: CommandDefinition = {
  name: 'unfollow',
  description: 'Stop the alerts about a name you follow',
  options: [{ name: 'name', description: 'The name you follow', required: true, rest: true, autocomplete: 'entity' }],
  preconditions: ['scheduler', 'not-cli'],
  examples: ['unfollow haftar'],
  async run({ name }, ctx) {
    const { service, platform, userId } = followContext(ctx);
    const removed = await service.unfollow({ platform, userId, name: name ?? '' });
    const still = await service.list(platform, userId);
    const title = removed.length
      ? `No longer following ${removed.join(', ')}.`
      : `You do not follow “${(name ?? '').slice(0, 60)}”.`;
    const note = still.length ? `Still following: ${still.join(', ')}.` : undefined;
    return {
      briefing: { title, sections: [], citations: {}, ...(note ? { note } : {}) },
      data: { command: 'unfollow', removed, following: still },
    };
  },
};

export default unfollow;
