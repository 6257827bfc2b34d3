import type { App, BlockButtonAction, RespondArguments } from '@slack/bolt';
import type { BotCore } from '../../app/types.ts';
import type { CommandResult, CommandServices, Invoker } from '../../commands/types.ts';
import type { SlackMessage, SlackRenderOptions } from '../../render/slack.ts';
import { errorId, log } from '../../util/log.ts';
import { homeView } from './home.ts';
import { asksForHelp, commandText, slackSyntax, withoutBotMention, type SlackSyntax } from './invocation.ts';
import { decodeRef, MORE_ACTION, SHARE_ACTION, shortMessage } from './messages.ts';
import { createRetryGuard, type RetryGuard } from './retries.ts';
import { answerWithChart } from './chart-upload.ts';

export interface SlackHandlerOptions extends SlackSyntax {
  bot: BotCore;
  /** Users who may change channel schedules besides workspace admins and owners (SLACK_ADMIN_USER_IDS). */
  adminUserIds?: readonly string[];
  /** Schedules and follows, read when App Home opens (filled in by the scheduler once it runs). */
  services?: CommandServices;
  /** Channels whose schedules App Home lists (e.g. SLACK_DIGEST_CHANNEL). */
  homeChannels?: readonly string[];
  render?: SlackRenderOptions;
  /** Events already taken; in memory when absent, on the shared store with several instances. */
  retryGuard?: RetryGuard;
}

type Client = App['client'];
type Poster = (message: SlackMessage) => Promise<unknown>;

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** Slack's direct-message conversation ids start with D. */
const isDmChannel = (channelId: string | undefined) => Boolean(channelId?.startsWith('D'));
const ADMIN_CACHE_MS = 10 * 60_000;

/**
 * Wires briefbot into a Bolt app: slash commands, DMs, mentions, the answer buttons and App Home. Every handler
 * acknowledges first (Slack allows 3 s) and answers afterwards; a failure is answered with an apology and an error
 * id, its cause logged under that id.
 */
export function registerSlackHandlers(app: App, options: SlackHandlerOptions): void {
  const syntax = slackSyntax(options);
  const ctx: HandlerContext = {
    options,
    syntax,
    answer: answerer(options.bot, syntax),
    canManage: adminCheck(options.adminUserIds ?? []),
  };
  ignoreRetries(app, options.retryGuard);
  registerCommands(app, ctx);
  registerConversations(app, ctx);
  registerButtons(app, ctx);
  registerHome(app, ctx);
}

interface HandlerContext {
  options: SlackHandlerOptions;
  syntax: (invocation: string) => string;
  answer: (text: string, invoker: Invoker) => Promise<CommandResult>;
  canManage: (client: Client, userId: string) => Promise<boolean>;
}

/** Commands answer in the way Slack users type them ("/brief who haftar"), through the invoker's syntax. */
function answerer(bot: BotCore, syntax: (invocation: string) => string): HandlerContext['answer'] {
  return async (text, invoker) =>
    asksForHelp(text) ? bot.run('help', {}, { ...invoker, syntax }) : bot.handleText(text, { ...invoker, syntax });
}

/** A delivery of an event already taken (Slack retries after 3 s without an ack, or on a lost connection) is dropped. */
function ignoreRetries(app: App, retries: RetryGuard = createRetryGuard()): void {
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await retries.firstTime(eventId))) {
      log.info(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        'slack retry of an event already taken; not answering twice',
      );
      return;
    }
    await next();
  });
}

/** The app command and any direct ones: acknowledged at once, answered privately through response_url. */
function registerCommands(app: App, { options, answer, canManage }: HandlerContext): void {
  for (const name of [options.appCommand, ...options.directCommands]) {
    app.command(`/${name}`, async ({ command, ack, respond, client }) => {
      await ack();
      const reply: Poster = (m) => respond({ response_type: 'ephemeral', ...m });
      await guarded(`/${name}`, reply, async () => {
        const text = commandText(command.command, command.text, options, options.bot.commands);
        const isDm = isDmChannel(command.channel_id) || command.channel_name === 'directmessage';
        const invoker = await invokerFor(client, command.user_id, command.channel_id, isDm, canManage);
        const result = await answer(text, invoker);
        await reply(
          await answerWithChart(client, result.briefing, {
            ref: { text, page: 1 },
            shareable: !isDm,
            render: options.render,
          }),
        );
      });
    });
  }
}

/** Direct messages are answered in the DM; mentions in a thread under the message. Bots and edits are ignored. */
function registerConversations(app: App, { options, answer, canManage }: HandlerContext): void {
  app.event('message', async ({ event, client }) => {
    const message = event as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      channel: string;
    };
    if (message.channel_type !== 'im' || message.subtype || message.bot_id || !message.user || !message.text) return;
    const reply: Poster = (m) =>
      client.chat.postMessage({ channel: message.channel, ...m, unfurl_links: false, unfurl_media: false });
    await guarded('message.im', reply, async () => {
      const text = message.text!.trim();
      const invoker = await invokerFor(client, message.user!, message.channel, true, canManage);
      const result = await answer(text, invoker);
      await reply(await answerWithChart(client, result.briefing, { ref: { text, page: 1 }, render: options.render }));
    });
  });

  app.event('app_mention', async ({ event, client, context }) => {
    if (!event.user || event.bot_id) return;
    const threadTs = event.thread_ts ?? event.ts;
    const reply: Poster = (m) =>
      client.chat.postMessage({
        channel: event.channel,
        thread_ts: threadTs,
        ...m,
        unfurl_links: false,
        unfurl_media: false,
      });
    await guarded('app_mention', reply, async () => {
      const text = withoutBotMention(event.text, context.botUserId);
      const invoker = await invokerFor(client, event.user!, event.channel, false, canManage);
      const result = await answer(text, invoker);
      await reply(await answerWithChart(client, result.briefing, { ref: { text, page: 1 }, render: options.render }));
    });
  });
}

