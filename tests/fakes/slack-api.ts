import { readFrame, sendFrame } from './websocket-frames.ts';
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { BotCore } from '../../src/app/types.ts';
import type { Briefing } from '../../src/briefing/types.ts';
import type { CommandResult, Invoker } from '../../src/commands/types.ts';
import type { Engine } from '../../src/index/types.ts';

/**
 * A local stand-in for Slack, on 127.0.0.1 and a random port: the Web API under /api/<method> (what SLACK_API_URL
 * points at) and response_url endpoints under /response/<id>. It records every request so tests can assert on
 * exactly what was sent, and signs requests to the bot the way Slack does.
 */
export interface SlackCall {
  /** "chat.postMessage", or "response" for a response_url post. */
  method: string;
  /** The response_url id for "response" calls. */
  responseId?: string;
  /** Parsed body: JSON, or form fields with `blocks`/`view` decoded from their JSON strings. */
  body: Record<string, any>;
  authorization: string | undefined;
  at: number;
}

export const FAKE_BOT = { userId: 'UBOT0001', botId: 'BBOT0001', team: 'Test Team', teamId: 'T0000001' };

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** The bot token the fake accepts; any other gets invalid_auth. */
  acceptToken = 'xoxb-test-0000000000-abcdefghijklmnop';
  /** The app-level token apps.connections.open accepts (Socket Mode). */
  acceptAppToken = 'xapp-1-A0000001-0000000000-abcdefabcdef';
  /** Envelopes the bot acknowledged over Socket Mode, by envelope id. */
  readonly socketAcks = new Map<string, object>();
  /** users.info answers: ids listed here are workspace admins. */
  admins = new Set<string>();
  /** Web API methods answered only after this many ms (e.g. a slow chat.postMessage); the call is recorded at once. */
  readonly delays = new Map<string, number>();
  /** Web API methods refused with this error code (e.g. "channel_not_found"). */
  readonly refusals = new Map<string, string>();
  /** Files uploaded through files.getUploadURLExternal and its upload URL, by file id: the bytes as received. */
  readonly uploads = new Map<
    string,
    { filename: string; altText: string | undefined; length: number; bytes: Buffer | null; completed: boolean }
  >();
  /** Refuse files.completeUploadExternal (a workspace that blocks uploads). */
  refuseUploads = false;
  private files = 0;
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));
  private readonly waiters: { match: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }[] = [];
  private readonly sockets = new Set<Duplex>();
  private readonly ackWaiters = new Map<string, (ack: object) => void>();
  private port = 0;
  private envelopes = 0;
  private ts = 1_700_000_000;
  private responseIds = 0;

  async start(): Promise<this> {
    this.server.on('upgrade', (req, socket) => this.onUpgrade(req, socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** What SLACK_API_URL is set to. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh response_url, as Slack puts in every slash command and button payload. */
  responseUrl(): string {
    return `http://127.0.0.1:${this.port}/response/${++this.responseIds}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first recorded (or next) call matching; rejects after timeoutMs. */
  waitFor(match: (c: SlackCall) => boolean, timeoutMs = 5000): Promise<SlackCall> {
    const seen = this.calls.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the fake Slack saw no such call')), timeoutMs);
      this.waiters.push({ match, resolve: (c) => (clearTimeout(timer), resolve(c)) });
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const path = (req.url ?? '').split('?')[0];
    const upload = /^\/upload\/(\w+)$/.exec(path);
    if (upload) return this.onUpload(upload[1], bytes, req, res);
    const response = /^\/response\/(\w+)$/.exec(path);
    const method = response ? 'response' : path.replace(/^\/api\//, '');
    const call: SlackCall = {
      method,
      ...(response ? { responseId: response[1] } : {}),
      body: parseBody(raw, req.headers['content-type']),
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.match(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
    const delay = this.delays.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const refusal = this.refusals.get(method);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(refusal ? { ok: false, error: refusal } : this.answer(call)));
  }

  /**
   * The upload URL step: the file's bytes, posted to the URL getUploadURLExternal gave (recorded as method "upload"),
   * raw or as a multipart form's one file (as Slack's Web API client sends them).
   */
  private async onUpload(
    fileId: string,
    raw: Buffer,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    let bytes = raw;
    if (type.startsWith('multipart/form-data')) {
      const part = [...(await new Response(raw, { headers: { 'content-type': type } }).formData()).values()].find(
        (v) => typeof v !== 'string',
      );
      bytes = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    }
    const file = this.uploads.get(fileId);
    this.calls.push({
      method: 'upload',
      body: { fileId, length: bytes.length },
      authorization: req.headers.authorization,
      at: Date.now(),
    });
    if (!file) return void res.writeHead(404).end('no such upload');
    file.bytes = bytes;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  }

  /** Sends a Socket Mode envelope to every connected client; resolves with the first acknowledgement. */
  sendEnvelope(
    type: 'slash_commands' | 'events_api' | 'interactive',
    payload: object,
    extra: object = {},
  ): Promise<object> {
    const envelopeId = `env-${++this.envelopes}`;
    const acked = new Promise<object>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no Socket Mode acknowledgement')), 5000);
      this.ackWaiters.set(envelopeId, (ack) => (clearTimeout(timer), resolve(ack)));
    });
    const message = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...extra,
    };
    for (const socket of this.sockets) sendFrame(socket, 0x1, Buffer.from(JSON.stringify(message)));
    return acked;
  }

  /** Resolves once a Socket Mode client is connected. */
  async socketConnected(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.sockets.size === 0) {
      if (Date.now() > until) throw new Error('no Socket Mode client connected');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string' || !req.url?.startsWith('/socket')) return void socket.destroy();
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let frame = readFrame(buffer); frame; frame = readFrame(buffer)) {
        buffer = buffer.subarray(frame.size);
        if (frame.opcode === 0x9) sendFrame(socket, 0xa, frame.payload);
        else if (frame.opcode === 0x8) {
          sendFrame(socket, 0x8, frame.payload.subarray(0, 2));
          socket.end();
        } else if (frame.opcode === 0x1)
          this.onSocketMessage(JSON.parse(frame.payload.toString('utf8')) as { envelope_id?: string });
      }
    });
    sendFrame(
      socket,
      0x1,
      Buffer.from(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0000001' },
        }),
      ),
    );
  }

  private onSocketMessage(message: { envelope_id?: string }): void {
    if (!message.envelope_id) return;
    this.socketAcks.set(message.envelope_id, message);
    this.ackWaiters.get(message.envelope_id)?.(message);
    this.ackWaiters.delete(message.envelope_id);
  }

  private answer(call: SlackCall): object {
    if (call.method === 'response') return { ok: true };
    if (call.method === 'apps.connections.open') {
      const appToken = call.authorization?.replace(/^Bearer /, '');
      return appToken === this.acceptAppToken
        ? { ok: true, url: `ws://127.0.0.1:${this.port}/socket` }
        : { ok: false, error: 'invalid_auth' };
    }
    const token = call.authorization?.replace(/^Bearer /, '') ?? call.body.token;
    if (token !== this.acceptToken) return { ok: false, error: 'invalid_auth' };
    switch (call.method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
          team: FAKE_BOT.team,
          team_id: FAKE_BOT.teamId,
          user: 'briefbot',
        };
      case 'chat.postMessage':
        return { ok: true, channel: call.body.channel, ts: `${++this.ts}.000100`, message: { text: call.body.text } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(call.body.users).slice(1)}` } };
      case 'users.info':
        return { ok: true, user: { id: call.body.user, is_admin: this.admins.has(call.body.user), is_owner: false } };
      case 'views.publish':
        return { ok: true, view: { id: 'V0001' } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++this.files).padStart(8, '0')}`;
        this.uploads.set(fileId, {
          filename: call.body.filename,
          altText: call.body.alt_text,
          length: Number(call.body.length),
          bytes: null,
          completed: false,
        });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        if (this.refuseUploads) return { ok: false, error: 'restricted_action' };
        const files = (typeof call.body.files === 'string' ? JSON.parse(call.body.files) : call.body.files) as {
          id: string;
          title?: string;
        }[];
        const known = files.map((f) => ({ f, upload: this.uploads.get(f.id) }));
        if (known.some(({ upload }) => !upload?.bytes || upload.bytes.length !== upload.length))
          return { ok: false, error: 'file_upload_size_mismatch' };
        for (const { upload } of known) upload!.completed = true;
        return {
          ok: true,
          files: known.map(({ f, upload }) => ({
            id: f.id,
            name: upload!.filename,
            title: f.title ?? upload!.filename,
            mimetype: 'image/png',
          })),
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw);
  const fields: Record<string, any> = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'view']) if (typeof fields[key] === 'string') fields[key] = JSON.parse(fields[key]);
  return fields;
}

