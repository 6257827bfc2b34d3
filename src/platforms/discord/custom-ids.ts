import type { CommandArgs, CommandDefinition } from '../../commands/types.ts';

/**
 * Button ids carry all the state a button needs (command, arguments, page), so a click works after a restart
 * or on another instance behind a load balancer. Discord allows 100 characters per id.
 */
export const CUSTOM_ID_MAX = 100;

export const SHARE_ID = 'bb|share';

export interface PageRequest {
  command: string;
  page: number;
  args: CommandArgs;
}

/** Option values in definition order, "|" separated; "%" and "|" inside a value are percent-encoded. */
export function encodePageId(request: PageRequest, definition: CommandDefinition): string | null {
  const values = definition.options.map((o) => (request.args[o.name] ?? '').replace(/%/g, '%25').replace(/\|/g, '%7C'));
  const id = ['bb', 'p', String(request.page), request.command, ...values].join('|');
  return id.length <= CUSTOM_ID_MAX ? id : null;
}

export function decodePageId(customId: string, definitions: readonly CommandDefinition[]): PageRequest | null {
  const [bb, kind, page, command, ...values] = customId.split('|');
  if (bb !== 'bb' || kind !== 'p' || !/^\d{1,3}$/.test(page ?? '')) return null;
  const definition = definitions.find((d) => d.name === command);
  if (!definition) return null;
  const args: CommandArgs = {};
  definition.options.forEach((option, i) => {
    const value = values[i] ? decodeValue(values[i]) : '';
    if (value) args[option.name] = value;
  });
  return { command, page: Number(page), args };
}

function decodeValue(value: string): string {
  return value.replace(/%7C/gi, '|').replace(/%25/g, '%');
}

/**
 * The longest value each option may take so that a page id always fits: dates are at most 10 characters, counts
 * 4, and text options share what is left. Registered as the options' max_length.
 */
export function optionMaxLengths(definition: CommandDefinition): Record<string, number> {
  const header = ['bb', 'p', '999', definition.name].join('|').length;
  const separators = definition.options.length;
  const fixed = (o: CommandDefinition['options'][number]) => (o.kind === 'date' ? 10 : o.kind === 'count' ? 4 : 0);
  const texts = definition.options.filter((o) => !fixed(o));
  const left = CUSTOM_ID_MAX - header - separators - definition.options.reduce((n, o) => n + fixed(o), 0);
  const perText = Math.max(20, Math.min(100, Math.floor(left / Math.max(1, texts.length))));
  return Object.fromEntries(definition.options.map((o) => [o.name, fixed(o) || perText]));
}
