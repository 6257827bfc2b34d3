import type { CommandArgs, CommandDefinition, CommandResult, Invoker } from '../commands/types.ts';
import type { Engine } from '../index/types.ts';

/**
 * What a platform adapter (console, Slack, Discord) is given: the commands and a way to run them.
 * Adapters turn platform events into these calls and render the returned briefing; they know nothing of NLP.
 */
export interface BotCore {
  readonly commands: readonly CommandDefinition[];
  readonly engine: Engine;
  /** Parses free text the way a user types it ("/who haftar", "who is haftar?", "timeline malta from 2019") and runs it. Unknown or malformed input returns a short error briefing (isError), never throws. */
  handleText(text: string, invoker: Invoker): Promise<CommandResult>;
  /** Runs a command from structured options (Discord options, Slack subcommand already split). */
  run(name: string, args: CommandArgs, invoker: Invoker): Promise<CommandResult>;
}
