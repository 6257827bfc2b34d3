/**
 * `npm run loadtest [-- --corpus DIR] [--seconds N] [--connections N]`: a bounded load test on 127.0.0.1.
 *
 * A child process runs the real service parts (the bot on the corpus, the one HTTP server, Bolt's Slack receiver
 * and the Discord interactions endpoint, talking to the fake Slack and Discord APIs of tests/fakes); this process
 * drives it with autocannon: GET /healthz, signed Discord PINGs, signed Discord /who commands and signed Slack
 * /brief commands, one after the other. It prints requests/s, p50/p99 latency, non-2xx answers and the child's
 * memory (after a full collection) before and after the run. Defaults: the bundled sample corpus, 10 s each, 10
 * connections; never more than 60 s per endpoint.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createBot } from '../src/app/bot.ts';
import { HttpServer } from '../src/platforms/http/server.ts';
import { startDiscord } from '../src/platforms/discord/start.ts';
import { startSlack } from '../src/platforms/slack/start.ts';
import { FAKE_APPLICATION_ID, FakeDiscord, fakeInteraction, InteractionSigner } from '../tests/fakes/discord-api.ts';
import { FakeSlack, slackSignature, slashCommandBody } from '../tests/fakes/slack-api.ts';

interface Ready {
  port: number;
  responseUrl: string;
  articles: number;
}
interface Memory {
  rssMb: number;
  heapUsedMb: number;
}

const MB = 1024 * 1024;

async function serve(corpus: string, publicKey: string, secret: string): Promise<void> {
  const bot = await createBot({ corpusDir: corpus, parallel: true });
  const slackApi = await new FakeSlack().start();
  const discordApi = await new FakeDiscord().start();
  const http = new HttpServer();
  await startSlack({ bot, botToken: slackApi.acceptToken, signingSecret: secret, http, apiUrl: slackApi.apiUrl });
  await startDiscord({
    mode: 'http',
    bot,
    http,
    publicKey,
    applicationId: FAKE_APPLICATION_ID,
    apiUrl: discordApi.apiUrl,
    registerOnStart: false,
  });
  http.markReady();
  const port = await http.listen(0, '127.0.0.1');
  process.on('message', (message) => {
    if (message !== 'memory') return;
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    process.send!({ rssMb: m.rss / MB, heapUsedMb: m.heapUsed / MB } satisfies Memory);
  });
  process.send!({ port, responseUrl: slackApi.responseUrl(), articles: bot.engine.stats.articles } satisfies Ready);
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`the service exited (${code})`)));
  });
}

async function drive(options: { corpus: string; seconds: number; connections: number }): Promise<void> {
  const signer = new InteractionSigner();
  const secret = randomBytes(16).toString('hex');
  const child = fork(fileURLToPath(import.meta.url), ['--serve', options.corpus, signer.publicKeyHex, secret], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  try {
    const ready = await nextMessage<Ready>(child);
    const base = `http://127.0.0.1:${ready.port}`;
    const memory = async () => {
      const m = nextMessage<Memory>(child);
      child.send('memory');
      return m;
    };
    const before = await memory();
    console.log(
      `corpus ${options.corpus}: ${ready.articles} articles; ${options.connections} connections, ${options.seconds} s per endpoint`,
    );
    console.log(`memory before: rss ${before.rssMb.toFixed(0)} MB, heap ${before.heapUsedMb.toFixed(0)} MB`);
    const now = Math.floor(Date.now() / 1000);
    const discordBody = (interaction: object) => {
      const body = JSON.stringify(interaction);
      return { method: 'POST' as const, body, headers: signer.headers(body, String(now)) };
    };
    const slackBody = slashCommandBody({ command: '/brief', text: 'who haftar', responseUrl: ready.responseUrl });
    const runs: [string, string, Partial<autocannon.Options>][] = [
      ['GET /healthz', '/healthz', {}],
      ['Discord PING (signed)', '/discord/interactions', discordBody(fakeInteraction({ type: 1 }))],
      [
        'Discord /who haftar (signed)',
        '/discord/interactions',
        discordBody(
          fakeInteraction({
            type: 2,
            data: { id: '1', name: 'who', type: 1, options: [{ name: 'name', type: 3, value: 'haftar' }] },
          }),
        ),
      ],
      [
        'Slack /brief who haftar (signed)',
        '/slack/events',
        {
          method: 'POST',
          body: slackBody,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': String(now),
            'x-slack-signature': slackSignature(secret, now, slackBody),
          },
        },
      ],
    ];
    console.log('endpoint | requests/s | p50 ms | p99 ms | non-2xx');
    for (const [name, path, extra] of runs) {
      const result = await autocannon({
        url: base + path,
        connections: options.connections,
        duration: options.seconds,
        ...extra,
      });
      console.log(
        `${name} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx + result.errors}`,
      );
    }
    await new Promise((r) => setTimeout(r, 2000)); // answers posted after the acknowledgement finish
    const after = await memory();
    const change = ((after.rssMb - before.rssMb) / before.rssMb) * 100;
    console.log(
      `memory after: rss ${after.rssMb.toFixed(0)} MB (${change >= 0 ? '+' : ''}${change.toFixed(1)}%), heap ${after.heapUsedMb.toFixed(0)} MB`,
    );
  } finally {
    child.kill();
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    serve: { type: 'boolean' },
    corpus: { type: 'string', default: 'corpus' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
  },
});
if (values.serve) {
  const [corpus, publicKey, secret] = positionals;
  await serve(corpus, publicKey, secret);
} else {
  const seconds = Math.min(60, Math.max(1, Number(values.seconds) || 10));
  const connections = Math.min(200, Math.max(1, Number(values.connections) || 10));
  await drive({ corpus: values.corpus!, seconds, connections });
}
