import type http from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type Logger } from '@slack/bolt';
import type { BotCore } from '../../app/types.ts';
import type { Briefing } from '../../briefing/types.ts';
import type { CommandServices } from '../../commands/types.ts';
import { ConfigError } from '../../config/env.ts';
import { renderSlackPages, type SlackRenderOptions } from '../../render/slack.ts';
import { log, registerSecret } from '../../util/log.ts';
import type { HttpServer } from '../http/server.ts';
import { errorDetails, registerSlackHandlers } from './handlers.ts';
import type { RetryGuard } from './retries.ts';
import { checkCommandNames } from './manifest.ts';
import { shortMessage } from './messages.ts';
import { slackTimestampFresh } from './request-time.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackStartOptions {
  bot: BotCore;
  /** SLACK_BOT_TOKEN (xoxb-). */
  botToken: string;
  /** SLACK_APP_TOKEN (xapp-): Socket Mode. Without it, HTTP mode on the service's server. */
  appToken?: string;
  /** SLACK_SIGNING_SECRET: needed in HTTP mode. */
  signingSecret?: string;
  /** The service's one HTTP server; needed in HTTP mode (mounts /slack/events). */
  http?: HttpServer;
  /** SLACK_API_URL: Web API base (GovSlack, a proxy, a local test server). */
  apiUrl?: string;
  /** SLACK_COMMAND, default "brief". */
  appCommand?: string;
  /** SLACK_DIRECT_COMMANDS. */
  directCommands?: string[];
  /** SLACK_ADMIN_USER_IDS. */
  adminUserIds?: string[];
  /** Channels App Home lists schedules for (SLACK_DIGEST_CHANNEL). */
  homeChannels?: string[];
  /** Events already taken, shared across instances (the store's guard); in memory when absent. */
  retryGuard?: RetryGuard;
  /** The services object given to createBot; the scheduler fills it in later. */
  services?: CommandServices;
  render?: SlackRenderOptions;
}

/** What the scheduler delivers through (a DeliveryTarget), plus stop(). */
export interface SlackAdapter {
  platform: 'slack';
  mode: 'socket' | 'http';
  app: App;
  botUserId: string;
  postBriefing(channelId: string, briefing: Briefing): Promise<void>;
  sendDirectMessage(userId: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

/** A bad setting found at start: one line naming the setting; a ConfigError, so main reports it as one. */
export class SlackConfigError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'SlackConfigError';
  }
}

/**
 * Starts briefbot on Slack. Checks the token with auth.test first (a wrong one stops the start with one line),
 * then runs Socket Mode when an app token is given, else mounts Bolt's HTTP receiver (signature and 5-minute
 * timestamp checks included) at /slack/events on the service's server.
 */
export async function startSlack(options: SlackStartOptions): Promise<SlackAdapter> {
  for (const secret of [options.botToken, options.appToken, options.signingSecret]) registerSecret(secret);
  const names = { appCommand: options.appCommand ?? 'brief', directCommands: options.directCommands ?? [] };
  const mode = options.appToken ? 'socket' : 'http';
  const problems = checkCommandNames(names, options.bot.commands);
  if (mode === 'http' && !options.signingSecret)
    problems.push('SLACK_SIGNING_SECRET: needed for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  if (problems.length) throw new SlackConfigError(problems.join('; '));
  const clientOptions = {
    slackApiUrl: apiBase(options.apiUrl),
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    logger: boltLogger(),
  };
  const identity = await checkToken(options.botToken, clientOptions);

  const app =
    mode === 'socket' ? socketApp(options, identity, clientOptions) : httpApp(options, identity, clientOptions);
  app.error(async (err) => void log.error({ err: errorDetails(err) }, 'slack app error'));
  registerSlackHandlers(app, {
    bot: options.bot,
    ...names,
    adminUserIds: options.adminUserIds,
    services: options.services,
    homeChannels: options.homeChannels,
    render: options.render,
    retryGuard: options.retryGuard,
  });
  if (mode === 'socket') await connectSocket(app);
  log.info(
    { mode, team: identity.team, botUserId: identity.botUserId, command: `/${names.appCommand}` },
    'slack ready',
  );

  return {
    platform: 'slack',
    mode,
    app,
    botUserId: identity.botUserId,
    ...delivery(app.client),
    async stop() {
      if (mode === 'socket') await app.stop();
    },
  };
}

type Identity = Awaited<ReturnType<typeof checkToken>>;
type ClientOptions = NonNullable<ConstructorParameters<typeof App>[0]>['clientOptions'];

/** Bolt with the identity already checked, so it makes no auth.test call of its own. */
const appOptions = (options: SlackStartOptions, identity: Identity, clientOptions: ClientOptions) => ({
  token: options.botToken,
  botId: identity.botId,
  botUserId: identity.botUserId,
  logger: boltLogger(),
  clientOptions,
});

/** Socket Mode; the receiver is built here so apps.connections.open also goes through SLACK_API_URL. */
function socketApp(options: SlackStartOptions, identity: Identity, clientOptions: ClientOptions): App {
  const receiver = new SocketModeReceiver({
    appToken: options.appToken!,
    logger: boltLogger(),
    installerOptions: { clientOptions },
  });
  return new App({ ...appOptions(options, identity, clientOptions), receiver });
}

/** HTTP mode: Bolt's own receiver (signature and timestamp checks) mounted on the service's one server. */
function httpApp(options: SlackStartOptions, identity: Identity, clientOptions: ClientOptions): App {
  if (!options.http) throw new Error('Slack over HTTP needs the service HTTP server');
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret!,
    endpoints: SLACK_EVENTS_PATH,
    logger: boltLogger(),
  });
  const app = new App({ ...appOptions(options, identity, clientOptions), receiver });
  const http = options.http;
  http.route(SLACK_EVENTS_PATH, (req, res) => dispatch(receiver, req, res));
  return app;
}

