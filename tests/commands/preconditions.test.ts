import { describe, expect, it } from 'vitest';
import { BriefbotError, ConfigError, isUserFacing, PreconditionError, UsageError } from '../../src/app/errors.ts';
import { runCommand } from '../../src/commands/run.ts';
import type { CommandContext, CommandDefinition, CommandServices, Invoker } from '../../src/commands/types.ts';
import type { Engine } from '../../src/index/types.ts';
import { BriefingFileError } from '../../src/scheduler/briefing-files.ts';
import { ScheduleError } from '../../src/scheduler/types.ts';

/** Preconditions declared on a definition are checked once, by runCommand, before the command runs. */
const ran: string[] = [];
const command: CommandDefinition = {
  name: 'guarded',
  description: 'needs a channel manager, in a channel, not from the CLI',
  options: [],
  examples: ['guarded'],
  preconditions: ['not-cli', 'in-channel', 'channel-manager'],
  run: () => (ran.push('ran'), { briefing: { title: 'ok', sections: [], citations: {} }, data: {} }),
};
const ctx = (invoker: Partial<Invoker>, services: CommandServices = {}): CommandContext => ({
  engine: {} as Engine,
  now: () => new Date(0),
  services,
  invoker: {
    platform: 'slack',
    userId: 'U1',
    channelId: 'C1',
    isDirectMessage: false,
    canManageChannel: true,
    ...invoker,
  },
});

describe('declared preconditions', () => {
  it('answers with the first rule that fails, and never runs the command', async () => {
    await expect(runCommand(command, {}, ctx({ platform: 'cli', channelId: null }))).rejects.toThrow(/running bot/);
    await expect(runCommand(command, {}, ctx({ channelId: null }))).rejects.toThrow(/ask in a channel/);
    await expect(runCommand(command, {}, ctx({ canManageChannel: false }))).rejects.toThrow(
      /only people who manage this channel/,
    );
    await expect(runCommand(command, {}, ctx({ canManageChannel: false }))).rejects.toBeInstanceOf(PreconditionError);
    expect(ran).toEqual([]);
    expect((await runCommand(command, {}, ctx({}))).briefing.title).toBe('ok');
    expect(ran).toEqual(['ran']);
  });
});

describe('the error module', () => {
  it('every user-facing error is a BriefbotError with its code; other errors are bugs', () => {
    const errors = [
      new UsageError('u'),
      new PreconditionError('p'),
      new ConfigError('c'),
      new ScheduleError('s'),
      new BriefingFileError('f.yaml', 'schedule', 'bad'),
    ];
    expect(errors.map((e) => [e instanceof BriefbotError, e.code])).toEqual([
      [true, 'usage'],
      [true, 'precondition'],
      [true, 'config'],
      [true, 'schedule'],
      [true, 'briefing-file'],
    ]);
    expect(errors.every(isUserFacing)).toBe(true);
    expect(isUserFacing(new Error('bug'))).toBe(false);
  });
});
