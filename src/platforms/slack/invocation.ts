import type { CommandDefinition } from '../../commands/types.ts';
import { trimEndWhere } from '../../util/trim-end.ts';

/** How Slack users write commands: "/brief who haftar" under the one app command, "/timeline malta" for direct ones. */
export interface SlackSyntax {
  appCommand: string;
  directCommands: readonly string[];
}

/** "who haftar" -> "/brief who haftar", or "/who haftar" style only for commands registered directly. */
export function slackSyntax(names: SlackSyntax): (invocation: string) => string {
  const direct = new Set(names.directCommands);
  return (invocation) => {
    const first = invocation.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    return direct.has(first) ? `/${invocation}` : `/${names.appCommand} ${invocation}`;
  };
}

/** Chat phrasings that start a command without naming it ("who is …", "tell me about …"). */
const CHAT_START = /^(?:(?:who|what)(?:\s+is|\s+are|\s+was|'s|’s)\s|tell me about\s|find\s|look\s?up\s)/i;

/**
 * The command text a slash command stands for. "/timeline malta" -> "timeline malta"; under the app command the
 * first word picks the subcommand ("/brief who haftar"), nothing at all means help, and when the app command is
 * itself a command, other text is its argument ("/brief malta" -> "brief malta").
 */
export function commandText(
  slashCommand: string,
  text: string,
  names: SlackSyntax,
  commands: readonly CommandDefinition[],
): string {
  const typed = text.trim();
  const invoked = slashCommand.replace(/^\//, '').toLowerCase();
  if (invoked !== names.appCommand && names.directCommands.includes(invoked)) return `${invoked} ${typed}`.trim();
  if (!typed) return 'help';
  const first = typed.split(/\s+/)[0].toLowerCase();
  const named = commands.some((c) => c.name === first || c.aliases?.includes(first));
  if (named || CHAT_START.test(typed)) return typed;
  return commands.some((c) => c.name === names.appCommand) ? `${names.appCommand} ${typed}` : typed;
}

/** Whether text asks for help (so the answer can be written in this platform's syntax). */
export function asksForHelp(text: string): boolean {
  const cleaned = trimEndWhere(text.trim().replace(/^\//, ''), /[?!.\s]/).toLowerCase();
  return cleaned === '' || cleaned === 'help' || cleaned === 'commands';
}

/** Removes the bot's own mention wherever it is in the message ("hey @briefbot who is conte"). */
export function withoutBotMention(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(own, ' ').replace(/\s+/g, ' ').trim();
}