/** "Share in channel" posts the answer for everyone and drops the private copy; "More" shows the next page privately. */
function registerButtons(app: App, { options, answer, canManage }: HandlerContext): void {
  app.action<BlockButtonAction>(SHARE_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const reply: Poster = (m) => respond({ response_type: 'ephemeral', replace_original: false, ...m });
    await guarded('share', reply, async () => {
      const ref = decodeRef(action.value);
      if (!ref) return void (await reply(shortMessage('That button has expired; ask again.')));
      const invoker = await invokerFor(
        client,
        body.user.id,
        body.channel?.id ?? null,
        isDmChannel(body.channel?.id),
        canManage,
      );
      const result = await answer(ref.text, invoker);
      const byline = USER_ID.test(body.user.id) ? `Shared by <@${body.user.id}>` : undefined;
      const shared = await answerWithChart(client, result.briefing, { ref, byline, render: options.render });
      await respond({ response_type: 'in_channel', replace_original: false, ...shared } as RespondArguments);
      await respond({ delete_original: true }).catch(() => undefined); // the private copy is no longer needed
    });
  });

  app.action<BlockButtonAction>(MORE_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const threadTs = body.message?.thread_ts;
    const reply: Poster = (m) =>
      respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...m,
      });
    await guarded('more', reply, async () => {
      const ref = decodeRef(action.value);
      if (!ref) return void (await reply(shortMessage('That button has expired; ask again.')));
      const invoker = await invokerFor(
        client,
        body.user.id,
        body.channel?.id ?? null,
        isDmChannel(body.channel?.id),
        canManage,
      );
      const result = await answer(ref.text, invoker);
      await reply(await answerWithChart(client, result.briefing, { ref, render: options.render }));
    });
  });
}

function registerHome(app: App, { options, syntax }: HandlerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({
        user_id: event.user,
        view: await homeView({ ...options, userId: event.user, syntax }),
      });
    } catch (err) {
      log.error({ errorId: errorId(), err: errorDetails(err) }, 'slack App Home not published');
    }
  });
}

/**
 * Lets the acknowledgement leave before the work starts: Node sends a response on the next tick, and a command's
 * synchronous work running from promise callbacks would otherwise hold it back until the answer is ready.
 */
const ackOnTheWire = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs a handler's work; on failure answers with an apology and an error id, and logs the cause under that id. */
async function guarded(what: string, reply: Poster, work: () => Promise<void>): Promise<void> {
  try {
    await ackOnTheWire();
    await work();
  } catch (err) {
    const id = errorId();
    log.error({ errorId: id, handler: what, err: errorDetails(err) }, 'slack handler failed');
    await reply(shortMessage(`Sorry, something went wrong answering that (error ${id}).`)).catch((e) =>
      log.error({ errorId: id, err: errorDetails(e) }, 'slack apology not delivered'),
    );
  }
}

/** Message, Slack error code and stack for the log (which redacts tokens); never sent to chat. */
export function errorDetails(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: string; data?: { error?: string } }).data?.error ?? (err as { code?: string }).code;
  return { message: err.message, ...(code ? { code } : {}), stack: err.stack };
}

async function invokerFor(
  client: Client,
  userId: string,
  channelId: string | null,
  isDirectMessage: boolean,
  canManage: (client: Client, userId: string) => Promise<boolean>,
): Promise<Invoker> {
  return {
    platform: 'slack',
    userId,
    channelId,
    isDirectMessage,
    canManageChannel: isDirectMessage || (await canManage(client, userId)),
  };
}

/**
 * Who may change a channel's schedules: the configured users, and workspace admins and owners (users.info,
 * cached). If Slack cannot say, the answer is no: a refusal is safer than letting anyone edit schedules.
 */
function adminCheck(adminUserIds: readonly string[]): (client: Client, userId: string) => Promise<boolean> {
  const configured = new Set(adminUserIds);
  const cache = new Map<string, { admin: boolean; until: number }>();
  return async (client, userId) => {
    if (configured.has(userId)) return true;
    const cached = cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.admin;
    try {
      const info = await client.users.info({ user: userId });
      const admin = Boolean(info.user?.is_admin || info.user?.is_owner || info.user?.is_primary_owner);
      cache.set(userId, { admin, until: Date.now() + ADMIN_CACHE_MS });
      return admin;
    } catch (err) {
      log.warn({ err: errorDetails(err).message }, 'slack users.info failed; treating the user as not an admin');
      return false;
    }
  };
}
