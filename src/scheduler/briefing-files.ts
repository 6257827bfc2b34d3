import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BriefbotError } from '../app/errors.ts';
import { cronProblem, isTimeZone } from './cron.ts';
import type { ScheduleSpec } from './types.ts';

/** Briefing files (briefings/*.yaml, *.yml, *.json): one scheduled digest each, in the format of ../shared/CONTRACT.md. */

export class BriefingFileError extends BriefbotError {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super('briefing-file', `${file}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'BriefingFileError';
  }
}

export const DEFAULT_WINDOW_MS = 24 * 3600_000;
export const DEFAULT_MAX_TOKENS = 1500;

const WINDOW_UNITS: Record<string, number> = { m: 60_000, h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "90m", "24h", "7d", "2w" -> milliseconds; null when unreadable. */
export function parseWindow(text: string): number | null {
  const m = /^\s*(\d{1,5})\s*(m|min|h|d|w)\s*$/i.exec(text);
  if (!m || +m[1] === 0) return null;
  return +m[1] * WINDOW_UNITS[m[2][0].toLowerCase()];
}

const fileSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters'),
    schedule: z.string().trim().min(1, 'must be a cron expression such as "0 8 * * 1-5"'),
    timezone: z.string().trim().optional(),
    target: z
      .object({
        platform: z.enum(['slack', 'discord', 'console'], { message: 'must be slack, discord or console' }),
        channel: z.string().trim().optional(),
      })
      .strict(),
    topics: z
      .union([z.string().trim().min(1), z.array(z.string().trim().min(1, 'a topic must not be empty'))])
      .optional(),
    window: z.union([z.string(), z.number()]).optional(),
    maxTokens: z
      .number()
      .int('must be a whole number')
      .min(100, 'at least 100')
      .max(20_000, 'at most 20000')
      .optional(),
    ifNothingNew: z.enum(['post', 'skip'], { message: 'must be post or skip' }).optional(),
  })
  .strict();

/**
 * The environment variables a briefing file may name: its text is posted to chat, so ${SLACK_BOT_TOKEN} or
 * ${DATABASE_URL} must never expand. Documented in .env.example and docs/hardening.md.
 */
export const BRIEFING_ENV_ALLOWED: readonly string[] = ['SLACK_DIGEST_CHANNEL', 'DISCORD_DIGEST_CHANNEL'];
export const BRIEFING_ENV_PREFIX = 'BRIEFING_VAR_';

const mayExpand = (name: string) => BRIEFING_ENV_ALLOWED.includes(name) || name.startsWith(BRIEFING_ENV_PREFIX);

/** Replaces ${VAR} with the environment's value; a refused, missing or empty variable is an error naming it. */
function expandEnv(value: string, env: NodeJS.ProcessEnv, file: string, field: string): string {
  return value.replace(/\$\{([A-Za-z_]\w*)\}/g, (_m, name: string) => {
    if (!mayExpand(name))
      throw new BriefingFileError(
        file,
        field,
        `environment variable ${name} may not be used in a briefing file (allowed: ${BRIEFING_ENV_ALLOWED.join(', ')} and names starting ${BRIEFING_ENV_PREFIX})`,
      );
    const v = env[name];
    if (v === undefined || v.trim() === '')
      throw new BriefingFileError(file, field, `environment variable ${name} is not set`);
    return v.trim();
  });
}

function expandAll(node: unknown, env: NodeJS.ProcessEnv, file: string, at: string): unknown {
  if (typeof node === 'string') return expandEnv(node, env, file, at);
  if (Array.isArray(node)) return node.map((v, i) => expandAll(v, env, file, `${at}[${i}]`));
  if (node && typeof node === 'object')
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, expandAll(v, env, file, at ? `${at}.${k}` : k)]),
    );
  return node;
}

function parseFileText(text: string, file: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new BriefingFileError(
      file,
      '',
      `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

/** Reads and checks one briefing file's text; `file` names it in errors. */
export function parseBriefingFile(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv,
  defaultTimeZone: string,
): ScheduleSpec {
  const raw = parseFileText(text, file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new BriefingFileError(file, '', 'must be a mapping of fields (name, schedule, target, …)');
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys =
      issue.code === 'unrecognized_keys'
        ? ` (unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')})`
        : '';
    throw new BriefingFileError(file, issue.path.join('.') || 'file', `${issue.message}${keys}`);
  }
  const spec = expandAll(parsed.data, env, file, '') as z.infer<typeof fileSchema>;
  const timeZone = spec.timezone || defaultTimeZone;
  if (!isTimeZone(timeZone))
    throw new BriefingFileError(file, 'timezone', `“${timeZone}” is not an IANA time zone (e.g. Europe/Malta, UTC)`);
  const problem = cronProblem(spec.schedule, timeZone);
  if (problem) throw new BriefingFileError(file, 'schedule', problem);
  const channelId = spec.target.channel ?? (spec.target.platform === 'console' ? 'console' : '');
  if (!channelId)
    throw new BriefingFileError(file, 'target.channel', `a ${spec.target.platform} target needs a channel id`);
  const windowMs = spec.window === undefined ? DEFAULT_WINDOW_MS : parseWindow(String(spec.window));
  if (windowMs === null)
    throw new BriefingFileError(file, 'window', `“${spec.window}” is not a duration like 90m, 24h, 7d or 2w`);
  return {
    id: `file:${path.basename(file).replace(/\.(ya?ml|json)$/i, '')}`,
    name: spec.name,
    source: 'file',
    cron: spec.schedule.replace(/\s+/g, ' '),
    timeZone,
    target: { platform: spec.target.platform, channelId },
    topics: typeof spec.topics === 'string' ? [spec.topics] : (spec.topics ?? []),
    windowMs,
    maxTokens: spec.maxTokens ?? DEFAULT_MAX_TOKENS,
    ifNothingNew: spec.ifNothingNew ?? 'post',
    file,
  };
}

/** Every briefing file of a folder (none when it does not exist), in name order; the first bad file throws. */
export function loadBriefingFiles(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
  defaultTimeZone = 'UTC',
): ScheduleSpec[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f) && !f.startsWith('.'))
    .sort();
  const specs = files.map((f) =>
    parseBriefingFile(readFileSync(path.join(dir, f), 'utf8'), path.join(path.basename(dir), f), env, defaultTimeZone),
  );
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.id))
      throw new BriefingFileError(s.file!, '', `another file has the same name (${s.id.slice(5)}); rename one`);
    seen.add(s.id);
  }
  return specs;
}