/** Opens the Socket Mode connection; a refused app token stops the start with one line naming the setting. */
async function connectSocket(app: App): Promise<void> {
  try {
    await app.start();
  } catch (err) {
    await app.stop().catch(() => undefined); // no reconnect loop on a token that will never work
    const code = (err as { data?: { error?: string } }).data?.error;
    throw new SlackConfigError(
      code
        ? `SLACK_APP_TOKEN: Slack refused the app token (${code}); it needs the connections:write scope`
        : `SLACK_API_URL: could not open the Socket Mode connection (${(err as Error).message})`,
    );
  }
}

/** The Web API base must end in a slash (the client appends method names). */
function apiBase(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

async function checkToken(
  token: string,
  clientOptions: object,
): Promise<{ botId: string; botUserId: string; team: string }> {
  const client = new webApi.WebClient(token, { ...clientOptions, retryConfig: { retries: 1 } });
  try {
    const auth = await client.auth.test();
    if (!auth.user_id || !auth.bot_id)
      throw new SlackConfigError(
        'SLACK_BOT_TOKEN: this is not a bot token (use the xoxb- token from OAuth & Permissions)',
      );
    return { botId: auth.bot_id, botUserId: auth.user_id, team: auth.team ?? '' };
  } catch (err) {
    if (err instanceof SlackConfigError) throw err;
    const code = (err as { data?: { error?: string } }).data?.error;
    throw new SlackConfigError(
      code
        ? `SLACK_BOT_TOKEN: Slack refused the token (${code})`
        : `SLACK_API_URL: could not reach Slack (${(err as Error).message})`,
    );
  }
}

/** Bolt's receiver throws for paths and methods it does not serve; those get a plain answer here. */
function dispatch(receiver: HTTPReceiver, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method === 'POST' && !slackTimestampFresh(req.headers['x-slack-request-timestamp'])) {
    req.resume();
    res.writeHead(401, { 'content-type': 'text/plain' }).end('request timestamp outside the 5-minute window');
    return;
  }
  try {
    receiver.requestListener(req, res);
  } catch {
    if (!res.headersSent) res.writeHead(405, { 'content-type': 'text/plain' }).end('POST only');
  }
}

/** Digests to channels and alerts to users; a failure throws (the scheduler retries) with Slack's wait, if any. */
function delivery(client: App['client']): Pick<SlackAdapter, 'postBriefing' | 'sendDirectMessage'> {
  const dmChannels = new Map<string, string>();
  const post = async (channel: string, message: { text: string; blocks?: object[] }) => {
    try {
      await client.chat.postMessage({
        channel,
        ...message,
        unfurl_links: false,
        unfurl_media: false,
      } as webApi.ChatPostMessageArguments);
    } catch (err) {
      throw deliveryError(err);
    }
  };
  return {
    async postBriefing(channelId, briefing) {
      for (const page of renderSlackPages(briefing)) await post(channelId, page);
    },
    async sendDirectMessage(userId, text) {
      let channel = dmChannels.get(userId);
      if (!channel) {
        const opened = await client.conversations
          .open({ users: userId })
          .catch((err) => Promise.reject(deliveryError(err)));
        channel = opened.channel?.id;
        if (!channel) throw new Error(`Slack opened no DM with ${userId}`);
        dmChannels.set(userId, channel);
      }
      await post(channel, shortMessage(text));
    },
  };
}

function deliveryError(err: unknown): Error {
  const e = err as { message?: string; data?: { error?: string }; retryAfter?: number };
  const out = new Error(`slack: ${e.data?.error ?? e.message ?? String(err)}`) as Error & { retryAfterMs?: number };
  if (typeof e.retryAfter === 'number') out.retryAfterMs = e.retryAfter * 1000;
  return out;
}

/** Bolt's and the Web API's log lines go to the service's logger (which redacts tokens). */
function boltLogger(): Logger {
  const child = log.child({ from: 'slack' });
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => child.debug(text(msg)),
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
