import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CommandDefinition } from '../../../src/commands/types.ts';
import { loadCommands } from '../../../src/commands/registry.ts';
import {
  BOT_SCOPES,
  buildManifest,
  checkCommandNames,
  manifestYaml,
  SLACK_BUILT_IN_COMMANDS,
} from '../../../src/platforms/slack/manifest.ts';

const run = promisify(execFile);

interface Manifest {
  features: {
    slash_commands: { command: string; description: string; usage_hint: string; url?: string }[];
    app_home: Record<string, boolean>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

/** The subcommands the app command's usage hint names. */
const subcommandsOf = (m: Manifest) => m.features.slash_commands[0].usage_hint.replace(/\s*…$/, '').split(' | ');

const def = (name: string, description = `Does ${name}`): CommandDefinition => ({
  name,
  description,
  options: [{ name: 'topic', description: 'A topic', rest: true }],
  examples: [`${name} x`],
  run: () => ({ briefing: { title: '', sections: [], citations: {} }, data: {} }),
});

let commands: CommandDefinition[];
beforeAll(async () => {
  commands = await loadCommands();
});

describe('slack manifest', () => {
  it('lists exactly the commands commands/ defines, under the one app command', () => {
    const m = parse(manifestYaml(commands, { appCommand: 'brief', directCommands: [] })) as Manifest;
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(['/brief']);
    expect(new Set(subcommandsOf(m))).toEqual(new Set(commands.map((c) => c.name)));
    expect(subcommandsOf(m)).toHaveLength(commands.length);
  });

  it('follows a set of commands of our own, and registers direct commands with their own descriptions', () => {
    const ours = [def('digest'), def('profile', 'Profile of a <name>'), def('help')];
    const m = buildManifest(ours, { appCommand: 'news', directCommands: ['profile'] }) as unknown as Manifest;
    expect(subcommandsOf(m)).toEqual(['digest', 'profile', 'help']);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(['/news', '/profile']);
    expect(m.features.slash_commands[1]).toMatchObject({ description: 'Profile of a <name>', usage_hint: '[TOPIC]' });
  });

  it('asks for exactly the scopes and events the features use, with the DM tab writable', () => {
    const m = buildManifest(commands, { appCommand: 'brief', directCommands: [] }) as unknown as Manifest;
    expect(m.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(m.oauth_config.scopes.bot).not.toContain('channels:history');
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    expect(m.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it('uses Socket Mode without a URL, and https://…/slack/events everywhere with one', () => {
    const socket = buildManifest(commands, { appCommand: 'brief', directCommands: [] }) as unknown as Manifest;
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    const http = buildManifest(commands, {
      appCommand: 'brief',
      directCommands: ['timeline'],
      requestUrl: 'https://bot.example.com/',
    }) as unknown as Manifest;
    expect(http.settings.socket_mode_enabled).toBe(false);
    const url = 'https://bot.example.com/slack/events';
    expect([
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      ...http.features.slash_commands.map((c) => c.url),
    ]).toEqual([url, url, url, url]);
    expect(() =>
      buildManifest(commands, { appCommand: 'brief', directCommands: [], requestUrl: 'http://bot.example.com' }),
    ).toThrow(/https/);
  });

  it("refuses Slack's built-in names and unknown commands, naming the setting to fix", () => {
    expect(SLACK_BUILT_IN_COMMANDS.has('who') && SLACK_BUILT_IN_COMMANDS.has('search')).toBe(true);
    expect(checkCommandNames({ appCommand: 'brief', directCommands: ['who'] }, commands)).toEqual([
      expect.stringMatching(/^SLACK_DIRECT_COMMANDS: \/who is one of Slack's built-in commands/),
    ]);
    expect(checkCommandNames({ appCommand: 'search', directCommands: [] }, commands)[0]).toMatch(/^SLACK_COMMAND: /);
    expect(checkCommandNames({ appCommand: 'Brief!', directCommands: [] }, commands)[0]).toMatch(/^SLACK_COMMAND: /);
    expect(checkCommandNames({ appCommand: 'brief', directCommands: ['nope'] }, commands)[0]).toMatch(
      /^SLACK_DIRECT_COMMANDS: “nope” is not a command/,
    );
    expect(checkCommandNames({ appCommand: 'brief', directCommands: ['timeline', 'sources'] }, commands)).toEqual([]);
    expect(() => buildManifest(commands, { appCommand: 'brief', directCommands: ['search'] })).toThrow(/built-in/);
  });

  it('npm run slack:manifest prints the same manifest, and the committed slack-manifest.yml is up to date', async () => {
    const env = { ...process.env, SLACK_COMMAND: '', SLACK_DIRECT_COMMANDS: '' };
    const { stdout } = await run('npx', ['tsx', 'scripts/slack-manifest.ts', '--stdout'], { env });
    expect(stdout).toBe(manifestYaml(commands, { appCommand: 'brief', directCommands: [] }));
    expect(await readFile('slack-manifest.yml', 'utf8')).toBe(stdout);
    const failed = await run('npx', ['tsx', 'scripts/slack-manifest.ts', '--stdout'], {
      env: { ...env, SLACK_DIRECT_COMMANDS: 'who' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('SLACK_DIRECT_COMMANDS: /who') });
  });
});
