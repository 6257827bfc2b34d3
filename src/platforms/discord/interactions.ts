import { Routes, type APIEmbed, type REST } from 'discord.js';
import type { BotCore } from '../../app/types.ts';
import type { CommandArgs, CommandDefinition, Invoker } from '../../commands/types.ts';
import type { DiscordRenderOptions } from '../../render/discord.ts';
import { errorId, log } from '../../util/log.ts';
import { decodePageId, optionMaxLengths, SHARE_ID } from './custom-ids.ts';
import { withoutInvisible } from '../../commands/invisible.ts';
import { discordSyntax } from './syntax.ts';
import {
  answerPayload,
  apologyPayload,
  EPHEMERAL,
  sharedPayload,
  withChart,
  type ActionRowJSON,
  type MessagePayload,
} from './messages.ts';

/** The parts of Discord's interaction object briefbot reads (the same JSON over the gateway and over HTTP). */
export interface IncomingInteraction {
  id: string;
  application_id: string;
  type: number;
  token: string;
  data?: {
    name?: string;
    options?: { name: string; type: number; value?: string | number | boolean; focused?: boolean }[];
    custom_id?: string;
  };
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string; type?: number };
  member?: { user?: { id: string }; permissions?: string };
  user?: { id: string };
  message?: { id: string; flags?: number; embeds?: APIEmbed[]; components?: ActionRowJSON[] };
  /** 0 in a server, 1 in a DM with the bot, 2 in another private channel. */
  context?: number;
}

export interface InteractionResponse {
  type: number;
  data?: object;
}

/** Sends the one initial answer: over the gateway a REST callback, over HTTP the response body. */
export type Respond = (response: InteractionResponse) => Promise<void>;

export type InteractionHandler = (interaction: IncomingInteraction, respond: Respond) => Promise<void>;

export const InteractionType = { Ping: 1, Command: 2, Component: 3, Autocomplete: 4 } as const;
export const ResponseType = {
  Pong: 1,
  Message: 4,
  DeferredMessage: 5,
  DeferredUpdate: 6,
  UpdateMessage: 7,
  Choices: 8,
} as const;

export interface InteractionHandlerOptions {
  bot: BotCore;
  /** For edits after a deferral (webhook routes, authorised by the interaction token, not the bot token). */
  rest: REST;
  /** A command still running after this long is deferred, then edited in; Discord allows 3 s for the first answer. */
  deferAfterMs?: number;
  render?: DiscordRenderOptions;
}

const AUTOCOMPLETE_CHOICES = 25;
const MANAGE_CHANNELS = 0x10n;
const ADMINISTRATOR = 0x8n;

/**
 * Turns interactions into command calls and briefings into messages. One code path for both transports.
 * A command that answers within deferAfterMs is answered directly; a slower one is deferred first and then edited
 * in. A command that ran slowly before is deferred at once, since synchronous work would block the timer.
 */
