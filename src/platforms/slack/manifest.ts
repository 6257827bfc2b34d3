import { stringify } from 'yaml';
import type { CommandDefinition, CommandOption } from '../../commands/types.ts';

/**
 * The Slack app manifest, built from the command definitions so the app's slash commands can never drift from
 * commands/. Bot scopes are the ones the features use, nothing more:
 * - commands: slash commands;             - chat:write: answers, digests, alerts;
 * - app_mentions:read: "@briefbot who …";  - im:history: direct messages to the bot (message.im);
 * - im:write: opening a DM for follow alerts;
 * - users:read: whether a user is a workspace admin or owner (who may change a channel's schedules);
 * - files:write: uploading the charts of /trend and /timeline.
 */
export const BOT_SCOPES = [
  'app_mentions:read',
  'chat:write',
  'commands',
  'files:write',
  'im:history',
  'im:write',
  'users:read',
] as const;
export const BOT_EVENTS = ['app_home_opened', 'app_mention', 'message.im'] as const;

/** Slack's built-in commands: an app may not register them, and one in a manifest makes Slack refuse it whole. */
export const SLACK_BUILT_IN_COMMANDS = new Set([
  'active',
  'apps',
  'archive',
  'away',
  'call',
  'collapse',
  'dm',
  'dnd',
  'expand',
  'feed',
  'feedback',
  'invite',
  'join',
  'kick',
  'leave',
  'me',
  'msg',
  'mute',
  'open',
  'remind',
  'remove',
  'rename',
  'search',
  'shortcuts',
  'shrug',
  'star',
  'status',
  'topic',
  'who',
]);

const NAME_RE = /^[a-z0-9_-]{1,32}$/;
const MAX_APP_COMMANDS = 50;
const DESCRIPTION_MAX = 2000;
const USAGE_HINT_MAX = 1000;

export interface SlackCommandNames {
  /** The one app command, without the slash (SLACK_COMMAND, default "brief"). */
  appCommand: string;
  /** Commands also registered as their own slash command (SLACK_DIRECT_COMMANDS). */
  directCommands: string[];
}

/** Every problem with the configured names, one line each, naming the setting to fix; empty when all is well. */
export function checkCommandNames(names: SlackCommandNames, commands: readonly CommandDefinition[]): string[] {
  const problems: string[] = [];
  const known = new Set(commands.map((c) => c.name));
  if (!NAME_RE.test(names.appCommand))
    problems.push(`SLACK_COMMAND: “${names.appCommand}” must be 1-32 characters of a-z, 0-9, - and _`);
  else if (SLACK_BUILT_IN_COMMANDS.has(names.appCommand))
    problems.push(`SLACK_COMMAND: /${names.appCommand} is one of Slack's built-in commands; choose another name`);
  for (const name of names.directCommands) {
    if (!known.has(name))
      problems.push(`SLACK_DIRECT_COMMANDS: “${name}” is not a command (known: ${[...known].join(', ')})`);
    else if (SLACK_BUILT_IN_COMMANDS.has(name))
      problems.push(
        `SLACK_DIRECT_COMMANDS: /${name} is one of Slack's built-in commands; use /${names.appCommand} ${name} instead`,
      );
    else if (name === names.appCommand) problems.push(`SLACK_DIRECT_COMMANDS: /${name} is already the app command`);
  }
  if (1 + names.directCommands.length > MAX_APP_COMMANDS)
    problems.push(`SLACK_DIRECT_COMMANDS: Slack allows at most ${MAX_APP_COMMANDS} commands per app`);
  return problems;
}

/** "NAME", "[since DATE]": how one option is written after the command. */
function optionHint(o: CommandOption): string {
  const value = o.kind === 'date' ? 'DATE' : o.name.toUpperCase();
  const written = o.keyword ? `${o.keyword} ${value}` : o.rest ? value : `${o.name}:${value}`;
  return o.required ? written : `[${written}]`;
}

export function usageOf(command: CommandDefinition): string {
  return [command.name, ...command.options.map(optionHint)].join(' ');
}

export interface ManifestOptions extends SlackCommandNames {
  appName?: string;
  /** Public base URL for HTTP mode (https://bot.example.com); without it the manifest uses Socket Mode. */
  requestUrl?: string;
}

export interface SlashCommandManifest {
  command: string;
  description: string;
  usage_hint: string;
  should_escape: boolean;
  url?: string;
}

/** The slash commands: the app command with every command as a subcommand, then the direct ones. */
export function slashCommands(
  commands: readonly CommandDefinition[],
  options: ManifestOptions,
): SlashCommandManifest[] {
  const url = options.requestUrl ? eventsUrl(options.requestUrl) : undefined;
  const names = commands.map((c) => c.name);
  const app: SlashCommandManifest = {
    command: `/${options.appCommand}`,
    description: clip(`News briefings from the articles: ${names.join(', ')}`, DESCRIPTION_MAX),
    usage_hint: clip(`${names.join(' | ')} …`, USAGE_HINT_MAX),
    should_escape: false,
    ...(url ? { url } : {}),
  };
  const direct = options.directCommands.map((name) => commands.find((c) => c.name === name)!).filter(Boolean);
  return [
    app,
    ...direct.map((c) => ({
      command: `/${c.name}`,
      description: clip(c.description, DESCRIPTION_MAX),
      usage_hint: clip(usageOf(c).slice(c.name.length + 1) || c.examples[0] || c.name, USAGE_HINT_MAX),
      should_escape: false,
      ...(url ? { url } : {}),
    })),
  ];
}

/** The manifest as an object (Slack's app manifest schema, version 1). Throws on names Slack would refuse. */
export function buildManifest(
  commands: readonly CommandDefinition[],
  options: ManifestOptions,
): Record<string, unknown> {
  const problems = checkCommandNames(options, commands);
  if (problems.length) throw new Error(problems.join('; '));
  const appName = options.appName ?? 'briefbot';
  const url = options.requestUrl ? eventsUrl(options.requestUrl) : undefined;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: appName,
      description:
        'News briefings from a corpus of articles: profiles, timelines, briefs and search, every answer cited.',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: appName, always_online: true },
      slash_commands: slashCommands(commands, options),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !url,
      token_rotation_enabled: false,
    },
  };
}

export function manifestYaml(commands: readonly CommandDefinition[], options: ManifestOptions): string {
  const header = '# Generated by `npm run slack:manifest` from commands/; edit the commands, not this file.\n';
  return header + stringify(buildManifest(commands, options), { lineWidth: 0 });
}

function eventsUrl(base: string): string {
  const url = new URL(base);
  if (url.protocol !== 'https:') throw new Error('the request URL must be https:// (Slack calls only https endpoints)');
  return new URL('/slack/events', url).href;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