/** Slack's request signature: v0= HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedRequestOptions {
  secret: string;
  /** Seconds; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  signWith?: string;
  retryNum?: number;
  contentType?: 'application/json' | 'application/x-www-form-urlencoded';
}

/** POSTs a body to the bot's /slack/events as Slack would, signed; resolves with the status and the answer body. */
export async function postToBot(
  url: string,
  body: string,
  options: SignedRequestOptions,
): Promise<{ status: number; body: string; ms: number }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type':
      options.contentType ?? (body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.signWith ?? options.secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), ms: Date.now() - started };
}

/** A slash command as Slack posts it (form-encoded). */
export function slashCommandBody(fields: {
  command: string;
  text: string;
  userId?: string;
  channelId?: string;
  channelName?: string;
  responseUrl: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: FAKE_BOT.teamId,
    team_domain: 'test',
    channel_id: fields.channelId ?? 'C0000001',
    channel_name: fields.channelName ?? 'general',
    user_id: fields.userId ?? 'U0000001',
    user_name: 'tester',
    command: fields.command,
    text: fields.text,
    api_app_id: 'A0000001',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

let eventSerial = 0;

/** An Events API callback (JSON) around one event. */
export function eventBody(
  event: Record<string, unknown>,
  eventId = `Ev${String(++eventSerial).padStart(8, '0')}`,
): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: FAKE_BOT.teamId,
    api_app_id: 'A0000001',
    event: { event_ts: '1700000000.000100', ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [
      { team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false },
    ],
  });
}

