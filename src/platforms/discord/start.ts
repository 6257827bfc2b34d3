import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Routes, type REST } from 'discord.js';
import type { BotCore } from '../../app/types.ts';
import type { Briefing } from '../../briefing/types.ts';
import { DISCORD_LIMITS, escapeWithin, type DiscordRenderOptions } from '../../render/discord.ts';
import { log, registerSecret } from '../../util/log.ts';
import type { HttpServer } from '../http/server.ts';
import { mountDiscordInteractions } from './http-endpoint.ts';
import { createInteractionHandler, type IncomingInteraction, type InteractionHandler } from './interactions.ts';
import { briefingMessages, NO_MENTIONS } from './messages.ts';
import { registerIfChanged } from './register.ts';
import { createDiscordRest } from './rest.ts';
import { trimEndWhere } from '../../util/trim-end.ts';

export interface DiscordStartOptions {
  bot: BotCore;
  /** gateway: a discord.js client on DISCORD_TOKEN; http: signed requests at /discord/interactions (no gateway). */
  mode: 'gateway' | 'http';
  /** DISCORD_TOKEN: needed for the gateway, for registration and for posting digests and DMs. */
  token?: string;
  /** DISCORD_APPLICATION_ID: needed in http mode; otherwise asked of Discord when absent. */
  applicationId?: string;
  /** DISCORD_PUBLIC_KEY: needed in http mode. */
  publicKey?: string;
  /** The service's one HTTP server; needed in http mode. */
  http?: HttpServer;
  /** DISCORD_API_URL */
  apiUrl?: string;
  /** DISCORD_GUILD_ID: register the commands to this server only. */
  guildId?: string;
  /** DATA_DIR: where the hash of the last registered commands is kept. */
  dataDir?: string;
  /** Register changed definitions on start (default true when a token is given). */
  registerOnStart?: boolean;
  deferAfterMs?: number;
  /** How long start waits for the gateway's first ready before carrying on (default 30 s). */
  readyTimeoutMs?: number;
  render?: DiscordRenderOptions;
}

/** What the scheduler posts digests and follow alerts through (a DeliveryTarget), plus stop(). */
export interface DiscordAdapter {
  platform: 'discord';
  postBriefing(channelId: string, briefing: Briefing): Promise<void>;
  sendDirectMessage(userId: string, text: string): Promise<void>;
  stop(): Promise<void>;
  /** The gateway client (gateway mode only). */
  readonly client: Client | null;
  readonly handler: InteractionHandler;
}

/** Starts briefbot on Discord; resolves once the gateway is ready (gateway mode) or the endpoint is mounted (http mode). */
export async function startDiscord(options: DiscordStartOptions): Promise<DiscordAdapter> {
  registerSecret(options.token);
  if (options.mode === 'http' && (!options.http || !options.publicKey))
    throw new Error('Discord HTTP interactions need DISCORD_PUBLIC_KEY and the HTTP server');
  if (options.mode === 'gateway' && !options.token) throw new Error('Discord gateway mode needs DISCORD_TOKEN');
  const rest = createDiscordRest({ token: options.token, apiUrl: options.apiUrl });
  const handler = createInteractionHandler({
    bot: options.bot,
    rest,
    deferAfterMs: options.deferAfterMs,
    render: options.render,
  });
  if (options.token && options.registerOnStart !== false) await registerOnStart(rest, options);

  let client: Client | null = null;
  if (options.mode === 'http') {
    mountDiscordInteractions(options.http!, { publicKey: options.publicKey!, handler });
    log.info({ path: '/discord/interactions' }, 'discord interactions endpoint mounted');
  } else {
    client = await startGateway(options.token!, options.apiUrl, handler, rest, options.readyTimeoutMs ?? 30_000);
  }
  const delivery = deliveryTo(rest, options.token);
  return {
    platform: 'discord',
    ...delivery,
    client,
    handler,
    async stop() {
      client?.removeAllListeners(); // a deliberate close is not a reconnect worth logging
      await client?.destroy();
    },
  };
}

async function registerOnStart(rest: REST, options: DiscordStartOptions): Promise<void> {
  try {
    const result = await registerIfChanged({
      rest,
      definitions: options.bot.commands,
      applicationId: options.applicationId,
      guildId: options.guildId,
      dataDir: options.dataDir ?? 'data',
    });
    log.info(
      { scope: result.scope, commands: result.commands.length, registered: result.registered },
      result.registered ? 'discord commands registered' : 'discord commands unchanged',
    );
  } catch (err) {
    log.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'discord command registration failed; run npm run discord:register',
    );
  }
}

/**
 * The gateway with the fewest intents: Guilds only (server count, no privileged intent). Slash commands and
 * DM interactions need no more. Interactions are taken raw so both transports share one handler; reconnects
 * and resumes are discord.js's job.
 */
async function startGateway(
  token: string,
  apiUrl: string | undefined,
  handler: InteractionHandler,
  rest: REST,
  readyTimeoutMs: number,
): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(apiUrl ? { rest: { api: trimEndWhere(apiUrl, /\//) } } : {}),
  });
  client.on(Events.Raw as never, (packet: { t?: string; d?: IncomingInteraction }) => {
    if (packet.t !== 'INTERACTION_CREATE' || !packet.d) return;
    const interaction = packet.d;
    const respond = async (response: object) => {
      await rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: response, auth: false });
    };
    handler(interaction, respond).catch((err) =>
      log.error({ err: err instanceof Error ? err.message : String(err) }, 'discord interaction not answered'),
    );
  });
  client.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'discord gateway reconnecting'));
  client.on(Events.ShardResume, (shard) => log.info({ shard }, 'discord gateway resumed'));
  client.on(Events.Error, (err) => log.error({ err: err.message }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
  client.once(Events.ClientReady, (c) => log.info({ user: c.user.tag, servers: c.guilds.cache.size }, 'discord ready'));
  const ready = once(client, Events.ClientReady);
  await client.login(token);
  // Waits for ready, but not forever: when Discord is slow the service comes up and discord.js keeps trying.
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    ready.then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), readyTimeoutMs))),
  ]);
  clearTimeout(timer);
  if (!waited)
    log.warn({ waitedMs: readyTimeoutMs }, 'discord gateway not ready yet; carrying on, discord.js keeps connecting');
  return client;
}

/** Digests to channels and alerts to users, through the same renderer; failures throw (the scheduler retries). */
function deliveryTo(rest: REST, token: string | undefined): Pick<DiscordAdapter, 'postBriefing' | 'sendDirectMessage'> {
  const dmChannels = new Map<string, string>();
  const needToken = () => {
    if (!token) throw new Error('posting to Discord needs DISCORD_TOKEN');
  };
  return {
    async postBriefing(channelId, briefing) {
      needToken();
      for (const body of briefingMessages(briefing)) await rest.post(Routes.channelMessages(channelId), { body });
    },
    async sendDirectMessage(userId, text) {
      needToken();
      let channelId = dmChannels.get(userId);
      if (!channelId) {
        const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
        channelId = channel.id;
        dmChannels.set(userId, channelId);
      }
      const content = escapeWithin(text, DISCORD_LIMITS.content);
      await rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: NO_MENTIONS } });
    },
  };
}
