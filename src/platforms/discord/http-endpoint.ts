import type http from 'node:http';
import type { HttpServer } from '../http/server.ts';
import { log } from '../../util/log.ts';
import type { IncomingInteraction, InteractionHandler, InteractionResponse } from './interactions.ts';
import { ed25519PublicKey, verifyDiscordSignature } from './verify.ts';

export const INTERACTIONS_PATH = '/discord/interactions';

/** Interactions are small; anything bigger is not from Discord. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Mounts Discord's interactions endpoint on the service's HTTP server. Each request is verified (Ed25519 over
 * timestamp + raw body) before it is parsed; the first answer is the HTTP response, later edits go through REST.
 * Stateless, so any number of instances can sit behind a load balancer.
 */
export function mountDiscordInteractions(
  server: HttpServer,
  options: { publicKey: string; handler: InteractionHandler },
): void {
  const key = ed25519PublicKey(options.publicKey);
  server.route(INTERACTIONS_PATH, async (req, res) => {
    if (req.method !== 'POST') return plain(res, 405, 'POST only');
    const body = await readBody(req).catch(() => null);
    if (!body) return plain(res, 413, 'body too large or unreadable');
    if (!verifyDiscordSignature(key, header(req, 'x-signature-ed25519'), header(req, 'x-signature-timestamp'), body))
      return plain(res, 401, 'invalid request signature');
    let interaction: IncomingInteraction;
    try {
      interaction = JSON.parse(body.toString('utf8')) as IncomingInteraction;
    } catch {
      return plain(res, 400, 'body is not JSON');
    }
    let answered = false;
    const respond = async (response: InteractionResponse) => {
      if (answered) throw new Error('the HTTP response was already sent');
      answered = true;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
    };
    try {
      await options.handler(interaction, respond);
    } finally {
      if (!answered) {
        log.warn({ type: interaction.type }, 'discord interaction left unanswered');
        plain(res, 500, 'no answer');
      }
    }
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function plain(res: http.ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
