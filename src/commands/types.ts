import type { Briefing } from '../briefing/types.ts';
import type { Engine } from '../index/types.ts';
import type { PreconditionName } from './preconditions.ts';
import type { FeedService } from '../feeds/service.ts';
import type { FollowService, ScheduleService } from '../scheduler/types.ts';

/** One option of a command, as every platform registers it (Discord options, Slack usage text, console help). */
export interface CommandOption {
  name: string;
  description: string;
  required?: boolean;
  /** The rest of the text after the command fills this option ("/who khalifa haftar"). At most one per command. */
  rest?: boolean;
  /** Keyword form in free text: "/timeline malta from 2019-01 to 2019-06". */
  keyword?: string;
  /** Offer entity names as you type (Discord autocomplete). */
  autocomplete?: 'entity';
  /** Expected value: free text, a date (YYYY, YYYY-MM, YYYY-MM-DD), or a count (a whole number from 1 to 1000). */
  kind?: 'text' | 'date' | 'count';
}

/** Who asked, where: what a command may need to know of the conversation, without knowing the platform. */
export interface Invoker {
  platform: 'console' | 'cli' | 'slack' | 'discord';
  userId: string;
  /** The conversation the command came from; null on the CLI. */
  channelId: string | null;
  isDirectMessage: boolean;
  /** Whether the platform says this user may manage the channel (change its schedules). */
  canManageChannel: boolean;
  /** How this platform writes an invocation ("who haftar" -> "/brief who haftar" on Slack); default "/who haftar". */
  syntax?: (invocation: string) => string;
}

export interface CommandContext {
  engine: Engine;
  invoker: Invoker;
  /** The current time; tests control it. */
  now: () => Date;
  /** Services that only some deployments have (schedules and follows, from the scheduler). */
  services: CommandServices;
  /** How this platform writes an invocation, for help texts: "who haftar" -> "/brief who haftar" on Slack. Default "/who haftar". */
  syntax?: (invocation: string) => string;
}

/** Filled in by the scheduler when it runs; commands that need one answer politely when it is absent. */
export interface CommandServices {
  schedules?: ScheduleService;
  follows?: FollowService;
  feeds?: FeedService;
}

export type CommandArgs = Record<string, string | undefined>;

export interface CommandResult {
  briefing: Briefing;
  /** The JSON answer of ../shared/CONTRACT.md for this command (`--json`). */
  data: Record<string, unknown>;
}

export interface CommandDefinition {
  name: string;
  description: string;
  options: CommandOption[];
  /** Example invocations for /help, without the slash: "who haftar". */
  examples: string[];
  /** Other words that start this command in free text ("who is" → who). */
  aliases?: string[];
  /** Where it may run, checked once before run() by runCommand (src/commands/run.ts); rules in ./preconditions.ts. */
  preconditions?: readonly PreconditionName[];
  run(args: CommandArgs, ctx: CommandContext): Promise<CommandResult> | CommandResult;
}

/** Kept here for the commands that import it from this module; the error classes live in src/app/errors.ts. */
export { UsageError } from '../app/errors.ts';