export function createInteractionHandler(options: InteractionHandlerOptions): InteractionHandler {
  const { bot, rest } = options;
  const deferAfterMs = options.deferAfterMs ?? 1200;
  const lastDuration = new Map<string, number>();

  /**
   * Answers with a message payload, deferring when the work takes too long; never misses the first answer.
   * update: the answer replaces the message a button is on (page turns) rather than being a new message.
   */
  async function answer(
    interaction: IncomingInteraction,
    respond: Respond,
    how: { key: string; update: boolean; ephemeral: boolean },
    work: () => Promise<MessagePayload>,
  ): Promise<void> {
    const { key, update, ephemeral } = how;
    const started = Date.now();
    const deferral: InteractionResponse = update
      ? { type: ResponseType.DeferredUpdate }
      : { type: ResponseType.DeferredMessage, data: ephemeral ? { flags: EPHEMERAL } : {} };
    let deferred = false;
    const defer = async () => {
      deferred = true;
      await respond(deferral);
    };
    try {
      if ((lastDuration.get(key) ?? 0) > deferAfterMs / 2) await defer();
      const pending = work();
      const payload = deferred
        ? await pending
        : await raceDeadline(pending, deferAfterMs - (Date.now() - started), defer);
      lastDuration.set(key, Date.now() - started);
      // Files cannot go in the first answer's JSON (the HTTP transport's body): a chart comes in an edit.
      if (payload.files?.length && !deferred) await defer();
      if (deferred) await editOriginal(interaction, payload);
      else
        await respond({
          type: update ? ResponseType.UpdateMessage : ResponseType.Message,
          data: { ...payload, ...(ephemeral && !update ? { flags: EPHEMERAL } : {}) },
        });
    } catch (err) {
      await apologise(interaction, respond, deferred, err);
    }
  }

  async function editOriginal(interaction: IncomingInteraction, payload: MessagePayload): Promise<void> {
    const { flags: _flags, files, ...body } = payload;
    await rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token, '@original'), {
      body,
      auth: false,
      ...(files?.length ? { files } : {}),
    });
  }

  async function apologise(
    interaction: IncomingInteraction,
    respond: Respond,
    deferred: boolean,
    err: unknown,
  ): Promise<void> {
    const id = errorId();
    log.error(
      {
        errorId: id,
        interaction: interaction.data?.name ?? interaction.data?.custom_id?.slice(0, 20),
        err: err instanceof Error ? err.message : String(err),
      },
      'discord interaction failed',
    );
    try {
      if (deferred) await editOriginal(interaction, apologyPayload(id));
      else await respond({ type: ResponseType.Message, data: apologyPayload(id) });
    } catch (again) {
      log.warn(
        { errorId: id, err: again instanceof Error ? again.message : String(again) },
        'could not send the apology to Discord',
      );
    }
  }

  const syntax = discordSyntax(bot.commands);

  async function runCommand(
    definition: CommandDefinition,
    args: CommandArgs,
    page: number,
    invoker: Invoker,
    shareable: boolean,
  ): Promise<MessagePayload> {
    const result = await bot.run(definition.name, args, { ...invoker, syntax });
    return withChart(
      answerPayload(result.briefing, { command: definition, args, page, shareable }, options.render),
      result.briefing,
      page,
    );
  }

  async function onCommand(interaction: IncomingInteraction, respond: Respond): Promise<void> {
    const definition = bot.commands.find((c) => c.name === interaction.data?.name);
    const invoker = invokerOf(interaction);
    const ephemeral = !isBotDirectMessage(interaction);
    if (!definition) {
      await respond({ type: ResponseType.Message, data: { ...unknownPayload(), flags: EPHEMERAL } });
      return;
    }
    const args = argsOf(interaction);
    await answer(interaction, respond, { key: definition.name, update: false, ephemeral }, () =>
      runCommand(definition, args, 0, invoker, ephemeral),
    );
  }

  async function onComponent(interaction: IncomingInteraction, respond: Respond): Promise<void> {
    const customId = interaction.data?.custom_id ?? '';
    if (customId === SHARE_ID) {
      const message = interaction.message;
      const payload = sharedPayload(invokerOf(interaction).userId, message?.embeds ?? [], message?.components ?? []);
      await respond({ type: ResponseType.Message, data: payload });
      return;
    }
    const request = decodePageId(customId, bot.commands);
    const definition = request && bot.commands.find((c) => c.name === request.command);
    if (!request || !definition) {
      await respond({ type: ResponseType.DeferredUpdate }); // a disabled or outdated button: nothing to change
      return;
    }
    const shareable = ((interaction.message?.flags ?? 0) & EPHEMERAL) !== 0;
    await answer(interaction, respond, { key: definition.name, update: true, ephemeral: false }, () =>
      runCommand(definition, request.args, request.page, invokerOf(interaction), shareable),
    );
  }

  async function onAutocomplete(interaction: IncomingInteraction, respond: Respond): Promise<void> {
    let choices: { name: string; value: string }[] = [];
    try {
      choices = autocompleteChoices(bot, interaction);
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'discord autocomplete failed'); // an empty list is an answer
    }
    await respond({ type: ResponseType.Choices, data: { choices } });
  }

  return async (interaction, respond) => {
    switch (interaction.type) {
      case InteractionType.Ping:
        return respond({ type: ResponseType.Pong });
      case InteractionType.Command:
        return onCommand(interaction, respond);
      case InteractionType.Component:
        return onComponent(interaction, respond);
      case InteractionType.Autocomplete:
        return onAutocomplete(interaction, respond);
      default:
        return respond({ type: ResponseType.Message, data: { ...unknownPayload(), flags: EPHEMERAL } });
    }
  };
}

