/**
 * `npm run loadtest [-- --corpus DIR] [--seconds N] [--connections N]`: a bounded load test on 127.0.0.1.
 *
 * A child process runs the real service parts as `npm start` does (the bot on the corpus under the service's heap
 * setting, the one HTTP server, Bolt's Slack receiver and the Discord interactions endpoint); this process runs the
 * fake Slack and Discord APIs of tests/fakes they talk to (the fakes record every call: in the child, that history
 * would count as the service's memory) and drives the child with autocannon: GET /healthz, signed Discord PINGs,
 * signed Discord /who commands and signed Slack /brief commands, one after the other. It prints requests/s,
 * p50/p99 latency, non-2xx answers and the child's memory after a full collection: once the service has settled
 * (its background warm-up done), and again after the run, once the answers posted after their acknowledgements
 * are out and the service has been idle for QUIET_MS. Defaults: the bundled sample corpus, 10 s each, 10
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
import { boundHeapGrowth } from '../src/util/memory.ts';
import { FAKE_APPLICATION_ID, FakeDiscord, fakeInteraction, InteractionSigner } from '../tests/fakes/discord-api.ts';
import { FakeSlack, slackSignature, slashCommandBody } from '../tests/fakes/slack-api.ts';

interface Ready {
  port: number;
  articles: number;
}
interface Memory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
}

/** Where the child finds the fake platform APIs this process runs. */
interface Apis {
  slackApiUrl: string;
  slackToken: string;
  discordApiUrl: string;
}

const MB = 1024 * 1024;
/** Idle time before memory is read after the run: V8 gives back the heap it grew into after a few seconds idle. */
const QUIET_MS = 15_000;

async function serve(corpus: string, publicKey: string, secret: string, apis: Apis): Promise<void> {
  boundHeapGrowth(); // as src/main.ts runs the service
  const bot = await createBot({ corpusDir: corpus, parallel: true });
  const http = new HttpServer();
  await startSlack({ bot, botToken: apis.slackToken, signingSecret: secret, http, apiUrl: apis.slackApiUrl });
  await startDiscord({
    mode: 'http',
    bot,
    http,
    publicKey,
    applicationId: FAKE_APPLICATION_ID,
    apiUrl: apis.discordApiUrl,
    registerOnStart: false,
  });
  http.markReady();
  const port = await http.listen(0, '127.0.0.1');
  // What the service loads in the background once ready (the tokenizer's tables, a restored index) is loaded
  // before memory is first read: it is the service's resting size, not growth under load.
  await bot.warmedUp;
  await bot.engine.settled();
  process.on('message', (message) => {
    if (message !== 'memory') return;
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    process.send!({ rssMb: m.rss / MB, heapUsedMb: m.heapUsed / MB, heapTotalMb: m.heapTotal / MB } satisfies Memory);
  });
  process.send!({ port, articles: bot.engine.stats.articles } satisfies Ready);
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
  const slackApi = await new FakeSlack().start();
  const discordApi = await new FakeDiscord().start();
  const apis: Apis = {
    slackApiUrl: slackApi.apiUrl,
    slackToken: slackApi.acceptToken,
    discordApiUrl: discordApi.apiUrl,
  };
  const child = fork(
    fileURLToPath(import.meta.url),
    ['--serve', options.corpus, signer.publicKeyHex, secret, JSON.stringify(apis)],
    {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
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
    console.log(`memory before: ${memoryLine(before)}`);
    const now = Math.floor(Date.now() / 1000);
    const discordBody = (interaction: object) => {
      const body = JSON.stringify(interaction);
      return { method: 'POST' as const, body, headers: signer.headers(body, String(now)) };
    };
    const slackBody = slashCommandBody({ command: '/brief', text: 'who haftar', responseUrl: slackApi.responseUrl() });
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
    // The answers posted after their acknowledgements finish, then the service idles as it would between bursts.
    const posted = () => slackApi.calls.length;
    for (let last = -1; posted() !== last; ) {
      last = posted();
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, QUIET_MS));
    const after = await memory();
    console.log(`memory after (${QUIET_MS / 1000} s idle): ${memoryLine(after, before)}`);
  } finally {
    child.kill();
    await slackApi.close();
    await discordApi.close();
  }
}

function memoryLine(m: Memory, before?: Memory): string {
  const change = (now: number, then: number) => {
    const pct = ((now - then) / then) * 100;
    return ` (${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%)`;
  };
  return [
    `rss ${m.rssMb.toFixed(0)} MB${before ? change(m.rssMb, before.rssMb) : ''}`,
    `heap used ${m.heapUsedMb.toFixed(0)} MB${before ? change(m.heapUsedMb, before.heapUsedMb) : ''}`,
    `heap total ${m.heapTotalMb.toFixed(0)} MB`,
  ].join(', ');
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
  const [corpus, publicKey, secret, apis] = positionals;
  await serve(corpus, publicKey, secret, JSON.parse(apis) as Apis);
} else {
  const seconds = Math.min(60, Math.max(1, Number(values.seconds) || 10));
  const connections = Math.min(200, Math.max(1, Number(values.connections) || 10));
  await drive({ corpus: values.corpus!, seconds, connections });
}