/** A button click (block_actions) as Slack posts it: form field `payload` holding JSON. */
export function buttonBody(fields: {
  actionId: string;
  value: string;
  userId?: string;
  channelId?: string;
  responseUrl: string;
}): string {
  const payload = {
    type: 'block_actions',
    team: { id: FAKE_BOT.teamId, domain: 'test' },
    user: { id: fields.userId ?? 'U0000001', username: 'tester', team_id: FAKE_BOT.teamId },
    api_app_id: 'A0000001',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000200',
      channel_id: fields.channelId ?? 'C0000001',
      is_ephemeral: true,
    },
    trigger_id: '1.2.3',
    channel: { id: fields.channelId ?? 'C0000001', name: 'general' },
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'briefbot_answer_actions',
        value: fields.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: '1700000000.3',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Article text and input written to break out of mrkdwn: mentions, a broadcast, a disguised link. */
export const HOSTILE = 'Officials said <!channel> @here <@U123> <https://evil.example|click> & left';

/** A stand-in engine answer per command text, recording every call, so tests see exactly what Slack asked. */
export function doubleBot(commands: BotCore['commands']): BotCore & { calls: { text: string; invoker: Invoker }[] } {
  const calls: { text: string; invoker: Invoker }[] = [];
  const answer = (briefing: Briefing): CommandResult => ({ briefing, data: {} });
  const bot = {
    commands,
    engine: { stats: { articles: 5, entities: 40, events: 12 }, articleCount: 5 } as Engine,
    calls,
    async handleText(text: string, invoker: Invoker) {
      calls.push({ text, invoker });
      if (/\bexplode\b/.test(text)) throw new Error('engine exploded with xoxb-test-0000000000-abcdefghijklmnop');
      if (/\bhostile\b/.test(text))
        return answer({
          title: 'Council chat',
          summary: HOSTILE,
          sections: [{ heading: 'Said', items: [{ label: '<!here>', text: HOSTILE, cites: ['h1'] }] }],
          citations: {
            h1: { articleId: 'h1', title: `Prank ${HOSTILE}`, date: '2020-02-03', source: '<@U999>', url: null },
          },
        });
      if (/\blong\b/.test(text)) {
        const items = Array.from({ length: 150 }, (_, i) => ({
          label: `${i + 1} May 2019`,
          text: `Event ${i} ${'detail '.repeat(30)}`,
          cites: [],
        }));
        return answer({ title: 'Long timeline', sections: [{ heading: 'Events', items }], citations: {} });
      }
      const who = /^(?:who(?: is)?)\s+(.+)$/i.exec(text);
      if (who)
        return answer({
          title: 'Khalifa Haftar',
          summary: 'Person · 12 mentions in 3 articles',
          sections: [
            {
              heading: 'Roles and descriptions',
              items: [{ label: 'Field Marshal', text: `commander of the LNA (asked: ${who[1]})`, cites: ['a1'] }],
            },
          ],
          citations: {
            a1: {
              articleId: 'a1',
              title: 'Haftar advances on Tripoli',
              date: '2019-04-04',
              source: 'Reuters',
              url: 'https://news.example/haftar',
            },
          },
        });
      return answer({
        title: `Unknown command “${text.split(' ')[0]}”. Try help.`,
        sections: [],
        citations: {},
        isError: true,
      });
    },
    async run(name: string, _args: unknown, invoker: Invoker) {
      calls.push({ text: `run:${name}`, invoker: {} as Invoker });
      // As the real help command: examples written in the invoker's syntax.
      const syntax = invoker?.syntax ?? ((s: string) => `/${s}`);
      return answer({
        title: 'briefbot help',
        sections: [
          {
            heading: 'Commands',
            items: commands.map((c) => ({ label: syntax(c.examples[0]), text: c.description, cites: [] })),
          },
        ],
        citations: {},
      });
    },
  };
  return bot;
}
