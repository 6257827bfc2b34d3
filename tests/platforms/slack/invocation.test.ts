import { describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../../src/commands/types.ts';
import { asksForHelp, commandText, slackSyntax, withoutBotMention } from '../../../src/platforms/slack/invocation.ts';
import { createRetryGuard } from '../../../src/platforms/slack/retries.ts';

const def = (name: string, aliases?: string[]): CommandDefinition => ({
  name,
  description: name,
  options: [],
  examples: [name],
  ...(aliases ? { aliases } : {}),
  run: () => ({ briefing: { title: '', sections: [], citations: {} }, data: {} }),
});
const commands = [def('who', ['whois']), def('timeline'), def('brief'), def('help')];
const names = { appCommand: 'brief', directCommands: ['timeline'] };

describe('commandText', () => {
  it('takes the first word as the subcommand under the app command', () => {
    expect(commandText('/brief', 'who haftar', names, commands)).toBe('who haftar');
    expect(commandText('/brief', '  whois  conte ', names, commands)).toBe('whois  conte');
    expect(commandText('/brief', 'who is the mayor of Valletta?', names, commands)).toBe(
      'who is the mayor of Valletta?',
    );
  });

  it('means help with nothing typed, and the app command itself when it is a command', () => {
    expect(commandText('/brief', '   ', names, commands)).toBe('help');
    expect(commandText('/brief', 'malta', names, commands)).toBe('brief malta');
    expect(commandText('/news', 'malta', { appCommand: 'news', directCommands: [] }, commands)).toBe('malta');
  });

  it('puts a direct command name in front of its text', () => {
    expect(commandText('/timeline', 'malta from 2019', names, commands)).toBe('timeline malta from 2019');
    expect(commandText('/timeline', '', names, commands)).toBe('timeline');
  });
});

describe('slackSyntax', () => {
  it('writes commands under the app command unless registered directly', () => {
    const syntax = slackSyntax(names);
    expect(syntax('who haftar')).toBe('/brief who haftar');
    expect(syntax('timeline malta')).toBe('/timeline malta');
  });
});

describe('asksForHelp and withoutBotMention', () => {
  it('recognises help however it is typed', () => {
    for (const text of ['', 'help', 'HELP?', '/help', ' commands ']) expect(asksForHelp(text), text).toBe(true);
    expect(asksForHelp('help me find haftar')).toBe(false);
  });

  it("removes the bot's own mention anywhere, and leaves other people's", () => {
    expect(withoutBotMention('<@UBOT> who is conte', 'UBOT')).toBe('who is conte');
    expect(withoutBotMention('hey <@UBOT|briefbot>, who is <@U777>?', 'UBOT')).toBe('hey , who is <@U777>?');
    expect(withoutBotMention('<@UOTHER> who is conte', undefined)).toBe('who is conte');
  });
});

describe('createRetryGuard', () => {
  it('takes an event id once within the window, and again after it', async () => {
    let now = 0;
    const guard = createRetryGuard(1000, 100, () => now);
    expect(await guard.firstTime('Ev1')).toBe(true);
    expect(await guard.firstTime('Ev1')).toBe(false);
    expect(await guard.firstTime('Ev2')).toBe(true);
    now = 2000;
    expect(await guard.firstTime('Ev1')).toBe(true);
  });

  it('stays bounded under a flood of distinct ids', async () => {
    const guard = createRetryGuard(60_000, 50, () => 0);
    for (let i = 0; i < 500; i++) await guard.firstTime(`Ev${i}`);
    expect(await guard.firstTime('Ev499')).toBe(false);
    expect(await guard.firstTime('Ev0')).toBe(true); // forgotten: the oldest went first
  });
});
