import { readFrame, sendFrame } from './websocket-frames.ts';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A local stand-in for Discord, on 127.0.0.1 and a random port: the REST API under /api/v10 (what briefbot and
 * discord.js call) and a gateway WebSocket (hello, identify, ready, dispatch). It records every request so tests
 * can assert on exactly what was sent. Also signs HTTP interactions the way Discord does.
 */
export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. /interactions/1/tok/callback */
  path: string;
  body: any;
  /** Files of a multipart request (attachments), as received; the JSON part is in body. */
  files?: { field: string; name: string; contentType: string; bytes: Buffer }[];
  authorization: string | undefined;
  at: number;
}

export interface GatewayIdentify {
  token: string;
  intents: number;
}

export const FAKE_APPLICATION_ID = '100000000000000001';
export const FAKE_BOT_USER = {
  id: '100000000000000002',
  username: 'briefbot',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
  flags: 0,
};

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly identifies: GatewayIdentify[] = [];
  /** Servers the bot is in, announced after READY. */
  guildIds: string[] = ['200000000000000001'];
  /** Extra delay on interaction callbacks, to stand in for a slow network. */
  callbackDelayMs = 0;
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));
  private readonly sockets = new Set<GatewaySocket>();
  private readonly waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private port = 0;
  private sequence = 0;
  private nextId = 300000000000000000n;

  async start(): Promise<this> {
    this.server.on('upgrade', (req, socket) => this.onUpgrade(req, socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** What DISCORD_API_URL would be set to. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves with the first recorded (or next) request matching; rejects after timeoutMs. */
  waitFor(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the fake Discord saw no such request')), timeoutMs);
      this.waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  requestsTo(pattern: RegExp, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => pattern.test(r.path) && (!method || r.method === method));
  }

  /** Sends an interaction over the gateway, as Discord does, to every identified connection. */
  dispatchInteraction(interaction: object): void {
    for (const socket of this.sockets)
      if (socket.identified) socket.send({ op: 0, t: 'INTERACTION_CREATE', s: ++this.sequence, d: interaction });
  }

  private snowflake(): string {
    return String(this.nextId++);
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const path = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/api\/v10/, '');
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown;
    let files: RecordedRequest['files'];
    if (contentType.startsWith('multipart/form-data')) ({ body, files } = await parseMultipart(raw, contentType));
    else {
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      body,
      ...(files ? { files } : {}),
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    this.requests.push(recorded);
    if (/^\/interactions\//.test(path) && this.callbackDelayMs)
      await new Promise((r) => setTimeout(r, this.callbackDelayMs));
    const [status, answer] = this.answer(recorded);
    if (answer === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    for (const w of [...this.waiters]) {
      if (w.match(recorded)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(recorded);
      }
    }
  }

  private answer(r: RecordedRequest): [number, unknown] {
    const needsBot = !/^\/(interactions|webhooks)\//.test(r.path);
    if (needsBot && !r.authorization?.startsWith('Bot ')) return [401, { message: '401: Unauthorized', code: 0 }];
    const route = `${r.method} ${r.path}`;
    if (route === 'GET /gateway/bot') {
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      ];
    }
    if (route === 'GET /applications/@me') return [200, { id: FAKE_APPLICATION_ID, name: 'briefbot', flags: 0 }];
    if (route === 'GET /users/@me') return [200, FAKE_BOT_USER];
    if (r.method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(r.path)) {
      return [
        200,
        (r.body as object[]).map((c) => ({
          ...c,
          id: this.snowflake(),
          application_id: FAKE_APPLICATION_ID,
          version: '1',
        })),
      ];
    }
    if (r.method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(r.path)) return [204, undefined];
    if (r.method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(r.path))
      return [200, this.message('0', r.body)];
    if (r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path)) return [200, this.message('0', r.body)];
    if (route === 'POST /users/@me/channels')
      return [200, { id: `9${(r.body as { recipient_id: string }).recipient_id}`, type: 1 }];
    const channel = /^\/channels\/(\d+)\/messages$/.exec(r.path);
    if (r.method === 'POST' && channel) return [200, this.message(channel[1], r.body)];
    return [404, { message: 'Unknown route', code: 0 }];
  }

  private message(channelId: string, body: unknown): object {
    return {
      id: this.snowflake(),
      channel_id: channelId,
      author: FAKE_BOT_USER,
      content: '',
      embeds: [],
      components: [],
      ...(body as object),
      timestamp: new Date().toISOString(),
    };
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') return void socket.destroy();
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const gateway = new GatewaySocket(socket, (message) => this.onGatewayMessage(gateway, message));
    this.sockets.add(gateway);
    socket.on('close', () => this.sockets.delete(gateway));
    gateway.send({ op: 10, d: { heartbeat_interval: 41250 } });
  }

  private onGatewayMessage(socket: GatewaySocket, message: { op: number; d: any }): void {
    if (message.op === 1) return socket.send({ op: 11 });
    if (message.op !== 2) return;
    this.identifies.push({ token: message.d.token, intents: message.d.intents });
    socket.identified = true;
    const guilds = this.guildIds.map((id) => ({ id, unavailable: true }));
    socket.send({
      op: 0,
      t: 'READY',
      s: ++this.sequence,
      d: {
        v: 10,
        user: FAKE_BOT_USER,
        guilds,
        session_id: 'fake-session',
        resume_gateway_url: `ws://127.0.0.1:${this.port}`,
        shard: [0, 1],
        application: { id: FAKE_APPLICATION_ID, flags: 0 },
      },
    });
    for (const id of this.guildIds) socket.send({ op: 0, t: 'GUILD_CREATE', s: ++this.sequence, d: fakeGuild(id) });
  }
}

function fakeGuild(id: string): object {
  return {
    id,
    name: 'Newsroom',
    icon: null,
    owner_id: '1',
    unavailable: false,
    member_count: 2,
    large: false,
    features: [],
    roles: [
      {
        id,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [],
    threads: [],
    members: [],
    emojis: [],
    stickers: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    joined_at: new Date().toISOString(),
    preferred_locale: 'en-US',
    premium_tier: 0,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    system_channel_flags: 0,
  };
}

/** The server side of one WebSocket: enough of RFC 6455 for JSON text frames, ping and close. */
class GatewaySocket {
  identified = false;
  private buffer = Buffer.alloc(0);

  constructor(
    private readonly socket: Duplex,
    private readonly onMessage: (message: { op: number; d: any }) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined);
  }

  send(message: object): void {
    this.frame(0x1, Buffer.from(JSON.stringify(message)));
  }

  destroy(): void {
    this.socket.destroy();
  }

  private frame(opcode: number, payload: Buffer): void {
    sendFrame(this.socket, opcode, payload);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = readFrame(this.buffer);
      if (!frame) return;
      this.buffer = this.buffer.subarray(frame.size);
      if (frame.opcode === 0x8) {
        this.frame(0x8, frame.payload.subarray(0, 2));
        this.socket.end();
        return;
      }
      if (frame.opcode === 0x9) this.frame(0xa, frame.payload);
      if (frame.opcode === 0x1) this.onMessage(JSON.parse(frame.payload.toString('utf8')));
    }
  }
}

/** A multipart body as Discord reads it: the JSON in payload_json, every other part a file. */
async function parseMultipart(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: NonNullable<RecordedRequest['files']> }> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  let body: unknown = null;
  const files: NonNullable<RecordedRequest['files']> = [];
  for (const [field, value] of form.entries()) {
    if (field === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
    else if (typeof value !== 'string')
      files.push({ field, name: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return { body, files };
}

/** A key pair standing in for the application's; signs requests the way Discord does. */
export class InteractionSigner {
  private readonly privateKey: KeyObject;
  readonly publicKeyHex: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    this.publicKeyHex = Buffer.from(publicKey.export({ format: 'der', type: 'spki' }))
      .subarray(-32)
      .toString('hex');
  }

  headers(body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
    const signature = sign(null, Buffer.from(timestamp + body), this.privateKey).toString('hex');
    return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  }
}

/** An interaction as Discord sends it, in a server channel unless told otherwise. */
export function fakeInteraction(fields: {
  type: number;
  data?: object;
  message?: object;
  dm?: boolean;
  permissions?: string;
}): object {
  const id = String(400000000000000000n + BigInt(Math.floor(Math.random() * 1e9)));
  const user = {
    id: '500000000000000001',
    username: 'reader',
    discriminator: '0',
    global_name: 'Reader',
    avatar: null,
  };
  return {
    id,
    application_id: FAKE_APPLICATION_ID,
    type: fields.type,
    token: `tok-${id}`,
    version: 1,
    data: fields.data,
    ...(fields.message ? { message: fields.message } : {}),
    ...(fields.dm
      ? { context: 1, channel_id: '600000000000000009', channel: { id: '600000000000000009', type: 1 }, user }
      : {
          context: 0,
          guild_id: '200000000000000001',
          channel_id: '600000000000000001',
          channel: { id: '600000000000000001', type: 0 },
          member: { user, permissions: fields.permissions ?? '0', roles: [] },
        }),
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: { '0': '200000000000000001' },
  };
}
