import type { Briefing } from '../../briefing/types.ts';
import {
  escapeWithin,
  morePagesBlock,
  renderSlackPages,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  type SlackRenderOptions,
} from '../../render/slack.ts';

/** Action ids of the buttons briefbot puts under an answer. */
export const SHARE_ACTION = 'briefbot_share';
export const MORE_ACTION = 'briefbot_more';

/**
 * What a button needs to answer again: the command text and the page. Buttons re-run the command rather than
 * point at a stored answer, so they keep working across restarts and instances.
 */
export interface AnswerRef {
  text: string;
  page: number;
}

export function encodeRef(ref: AnswerRef): string | null {
  const value = JSON.stringify({ t: ref.text, p: ref.page });
  return value.length <= SLACK_LIMITS.buttonValue ? value : null;
}

/** The ref in a button's value, or null for a value briefbot did not write. */
export function decodeRef(value: string | undefined): AnswerRef | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { t?: unknown; p?: unknown };
    if (typeof parsed.t !== 'string' || !Number.isInteger(parsed.p) || (parsed.p as number) < 1) return null;
    return { text: parsed.t, page: parsed.p as number };
  } catch {
    return null;
  }
}

export interface AnswerOptions {
  /** The command text the answer came from; without it no buttons are offered. */
  ref?: AnswerRef;
  /** Offer "Share in channel" (ephemeral answers in a channel). */
  shareable?: boolean;
  /** A context line first, e.g. who shared the answer. */
  byline?: string;
  render?: SlackRenderOptions;
  /** A chart already uploaded to Slack (chart-upload.ts), shown under the answer's first block. */
  imageFileId?: string;
}

/** One page of an answer with its buttons: "Share in channel" and "More (2/3)". */
export function answerMessage(briefing: Briefing, options: AnswerOptions = {}): SlackMessage {
  const pages = renderSlackPages(briefing, options.render);
  const page = Math.min(Math.max(options.ref?.page ?? 1, 1), pages.length);
  const message = pages[page - 1];
  const blocks: SlackBlock[] = [...message.blocks];
  if (options.imageFileId && briefing.image) {
    blocks.splice(Math.min(1, blocks.length), 0, {
      type: 'image',
      slack_file: { id: options.imageFileId },
      alt_text: briefing.image.alt.slice(0, 2000),
    });
  }
  if (options.byline) blocks.unshift({ type: 'context', elements: [{ type: 'mrkdwn', text: options.byline }] });
  const buttons = options.ref
    ? answerButtons(options.ref.text, page, pages.length, Boolean(options.shareable && !briefing.isError))
    : [];
  if (buttons.length) blocks.push({ type: 'actions', block_id: 'briefbot_answer_actions', elements: buttons });
  const offersMore = buttons.some((b) => 'action_id' in b && b.action_id === MORE_ACTION);
  if (page < pages.length && !offersMore) blocks.push(morePagesBlock(pages.length - page));
  return { text: message.text, blocks };
}

type ButtonElement = Extract<SlackBlock, { type: 'actions' }>['elements'][number];

function answerButtons(text: string, page: number, pages: number, shareable: boolean): ButtonElement[] {
  const buttons: ButtonElement[] = [];
  const shareValue = encodeRef({ text, page });
  if (shareable && shareValue)
    buttons.push({
      type: 'button',
      action_id: SHARE_ACTION,
      text: { type: 'plain_text', text: 'Share in channel' },
      value: shareValue,
    });
  const moreValue = page < pages ? encodeRef({ text, page: page + 1 }) : null;
  if (moreValue)
    buttons.push({
      type: 'button',
      action_id: MORE_ACTION,
      text: { type: 'plain_text', text: `More (${page + 1}/${pages})` },
      value: moreValue,
      style: 'primary',
    });
  return buttons;
}

/** A short plain message (apologies, alerts): escaped, within one section's limit. */
export function shortMessage(text: string): SlackMessage {
  const escaped = escapeWithin(text, SLACK_LIMITS.sectionText - 100);
  return { text: escaped, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escaped } }] };
}
