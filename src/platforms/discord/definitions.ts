import { createHash } from 'node:crypto';
import type { CommandDefinition } from '../../commands/types.ts';
import { truncateAtWord } from '../../render/fit.ts';
import { optionMaxLengths } from './custom-ids.ts';

/** The JSON Discord takes for one chat-input command (the subset briefbot uses). */
export interface DiscordCommandJSON {
  name: string;
  description: string;
  type: 1;
  options: DiscordOptionJSON[];
  /** 0 installed to a server, 1 installed to a user. */
  integration_types: number[];
  /** 0 in a server, 1 in a DM with the bot. */
  contexts: number[];
}

export interface DiscordOptionJSON {
  /** 3: string. Dates are strings too: Discord has no date type, and the engine checks the format. */
  type: 3;
  name: string;
  description: string;
  required: boolean;
  autocomplete?: boolean;
  max_length: number;
}

const INSTALL_TO_SERVER = 0;
const INSTALL_TO_USER = 1;
const CONTEXT_SERVER = 0;
const CONTEXT_BOT_DM = 1;

/** Discord's application commands, made from the same definitions every platform uses. */
export function toDiscordCommands(definitions: readonly CommandDefinition[]): DiscordCommandJSON[] {
  return definitions.map((definition) => {
    const maxLengths = optionMaxLengths(definition);
    // Discord refuses a required option after an optional one.
    const ordered = [...definition.options].sort((a, b) => Number(!!b.required) - Number(!!a.required));
    return {
      name: definition.name,
      description: truncateAtWord(definition.description, 100),
      type: 1,
      options: ordered.slice(0, 25).map((o) => ({
        type: 3,
        name: o.name,
        description: truncateAtWord(o.description, 100),
        required: !!o.required,
        ...(o.autocomplete === 'entity' ? { autocomplete: true } : {}),
        max_length: maxLengths[o.name],
      })),
      integration_types: [INSTALL_TO_SERVER, INSTALL_TO_USER],
      contexts: [CONTEXT_SERVER, CONTEXT_BOT_DM],
    };
  });
}

/** A stable fingerprint of what would be registered, and where: registration is skipped when it is unchanged. */
export function commandsHash(commands: DiscordCommandJSON[], scope: string): string {
  return createHash('sha256').update(JSON.stringify({ scope, commands })).digest('hex');
}
