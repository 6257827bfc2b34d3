import { checkPreconditions } from './preconditions.ts';
import type { CommandArgs, CommandContext, CommandDefinition, CommandResult } from './types.ts';

/** The one way a command is run: its declared preconditions first, then the command. Throws what they throw. */
export async function runCommand(
  command: CommandDefinition,
  args: CommandArgs,
  ctx: CommandContext,
): Promise<CommandResult> {
  checkPreconditions(command.preconditions, ctx);
  return command.run(args, ctx);
}
