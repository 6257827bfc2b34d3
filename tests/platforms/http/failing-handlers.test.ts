import { afterEach, describe, expect, it } from 'vitest';
import { mountDiscordInteractions } from '../../../src/platforms/discord/http-endpoint.ts';
import type { InteractionHandler } from '../../../src/platforms/discord/interactions.ts';
import { HttpServer } from '../../../src/platforms/http/server.ts';
import { fakeInteraction, InteractionSigner } from '../../fakes/discord-api.ts';

/**
 * Issue 15 item 5: a validly signed Discord interaction whose handler throws ended the response twice
 * (ERR_STREAM_WRITE_AFTER_END, an unhandled error event) and killed the process. One failing request must be
 * answered once, with 500 when nothing was sent yet, and the server must go on answering.
 */
const signer = new InteractionSigner();
const servers: HttpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(setup: (http: HttpServer) => void): Promise<string> {
  const http = new HttpServer();
  servers.push(http);
  setup(http);
  http.markReady();
  const port = await http.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

async function postInteraction(base: string): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(fakeInteraction({ type: 2, data: { id: '1', name: 'who', type: 1, options: [] } }));
  const res = await fetch(`${base}/discord/interactions`, { method: 'POST', body, headers: signer.headers(body) });
  return { status: res.status, text: await res.text() };
}

/** Lets any error event of a failed request surface (an uncaught one fails the test run) before checking on. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('a failing request never ends the process', () => {
  it('a Discord handler that answers, then throws: the answer stands and the server goes on', async () => {
    const handler: InteractionHandler = async (_interaction, respond) => {
      await respond({ type: 4, data: { content: 'here' } });
      throw new Error('handler bug after answering');
    };
    const base = await serve((http) => mountDiscordInteractions(http, { publicKey: signer.publicKeyHex, handler }));
    const first = await postInteraction(base);
    expect(first).toEqual({ status: 200, text: JSON.stringify({ type: 4, data: { content: 'here' } }) });
    await settle();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await postInteraction(base)).status).toBe(200);
  });

  it('a Discord handler that throws before answering gets one 500, and the server goes on', async () => {
    const handler: InteractionHandler = async () => {
      throw new Error('handler bug');
    };
    const base = await serve((http) => mountDiscordInteractions(http, { publicKey: signer.publicKeyHex, handler }));
    expect((await postInteraction(base)).status).toBe(500);
    await settle();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('any route that ends its response and then throws is not answered twice', async () => {
    const base = await serve((http) =>
      http.route('/boom', async (_req, res) => {
        res.writeHead(202).end('accepted');
        throw new Error('bug after the answer');
      }),
    );
    const res = await fetch(`${base}/boom`);
    expect([res.status, await res.text()]).toEqual([202, 'accepted']);
    await settle();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
