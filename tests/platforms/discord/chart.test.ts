import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/app/bot.ts';
import { HttpServer } from '../../../src/platforms/http/server.ts';
import { startDiscord } from '../../../src/platforms/discord/start.ts';
import { FAKE_APPLICATION_ID, FakeDiscord, fakeInteraction, InteractionSigner } from '../../fakes/discord-api.ts';
import { TREND_ARTICLES } from '../../helpers/trend-corpus.ts';

/**
 * A /trend chart through Discord HTTP interactions with the real engine on a corpus of our own: the first answer is a
 * deferral (files cannot ride in its JSON), then discord.js REST edits the answer in as multipart, the PNG attached
 * and shown as the embed's image.
 */
let fake: FakeDiscord;
let http: HttpServer;
let url: string;
const signer = new InteractionSigner();

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  http = new HttpServer();
  const bot = await createBot({ articles: TREND_ARTICLES });
  await startDiscord({
    mode: 'http',
    bot,
    http,
    publicKey: signer.publicKeyHex,
    applicationId: FAKE_APPLICATION_ID,
    apiUrl: fake.apiUrl,
    registerOnStart: false,
  });
  url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/discord/interactions`;
});

afterAll(async () => {
  await http?.close();
  await fake?.close();
});

async function post(interaction: object): Promise<{ status: number; json: any }> {
  const body = JSON.stringify(interaction);
  const res = await fetch(url, { method: 'POST', body, headers: signer.headers(body) });
  return { status: res.status, json: await res.json() };
}

describe('charts in Discord', () => {
  it('attaches the chart to the answer and shows it in the embed', async () => {
    const interaction = fakeInteraction({
      type: 2,
      data: { id: '1', name: 'trend', type: 1, options: [{ name: 'names', type: 3, value: 'haddad verhoeven' }] },
    }) as { token: string };
    const first = await post(interaction);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ type: 5, data: { flags: 64 } }); // deferred, private
    const edit = await fake.waitFor(
      (r) =>
        r.method === 'PATCH' && r.path === `/webhooks/${FAKE_APPLICATION_ID}/${interaction.token}/messages/@original`,
      20_000,
    );
    expect(edit.files).toHaveLength(1);
    const [file] = edit.files!;
    expect(file).toMatchObject({ name: 'trend.png', contentType: 'image/png' });
    const png = PNG.sync.read(file.bytes);
    expect([png.width, png.height]).toEqual([800, 400]);
    expect(file.bytes.length).toBeLessThanOrEqual(200 * 1024);
    expect(edit.body.embeds[0].image).toEqual({ url: 'attachment://trend.png' });
    expect(edit.body.embeds[0].title).toBe('Trend: Amira Haddad, Tomas Verhoeven');
    expect(edit.body.attachments).toEqual([
      { id: 0, filename: 'trend.png', description: expect.stringMatching(/^Line chart of articles per week/) },
    ]);
    expect(edit.body.embeds[0].fields[0].value).toContain(
      '**Amira Haddad** · 4 articles · peak week of 4 January 2021 \\(2\\)',
    );
  });

  it('edits in an answer without a chart as JSON alone', async () => {
    const interaction = fakeInteraction({
      type: 2,
      data: {
        id: '1',
        name: 'trend',
        type: 1,
        options: [
          { name: 'names', type: 3, value: 'haddad' },
          { name: 'from', type: 3, value: '2030' },
        ],
      },
    }) as { token: string };
    const first = await post(interaction);
    // A command that ran slowly before is deferred at once; one that answers in time comes in the response itself.
    const answer =
      first.json.type === 4
        ? first.json.data
        : (await fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(interaction.token), 20_000)).body;
    expect(answer.embeds[0].image).toBeUndefined();
    expect(answer.attachments).toBeUndefined();
    expect(JSON.stringify(answer.embeds)).toContain('No dated articles mention');
  });
});
