import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/app/bot.ts';
import { HttpServer } from '../../../src/platforms/http/server.ts';
import { startSlack, type SlackAdapter } from '../../../src/platforms/slack/start.ts';
import { FakeSlack, postToBot, slashCommandBody, type SlackCall } from '../../fakes/slack-api.ts';
import { TREND_ARTICLES } from '../../helpers/trend-corpus.ts';

/**
 * A /trend chart through the real Bolt app (HTTP mode) and the real engine on a corpus of our own, against the fake
 * Slack: the file goes up by files.getUploadURLExternal, the upload URL and files.completeUploadExternal, and the
 * answer shows it by its file id.
 */
const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
let fake: FakeSlack;
let http: HttpServer;
let slack: SlackAdapter;
let eventsUrl: string;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  const bot = await createBot({ articles: TREND_ARTICLES });
  http = new HttpServer();
  slack = await startSlack({ bot, botToken: fake.acceptToken, signingSecret: SECRET, http, apiUrl: fake.apiUrl });
  eventsUrl = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/slack/events`;
});

afterAll(async () => {
  await slack?.stop();
  await http?.close();
  await fake?.close();
});

const responseTo = (url: string) => (c: SlackCall) =>
  c.method === 'response' && url.endsWith(`/response/${c.responseId}`);

describe('charts in Slack', () => {
  it('uploads the chart in three steps and shows it in the answer by its file id, with alt text', async () => {
    const responseUrl = fake.responseUrl();
    const ack = await postToBot(
      eventsUrl,
      slashCommandBody({ command: '/brief', text: 'trend haddad verhoeven', responseUrl }),
      { secret: SECRET },
    );
    expect(ack.status).toBe(200);
    const answer = await fake.waitFor(responseTo(responseUrl), 20_000);
    const steps = fake.calls
      .map((c) => c.method)
      .filter((m) => m.startsWith('files.') || m === 'upload' || m === 'response');
    expect(steps).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal', 'response']);
    const [fileId, upload] = [...fake.uploads.entries()][0];
    expect(upload).toMatchObject({ filename: 'trend.png', completed: true });
    expect(upload.altText).toMatch(/^Line chart of articles per week/);
    const png = PNG.sync.read(upload.bytes!);
    expect([png.width, png.height]).toEqual([800, 400]);
    const image = answer.body.blocks.find((b: { type: string }) => b.type === 'image');
    expect(image).toEqual({ type: 'image', slack_file: { id: fileId }, alt_text: upload.altText });
    expect(answer.body.blocks[0].text.text).toBe('Trend: Amira Haddad, Tomas Verhoeven'); // the header first, the chart under it
    expect(JSON.stringify(answer.body.blocks)).toContain('4 articles');
  });

  it('answers with the text alone when Slack refuses the upload', async () => {
    fake.refuseUploads = true;
    try {
      const responseUrl = fake.responseUrl();
      await postToBot(eventsUrl, slashCommandBody({ command: '/brief', text: 'trend haddad', responseUrl }), {
        secret: SECRET,
      });
      const answer = await fake.waitFor(responseTo(responseUrl), 20_000);
      expect(answer.body.blocks.some((b: { type: string }) => b.type === 'image')).toBe(false);
      expect(JSON.stringify(answer.body.blocks)).toContain('peak week of 4 January 2021 (2)');
    } finally {
      fake.refuseUploads = false;
    }
  });
});