/** Resolves with the work's result, calling onLate first if it is not done within ms (the work keeps running). */
async function raceDeadline<T>(work: Promise<T>, ms: number, onLate: () => Promise<void>): Promise<T> {
  const late = Symbol('late');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof late>((resolve) => (timer = setTimeout(() => resolve(late), Math.max(0, ms))));
  try {
    const first = await Promise.race([work, deadline]);
    if (first !== late) return first as T;
  } finally {
    clearTimeout(timer);
  }
  await onLate();
  return work;
}

function unknownPayload(): MessagePayload {
  return {
    embeds: [{ title: 'I do not know that command. Try /help.' }],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** Entity names for the focused option, best first, typos forgiven; values fit the option's registered length. */
export function autocompleteChoices(bot: BotCore, interaction: IncomingInteraction): { name: string; value: string }[] {
  const definition = bot.commands.find((c) => c.name === interaction.data?.name);
  const focused = interaction.data?.options?.find((o) => o.focused);
  const option = definition?.options.find((o) => o.name === focused?.name);
  if (!definition || !option || option.autocomplete !== 'entity') return [];
  const typed = withoutInvisible(String(focused?.value ?? ''))
    .trim()
    .slice(0, 100);
  const maxValue = optionMaxLengths(definition)[option.name];
  const seen = new Set<string>();
  const choices: { name: string; value: string }[] = [];
  for (const s of bot.engine.suggestEntities(typed, AUTOCOMPLETE_CHOICES)) {
    const value = s.name.slice(0, maxValue);
    if (seen.has(value.toLowerCase())) continue;
    seen.add(value.toLowerCase());
    choices.push({ name: `${s.name} (${s.type})`.slice(0, 100), value });
  }
  return choices.slice(0, AUTOCOMPLETE_CHOICES);
}

function argsOf(interaction: IncomingInteraction): CommandArgs {
  const args: CommandArgs = {};
  for (const o of interaction.data?.options ?? []) {
    const value = o.value === undefined ? '' : withoutInvisible(String(o.value)).trim();
    if (value) args[o.name] = value;
  }
  return args;
}

function isBotDirectMessage(interaction: IncomingInteraction): boolean {
  return interaction.context === 1 || (interaction.context === undefined && !interaction.guild_id);
}

/** Who asked, where; in a DM with the bot the user manages their own conversation. */
export function invokerOf(interaction: IncomingInteraction): Invoker {
  const userId = interaction.member?.user?.id ?? interaction.user?.id ?? 'unknown';
  const direct = isBotDirectMessage(interaction);
  let canManage = direct;
  try {
    const permissions = BigInt(interaction.member?.permissions ?? '0');
    canManage ||= (permissions & (MANAGE_CHANNELS | ADMINISTRATOR)) !== 0n;
  } catch {
    // a malformed bitfield grants nothing
  }
  return {
    platform: 'discord',
    userId,
    channelId: interaction.channel_id ?? interaction.channel?.id ?? null,
    isDirectMessage: direct,
    canManageChannel: canManage,
  };
}
