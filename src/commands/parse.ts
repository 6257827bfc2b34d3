import { formatDate } from '../briefing/format.ts';
import type { CommandArgs, CommandDefinition } from './types.ts';
import { UsageError } from './types.ts';
import { withoutInvisible } from './invisible.ts';
import { trimEndWhere } from '../util/trim-end.ts';

/** Turns what a person types into a command and its options: "/who haftar", "who is haftar?", "timeline malta from 2019-01". */

const MAX_INPUT = 500;

/** Phrases people use in chat that mean a command ("who is", "tell me about"). */
const CHAT_FORMS: [RegExp, string][] = [
  [/^(?:who|what)(?:\s+is|\s+are|\s+was|'s|’s)\s+/i, 'who'],
  [/^tell me about\s+/i, 'who'],
  [/^(?:profile|whois)\s+/i, 'who'],
  [/^timeline\s+(?:of|for|on)\s+/i, 'timeline'],
  [/^(?:brief|briefing)\s+(?:me\s+)?(?:on|about)\s+/i, 'brief'],
  [/^(?:find|look up|lookup)\s+/i, 'search'],
];

export interface ParsedInvocation {
  name: string;
  args: CommandArgs;
}

/** Removes a leading slash or bot mention, control characters and trailing question marks. */
export function cleanInput(text: string): string {
  const start = withoutInvisible(text)
    .replace(/^\s*(?:<@[A-Z0-9]+>|@\w+)[\s,:]*/i, '')
    .replace(/^\s*\//, '');
  return trimEndWhere(start, /[?!.\s]/u).trim();
}

export function parseInvocation(text: string, commands: readonly CommandDefinition[]): ParsedInvocation {
  if (text.length > MAX_INPUT * 4)
    throw new UsageError(`That message is too long (${text.length} characters); ask in at most ${MAX_INPUT}.`);
  const input = cleanInput(text);
  if (!input) throw new UsageError('Type a command, for example `who haftar` or `help`.');
  if (input.length > MAX_INPUT)
    throw new UsageError(`That is too long (${input.length} characters); ask in at most ${MAX_INPUT}.`);
  for (const [re, name] of CHAT_FORMS) {
    const m = re.exec(input);
    const command = commands.find((c) => c.name === name);
    if (m && command) return { name, args: parseArgs(command, input.slice(m[0].length)) };
  }
  const [first, ...rest] = input.split(/\s+/);
  const word = first.toLowerCase();
  const command = commands.find((c) => c.name === word || c.aliases?.includes(word));
  if (!command) {
    const names = commands.map((c) => c.name).join(', ');
    throw new UsageError(`Unknown command “${first.slice(0, 40)}”. Try one of: ${names}.`);
  }
  return { name: command.name, args: parseArgs(command, rest.join(' ')) };
}

const DATE_RE =
  /^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}|[A-Za-z]{3,9}\s+\d{1,2},?\s+\d{4}|[A-Za-z]{3,9}\s+\d{4})$/;

/** Options of one command from free text: "name:value" pairs, keyword options ("since 2019-05"), the rest. */
export function parseArgs(command: CommandDefinition, text: string): CommandArgs {
  const args: CommandArgs = {};
  let rest = text.trim();
  for (const option of command.options) {
    const named = new RegExp(`(?:^|\\s)${option.name}:\\s*("[^"]*"|\\S+)`, 'i').exec(rest);
    if (named) {
      args[option.name] = named[1].replace(/^"|"$/g, '');
      rest = (rest.slice(0, named.index) + rest.slice(named.index + named[0].length)).trim();
    }
  }
  for (const option of command.options) {
    if (!option.keyword || args[option.name] !== undefined) continue;
    // A keyword option takes a date only, so "flights from syria" stays a search for those words.
    const re = new RegExp(
      `(?:^|\\s)${option.keyword}\\s+(\\d{4}(?:-\\d{2}(?:-\\d{2})?)?|\\d{1,2}\\s+[A-Za-z]{3,9}\\s+\\d{4}|[A-Za-z]{3,9}\\s+\\d{1,2},?\\s+\\d{4}|[A-Za-z]{3,9}\\s+\\d{4})(?=\\s|$)`,
      'i',
    );
    const m = re.exec(rest);
    if (m) {
      args[option.name] = m[1];
      rest = (rest.slice(0, m.index) + rest.slice(m.index + m[0].length)).trim();
    }
  }
  const restOption = command.options.find((o) => o.rest);
  if (restOption && rest && args[restOption.name] === undefined)
    args[restOption.name] = rest.replace(/^["“]|["”]$/g, '');
  else if (rest && !restOption) throw new UsageError(`\`${command.name}\` takes no “${rest.slice(0, 40)}”.`);
  return validateArgs(command, args);
}

/** Required options present, dates readable; values trimmed. */
export function validateArgs(command: CommandDefinition, raw: CommandArgs): CommandArgs {
  const args: CommandArgs = {};
  for (const option of command.options) {
    const value = raw[option.name]?.trim();
    if (!value) {
      if (option.required)
        throw new UsageError(
          `\`${command.name}\` needs ${option.description.toLowerCase().replace(/\.$/, '')}, e.g. \`${command.examples[0]}\`.`,
        );
      continue;
    }
    if (value.length > MAX_INPUT)
      throw new UsageError(`“${option.name}” is too long; at most ${MAX_INPUT} characters.`);
    if (option.kind === 'date') {
      const iso = toIsoPrefix(value);
      if (!iso)
        throw new UsageError(
          `“${option.name}” wants a date like 2019, 2019-05 or 2019-05-27 (got “${value.slice(0, 30)}”).`,
        );
      args[option.name] = iso;
    } else if (option.kind === 'count') {
      if (!/^\d{1,4}$/.test(value) || +value < 1 || +value > MAX_COUNT)
        throw new UsageError(
          `“${option.name}” wants a whole number from 1 to ${MAX_COUNT} (got “${value.slice(0, 30)}”).`,
        );
      args[option.name] = String(+value);
    } else args[option.name] = value;
  }
  const { from, to } = args;
  if (from && to && endsBeforeItStarts(from, to))
    throw new UsageError(
      `That range ends before it starts (from ${formatDate(from)} to ${formatDate(to)}); did you mean from ${formatDate(to)} to ${formatDate(from)}?`,
    );
  return args;
}

/**
 * True when the span "from A to B" is empty: A's first day is after B's last. Dates are ISO prefixes of any precision
 * ("2019", "2019-05", "2019-05-27"): "from 2019-06 to 2019" is June to December, not backwards.
 */
function endsBeforeItStarts(from: string, to: string): boolean {
  const n = Math.min(from.length, to.length);
  return from.slice(0, n) > to.slice(0, n);
}

/** The largest count an option takes (dates or sentences of a timeline). */
const MAX_COUNT = 1000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "2019", "2019-05", "2019-05-27", "May 2019", "27 May 2019", "May 27, 2019" -> ISO prefix; null if not a real date. */
export function toIsoPrefix(value: string): string | null {
  const v = value.trim();
  if (!DATE_RE.test(v)) return null;
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (m) return checked(+m[1], m[2] ? +m[2] : undefined, m[3] ? +m[3] : undefined);
  m = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(v);
  if (m) return checked(+m[3], month(m[2]), +m[1]);
  m = /^([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})$/.exec(v);
  if (m) return checked(+m[3], month(m[1]), +m[2]);
  m = /^([A-Za-z]+)\s+(\d{4})$/.exec(v);
  if (m) return checked(+m[2], month(m[1]));
  return null;
}

function month(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? 0 : i + 1;
}

function checked(year: number, mon?: number, day?: number): string | null {
  if (year < 1000 || year > 2999) return null;
  if (mon === undefined) return String(year);
  if (mon < 1 || mon > 12) return null;
  const mm = String(mon).padStart(2, '0');
  if (day === undefined) return `${year}-${mm}`;
  const d = new Date(Date.UTC(year, mon - 1, day));
  if (d.getUTCMonth() !== mon - 1 || day < 1) return null;
  return `${year}-${mm}-${String(day).padStart(2, '0')}`;
}
