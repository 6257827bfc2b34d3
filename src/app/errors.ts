/**
 * The project's one error module (after Bolt's src/errors.ts): every error whose message is meant for the person
 * at the other end (a chat user, the operator at the shell) is a BriefbotError with a code from this table. Anything
 * else is a bug: logged with its stack and answered with an apology and an error id, never shown as it is.
 */
export const ERROR_CODES = {
  usage: 'the command was not written the way it must be (chat answer; CLI exit 2)',
  precondition: 'the command cannot run here: not from the CLI, not outside a channel, not for this user',
  schedule: 'a schedule or follow request the scheduler refuses (chat answer)',
  feed: 'a feed request refused: not a feed address, a private address, an interval out of range (chat answer)',
  config: 'a bad setting found at start (one line naming it; exit 2)',
  'briefing-file': 'a bad briefing file found at start (one line naming the file and field; exit 2)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error whose message is safe and useful to show as it is. */
export class BriefbotError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BriefbotError';
  }
}

/** A command or CLI invocation written wrongly; the answer says how to write it. */
export class UsageError extends BriefbotError {
  constructor(message: string, code: ErrorCode = 'usage') {
    super(code, message);
    this.name = 'UsageError';
  }
}

/** A command's declared precondition failed (see src/commands/preconditions.ts); answered like a usage error. */
export class PreconditionError extends UsageError {
  constructor(message: string) {
    super(message, 'precondition');
    this.name = 'PreconditionError';
  }
}

/** A bad setting found at start: one line naming the setting. */
export class ConfigError extends BriefbotError {
  constructor(message: string) {
    super('config', message);
    this.name = 'ConfigError';
  }
}

/** True for the errors a person may read as they are (a usage answer, a bad setting), false for bugs. */
export function isUserFacing(err: unknown): err is BriefbotError {
  return err instanceof BriefbotError;
}
