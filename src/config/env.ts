import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ConfigError } from '../app/errors.ts';
import { registerSecret } from '../util/log.ts';

/** Every setting of the service, read from the environment (and .env through dotenv), checked once at start. */

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export { ConfigError } from '../app/errors.ts';

const optional = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const token = (prefix: RegExp, what: string) => optional(z.string().regex(prefix, `must start with ${what}`));
const url = optional(z.string().url('must be a URL such as http://127.0.0.1:8080/api/'));
const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  z.array(z.string()),
);

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Malta or UTC');

const schema = z.object({
  CORPUS_DIR: z.string().default('corpus'),
  DATA_DIR: z.string().default('data'),
  BRIEFINGS_DIR: z.string().default('briefings'),
  TZ: z.preprocess((v) => (v === '' || v === undefined ? 'UTC' : v), timeZone),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SCHEDULE_GRACE_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  // Process start and stop (branch start): handler time a chat user may use per minute (src/app/rate-limit.ts).
  CHAT_HANDLER_MS_PER_MINUTE: z.coerce.number().int().min(100).max(600_000).default(5000),

  // Several instances (docs/postgres.md): shared state in PostgreSQL instead of SQLite in DATA_DIR.
  DATABASE_URL: optional(
    z
      .string()
      .regex(
        /^postgres(?:ql)?:\/\/\S+$/,
        'must be a PostgreSQL URL such as postgres://user:password@host:5432/briefbot',
      ),
  ),
  SCHEDULE_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(2)
    .max(24 * 3600)
    .default(600),
  /** With DATABASE_URL: the name of this instance's corpus folder in the shared article store (instances sharing one folder share one). */
  CORPUS_ORIGIN: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores')
    .default('corpus'),

  SLACK_BOT_TOKEN: token(/^xoxb-/, 'xoxb-'),
  SLACK_APP_TOKEN: token(/^xapp-/, 'xapp-'),
  SLACK_SIGNING_SECRET: optional(
    z.string().regex(/^[a-f0-9]{16,}$/i, 'must be the hex signing secret from the Slack app page'),
  ),
  SLACK_API_URL: url,
  SLACK_COMMAND: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/, 'must be 1-32 characters of a-z, 0-9, - and _ (without the slash)')
    .default('brief'),
  SLACK_DIRECT_COMMANDS: list,
  SLACK_ADMIN_USER_IDS: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
    z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'must be Slack user ids such as U012AB3CD, comma-separated')),
  ),
  SLACK_DIGEST_CHANNEL: optional(
    z.string().regex(/^[CGD][A-Z0-9]+$/, 'must be a channel id such as C012AB3CD (not a #name)'),
  ),

  DISCORD_TOKEN: optional(
    z.string().regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'must be the bot token from the Discord developer portal'),
  ),
  DISCORD_APPLICATION_ID: optional(z.string().regex(/^\d{15,22}$/, 'must be the numeric application id')),
  DISCORD_PUBLIC_KEY: optional(z.string().regex(/^[a-f0-9]{64}$/i, 'must be the 64-character hex public key')),
  DISCORD_GUILD_ID: optional(z.string().regex(/^\d{15,22}$/, 'must be a numeric server id')),
  DISCORD_API_URL: url,

  STATUS_TOKEN: optional(z.string().regex(/^\S{16,200}$/, 'must be 16-200 characters without spaces')),
  // Feeds (src/feeds): the feeds file, and whether feeds on loopback/private addresses may be fetched.
  FEEDS_FILE: z.string().default('feeds.yaml'),
  FEEDS_ALLOW_PRIVATE: z
    .preprocess(
      (v) => (v === undefined || v === '' ? 'false' : String(v).toLowerCase()),
      z.enum(['true', 'false'], 'must be true or false'),
    )
    .transform((v) => v === 'true'),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  env: Env;
  corpusDir: string;
  dataDir: string;
  briefingsDir: string;
  timeZone: string;
  port: number;
  slack: 'socket' | 'http' | null;
  discord: 'gateway' | 'http' | null;
}

/** Reads and checks the settings; throws ConfigError with one line per bad value, naming the setting. */
export function loadConfig(overrides: { corpusDir?: string } = {}, source: NodeJS.ProcessEnv = process.env): Config {
  if (source === process.env) dotenv.config({ quiet: true } as dotenv.DotenvConfigOptions);
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`bad setting${lines.length > 1 ? 's' : ''}: ${lines.join('; ')}`);
  }
  const env = parsed.data;
  for (const secret of [
    env.SLACK_BOT_TOKEN,
    env.SLACK_APP_TOKEN,
    env.SLACK_SIGNING_SECRET,
    env.DISCORD_TOKEN,
    databasePassword(env.DATABASE_URL),
    env.STATUS_TOKEN,
  ])
    registerSecret(secret);
  const problems: string[] = [];
  const slack = env.SLACK_BOT_TOKEN ? (env.SLACK_APP_TOKEN ? 'socket' : 'http') : null;
  if (!env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET))
    problems.push('SLACK_BOT_TOKEN: set it (xoxb-…) to run the Slack app');
  if (slack === 'http' && !env.SLACK_SIGNING_SECRET)
    problems.push('SLACK_SIGNING_SECRET: needed for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  // With a public key, interactions arrive over HTTP (the token, if any, is for REST: registration, digests, DMs).
  const discord = env.DISCORD_PUBLIC_KEY ? 'http' : env.DISCORD_TOKEN ? 'gateway' : null;
  if (discord === 'http' && !env.DISCORD_APPLICATION_ID)
    problems.push('DISCORD_APPLICATION_ID: needed with DISCORD_PUBLIC_KEY for Discord HTTP interactions');
  const resolve = (p: string) => path.resolve(process.cwd(), p);
  const corpusDir = resolve(overrides.corpusDir ?? env.CORPUS_DIR);
  if (!existsSync(corpusDir))
    problems.push(`${overrides.corpusDir ? '--corpus' : 'CORPUS_DIR'}: no folder at ${corpusDir}`);
  if (problems.length) throw new ConfigError(problems.join('; '));
  return {
    env,
    corpusDir,
    dataDir: resolve(env.DATA_DIR),
    briefingsDir: resolve(env.BRIEFINGS_DIR),
    timeZone: env.TZ,
    port: env.PORT,
    slack,
    discord,
  };
}

/** The password inside a database URL, so logs redact it like a token. */
function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
