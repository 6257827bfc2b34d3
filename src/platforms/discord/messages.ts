import type { APIEmbed } from 'discord.js';
import type { Briefing, BriefingImage } from '../../briefing/types.ts';
import type { CommandArgs, CommandDefinition } from '../../commands/types.ts';
import { DISCORD_LIMITS, renderDiscordPages, type DiscordRenderOptions } from '../../render/discord.ts';
import { log } from '../../util/log.ts';
import { encodePageId, SHARE_ID } from './custom-ids.ts';

/** Nothing in a message may ping anyone: not @everyone, @here, a role or a user, whatever the text says. */
export const NO_MENTIONS = { parse: [] as string[] };

export const EPHEMERAL = 64;

export interface ButtonJSON {
  type: 2;
  style: 1 | 2;
  label: string;
  custom_id: string;
  disabled?: boolean;
}

export interface ActionRowJSON {
  type: 1;
  components: ButtonJSON[];
}

/** The body of a message, an interaction answer or an edit. */
export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRowJSON[];
  allowed_mentions: typeof NO_MENTIONS;
  flags?: number;
  /** The chart's file metadata (its description is the alt text); the bytes travel in `files`, never as JSON. */
  attachments?: { id: number; filename: string; description: string }[];
  /** Files sent with the message as multipart (discord.js REST): a chart shown in the embed as attachment://name. */
  files?: { name: string; data: Buffer; contentType: string }[];
}

export interface AnswerState {
  command: CommandDefinition;
  args: CommandArgs;
  page: number;
  /** Offer "Share" (the answer is ephemeral and not an error). */
  shareable: boolean;
}

/** One page of a command's answer, with Previous/Next when there are more and Share when it is private. */
export function answerPayload(briefing: Briefing, state: AnswerState, render?: DiscordRenderOptions): MessagePayload {
  const pages = renderDiscordPages(briefing, render);
  const page = Math.min(Math.max(0, state.page), pages.length - 1);
  const buttons: ButtonJSON[] = [];
  const pageId = (n: number) => encodePageId({ command: state.command.name, page: n, args: state.args }, state.command);
  if (pages.length > 1 && pageId(pages.length - 1)) {
    buttons.push(
      {
        type: 2,
        style: 2,
        label: 'Previous',
        custom_id: page > 0 ? pageId(page - 1)! : 'bb|x|prev',
        disabled: page === 0,
      },
      { type: 2, style: 2, label: `${page + 1}/${pages.length}`, custom_id: 'bb|x|count', disabled: true },
      {
        type: 2,
        style: 2,
        label: 'Next',
        custom_id: page < pages.length - 1 ? pageId(page + 1)! : 'bb|x|next',
        disabled: page === pages.length - 1,
      },
    );
  }
  let embed = pages[page];
  if (pages.length > 1 && buttons.length === 0 && embed.footer) {
    // The question is too long to carry in a button id: say how to see the rest rather than offer dead buttons.
    embed = {
      ...embed,
      footer: { text: `${embed.footer.text} · ask a shorter question to page through the rest`.slice(0, 2048) },
    };
  }
  if (state.shareable && !briefing.isError) buttons.push({ type: 2, style: 1, label: 'Share', custom_id: SHARE_ID });
  return {
    embeds: [embed],
    components: buttons.length ? [{ type: 1, components: buttons }] : [],
    allowed_mentions: NO_MENTIONS,
  };
}

/**
 * The first page of an answer with its chart drawn, attached and shown as the embed's image; other pages as they are.
 * A chart that cannot be drawn is left out (logged): the text reads without it.
 */
export async function withChart(payload: MessagePayload, briefing: Briefing, page: number): Promise<MessagePayload> {
  if (page !== 0 || !briefing.image) return payload;
  try {
    return withImage(payload, briefing.image, await briefing.image.render());
  } catch (err) {
    log.warn(
      { err: err instanceof Error ? err.message : String(err), file: briefing.image.filename },
      'discord chart not drawn; answering without it',
    );
    return payload;
  }
}

/** The chart attached to the message and shown as the first embed's image (attachment://filename). */
export function withImage(payload: MessagePayload, image: BriefingImage, png: Buffer): MessagePayload {
  const [first, ...rest] = payload.embeds;
  return {
    ...payload,
    embeds: [{ ...first, image: { url: `attachment://${image.filename}` } }, ...rest],
    attachments: [{ id: 0, filename: image.filename, description: image.alt.slice(0, 1024) }],
    files: [{ name: image.filename, data: png, contentType: 'image/png' }],
  };
}

/** A briefing as whole messages (digests): every page, packed up to 10 embeds and 6,000 characters a message. */
export function briefingMessages(briefing: Briefing, render?: DiscordRenderOptions): MessagePayload[] {
  const messages: MessagePayload[] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of renderDiscordPages(briefing, render)) {
    const length = embedSize(embed);
    if (
      current.length &&
      (current.length >= DISCORD_LIMITS.embedsPerMessage || size + length > DISCORD_LIMITS.embedTotal)
    ) {
      messages.push({ embeds: current, components: [], allowed_mentions: NO_MENTIONS });
      current = [];
      size = 0;
    }
    current.push(embed);
    size += length;
  }
  if (current.length) messages.push({ embeds: current, components: [], allowed_mentions: NO_MENTIONS });
  return messages;
}

function embedSize(embed: APIEmbed): number {
  return JSON.stringify([embed.title, embed.description, embed.fields, embed.footer]).length;
}

/** A short apology, private to the asker, with an id the log ties to the cause. */
export function apologyPayload(errorId: string): MessagePayload {
  return {
    embeds: [
      {
        title: 'Sorry, something went wrong',
        description: `That failed on our side (error ${errorId}). Please try again in a moment.`,
        color: 0xd83c3e,
      },
    ],
    components: [],
    allowed_mentions: NO_MENTIONS,
    flags: EPHEMERAL,
  };
}

/** An answer shared to the channel: the embeds as the asker saw them, the page buttons kept, Share dropped. */
export function sharedPayload(userId: string, embeds: APIEmbed[], components: ActionRowJSON[]): MessagePayload {
  const rows = components
    .map((row) => ({ type: 1 as const, components: row.components.filter((b) => b.custom_id !== SHARE_ID) }))
    .filter((row) => row.components.length > 0);
  return {
    content: `Shared by <@${userId}>`,
    embeds: embeds.slice(0, DISCORD_LIMITS.embedsPerMessage).map(cleanEmbed),
    components: rows,
    allowed_mentions: NO_MENTIONS,
  };
}

/** Only the parts briefbot writes; Discord adds others (type, sizes) that it refuses on the way back in. */
function cleanEmbed(embed: APIEmbed): APIEmbed {
  const { title, description, fields, footer, color, url, image } = embed;
  return {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ...(fields?.length
      ? { fields: fields.map((f) => ({ name: f.name, value: f.value, ...(f.inline ? { inline: true } : {}) })) }
      : {}),
    ...(footer?.text ? { footer: { text: footer.text } } : {}),
    ...(color !== undefined ? { color } : {}),
    ...(url ? { url } : {}),
    // A chart already on Discord's servers is shown again by its address; one not yet uploaded cannot be.
    ...(image?.url && /^https:\/\//.test(image.url) ? { image: { url: image.url } } : {}),
  };
}
