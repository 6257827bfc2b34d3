import type { App } from '@slack/bolt';
import type { Briefing, BriefingImage } from '../../briefing/types.ts';
import { log } from '../../util/log.ts';
import { answerMessage, type AnswerOptions } from './messages.ts';
import type { SlackMessage } from '../../render/slack.ts';

type Client = App['client'];

/**
 * Uploads a chart to Slack the current way (files.getUploadURLExternal, the bytes to the URL it gives, then
 * files.completeUploadExternal), shared to no channel: the answer shows it in an image block by its file id, so an
 * ephemeral answer stays private. Resolves with the file id, or null when Slack refused (logged; the text stands alone).
 */
export async function uploadChart(client: Client, image: BriefingImage): Promise<string | null> {
  try {
    const png = await image.render();
    const result = (await client.files.uploadV2({
      file: png,
      filename: image.filename,
      title: image.filename,
      alt_text: image.alt,
    })) as { files?: { files?: { id?: string }[] }[] };
    const id = result.files?.[0]?.files?.[0]?.id;
    if (!id) throw new Error('files.completeUploadExternal returned no file id');
    return id;
  } catch (err) {
    log.warn(
      { err: err instanceof Error ? err.message : String(err), file: image.filename },
      'slack chart not drawn or not uploaded; answering without it',
    );
    return null;
  }
}

/** An answer page, with its chart (first page only) uploaded and shown in an image block. */
export async function answerWithChart(
  client: Client,
  briefing: Briefing,
  options: AnswerOptions = {},
): Promise<SlackMessage> {
  const firstPage = (options.ref?.page ?? 1) === 1;
  const imageFileId = briefing.image && firstPage ? await uploadChart(client, briefing.image) : null;
  return answerMessage(briefing, { ...options, ...(imageFileId ? { imageFileId } : {}) });
}
