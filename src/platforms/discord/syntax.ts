import { parseInvocation } from '../../commands/parse.ts';
import type { CommandDefinition } from '../../commands/types.ts';

/**
 * Examples written the way Discord users type them: a slash command with named options ("/who name:haftar",
 * "/timeline topic:haftar from:2019-01"), as the client's command picker fills them in.
 */
export function discordSyntax(commands: readonly CommandDefinition[]): (invocation: string) => string {
  return (invocation) => {
    try {
      const { name, args } = parseInvocation(invocation, commands);
      const options = Object.entries(args).map(([option, value]) => `${option}:${value}`);
      return [`/${name}`, ...options].join(' ');
    } catch {
      return `/${invocation}`;
    }
  };
}
