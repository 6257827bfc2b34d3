import path from 'node:path';
import { createBot } from './app/bot.ts';
import { isUserFacing } from './app/errors.ts';
import { LoadingBot } from './app/loading-bot.ts';
import { installProcessGuards } from './app/process-guards.ts';
import { progressReporter } from './app/progress-report.ts';
import { HandlerTimeLimiter, rateLimited } from './app/rate-limit.ts';
import { loadCommands } from './commands/registry.ts';
import type { CommandServices } from './commands/types.ts';
import { loadConfig, type Config } from './config/env.ts';
import { CorpusEngine } from './index/engine.ts';
import { startConsole } from './platforms/console/console.ts';
import { HttpServer } from './platforms/http/server.ts';
import { consoleTarget, loadBriefingFiles, startScheduler, type DeliveryTarget } from './scheduler/index.ts';
import { openStore, type Store } from './store/index.ts';
import type { PostgresStore } from './store/postgres/index.ts';
import { storeRetryGuard } from './platforms/slack/retries.ts';
import { mountStatusPage } from './platforms/http/status-page.ts';
import { corpusStatus } from './status/corpus-status.ts';
import { recentErrors } from './status/recent-errors.ts';
import { schedulerStatus } from './status/scheduler-status.ts';
import type { LoadProgressStatus, StatusSource } from './status/types.ts';
import { log } from './util/log.ts';
import { boundHeapGrowth } from './util/memory.ts';
import type { BotCore } from './app/types.ts';

type Stop = () => Promise<void> | void;

/**
 * `npm start`. An honest start: the HTTP server listens and Slack and Discord start at once, on a bot that answers
 * "still reading the articles (45%)" and a /healthz that says 503 with the progress, while the corpus loads; then
 * the real bot takes over, the scheduler starts, and /healthz says 200. With no platform configured, the
 * interactive console once the corpus is loaded. SIGTERM/SIGINT stop it cleanly (src/app/process-guards.ts).
 */
async function main(): Promise<void> {
  boundHeapGrowth();
  const stops: Stop[] = [];
  const http = new HttpServer();
  let stopping = false;
  const guards = installProcessGuards({
    stop: async () => {
      stopping = true;
      http.drain(); // new chat requests get 503 from here on
      // Last started, first stopped: the scheduler (in-flight deliveries finish or are handed back, its database
      // closes) before the platforms it posts through, and those before the corpus.
      for (const stop of [...stops].reverse())
        await Promise.resolve(stop()).catch((err) =>
          log.warn({ err: (err as Error)?.message }, 'a part failed to stop'),
        );
      await http.close();
    },
  });

  const config = loadConfig();
  const started = Date.now();
  // A bad briefing file stops the start now, with one line, not after a long load.
  if (config.briefingsDir) loadBriefingFiles(config.briefingsDir, process.env, config.timeZone);
  const commands = await loadCommands();
  const loading = new LoadingBot(commands, new CorpusEngine());
  const chatBot = rateLimited(loading, new HandlerTimeLimiter({ msPerMinute: config.env.CHAT_HANDLER_MS_PER_MINUTE }));
  const services: CommandServices = {};
  const platforms = Boolean(config.slack || config.discord);
  http.healthFrom(() => loading.health());
  // The status page is there from the start (load progress, recent errors); the rest joins it once ready.
  const status: StatusSource = { progress: () => loadStatus(loading.health()), recentErrors };
  mountStatusPage(http, { token: config.env.STATUS_TOKEN, source: status });
  if (platforms) {
    const port = await http.listen(config.port);
    log.info({ port }, 'listening; /healthz says 503 until the corpus is loaded');
  }
  // The corpus loads while the platforms connect (a gateway login can take seconds).
  const progress = progressReporter();
  const loaded = createBot({
    corpusDir: config.corpusDir,
    commands,
    services,
    parallel: true,
    dataDir: config.dataDir,
    databaseUrl: config.env.DATABASE_URL,
    corpusOrigin: config.env.CORPUS_ORIGIN,
    onProgress: (p) => (loading.report(p), progress.update(p)),
  });
  loaded.catch(() => undefined); // awaited below; a platform failing first is the error to report
  // Shared state: PostgreSQL with DATABASE_URL (several instances), else SQLite in DATA_DIR.
  const store = await openStore({ databaseUrl: config.env.DATABASE_URL, dataDir: config.dataDir });
  stops.push(() => store.close());
  log.info({ store: store.kind, at: store.location }, 'state store open');
  const targets: DeliveryTarget[] = [
    consoleTarget(),
    ...(await startPlatforms(config, chatBot, http, services, stops, store)),
  ];
  const bot = await loaded;
  progress.finish();
  stops.push(() => bot.close());
  if (stopping) return;
  const stats = bot.engine.stats;
  log.info(
    { articles: stats.articles, entities: stats.entities, ms: Date.now() - started, corpus: config.corpusDir },
    'corpus ready',
  );

  const scheduler = await startScheduler({
    engine: bot.engine,
    store,
    leaseMs: config.env.SCHEDULE_LEASE_SECONDS * 1000,
    briefingsDir: config.briefingsDir,
    defaultTimeZone: config.timeZone,
    graceMinutes: config.env.SCHEDULE_GRACE_MINUTES,
    corpusDir: config.corpusDir,
    corpus: bot.corpus ?? undefined,
    targets,
    catchUpInBackground: true, // so that a stop during the catch-up finds the scheduler to stop
  });
  Object.assign(services, scheduler.services);
  stops.push(() => scheduler.stop());
  loading.ready(bot);
  Object.assign(status, { corpus: corpusStatus(bot.engine), ...schedulerStatus(scheduler) });
  // Feeds: each new item is written into the corpus folder (feeds/), where the watcher and the article store take it.
  const { startFeeds } = await import('./feeds/start.ts');
  const { corpusFileSink } = await import('./feeds/corpus-sink.ts');
  // With DATABASE_URL the feeds are shared: one list, and one instance polls each feed at a time (its lease).
  const feedStore =
    'pool' in store ? new (await import('./feeds/pg-store.ts')).PgFeedStore((store as PostgresStore).pool) : undefined;
  const feeds = await startFeeds({
    dataDir: config.dataDir,
    store: feedStore,
    feedsFile: path.resolve(config.env.FEEDS_FILE),
    allowPrivate: config.env.FEEDS_ALLOW_PRIVATE,
    sink: corpusFileSink(config.corpusDir),
    logger: log,
  });
  Object.assign(services, feeds.services);
  stops.push(() => feeds.stop());
  status.feeds = async () =>
    (await feeds.services.feeds.list()).map((f) => ({
      name: f.name ?? f.url,
      url: f.url,
      every: `${f.everyMinutes}m`,
      lastFetchAt: f.lastFetchAt ? new Date(f.lastFetchAt).toISOString() : null,
      lastError: f.lastError ? { at: new Date(f.lastFetchAt ?? Date.now()).toISOString(), message: f.lastError } : null,
      articles: f.itemsTaken,
    }));

  if (!platforms) {
    await startConsole(chatBot);
    guards.shutdown(); // the console's "exit": the same clean stop as a signal
    return;
  }
  log.info({ port: config.port, slack: config.slack, discord: config.discord }, 'briefbot is up');
}

/** /healthz's view of the load, as the status page shows it. */
function loadStatus(health: ReturnType<LoadingBot['health']>): LoadProgressStatus {
  return health.status === 'loading'
    ? { state: 'loading', filesDone: health.articles, filesTotal: health.of, articles: health.articles }
    : { state: 'ready', articles: 'articles' in health ? health.articles : undefined };
}

/** Starts the chat platforms that are configured; each returns the delivery target digests post through. */
async function startPlatforms(
  config: Config,
  bot: BotCore,
  http: HttpServer,
  services: CommandServices,
  stops: Stop[],
  store: Store,
): Promise<DeliveryTarget[]> {
  const targets: DeliveryTarget[] = [];
  const { env } = config;
  if (config.slack) {
    const { startSlack } = await import('./platforms/slack/start.ts');
    const slack = await startSlack({
      bot,
      http,
      services,
      botToken: env.SLACK_BOT_TOKEN!,
      appToken: env.SLACK_APP_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      apiUrl: env.SLACK_API_URL,
      appCommand: env.SLACK_COMMAND,
      directCommands: env.SLACK_DIRECT_COMMANDS,
      adminUserIds: env.SLACK_ADMIN_USER_IDS,
      homeChannels: env.SLACK_DIGEST_CHANNEL ? [env.SLACK_DIGEST_CHANNEL] : [],
      retryGuard: storeRetryGuard(store.events, (err) =>
        log.warn({ reason: (err as Error)?.message }, 'event retry guard: store unavailable; answering'),
      ),
    });
    stops.push(() => slack.stop());
    targets.push(slack);
  }
  if (config.discord) {
    const { startDiscord } = await import('./platforms/discord/start.ts');
    const discord = await startDiscord({
      bot,
      mode: config.discord,
      token: env.DISCORD_TOKEN,
      applicationId: env.DISCORD_APPLICATION_ID,
      publicKey: env.DISCORD_PUBLIC_KEY,
      guildId: env.DISCORD_GUILD_ID,
      apiUrl: env.DISCORD_API_URL,
      dataDir: config.dataDir,
      http,
    });
    stops.push(() => discord.stop());
    targets.push(discord);
  }
  return targets;
}

main().catch((err) => {
  if (isUserFacing(err)) {
    process.stderr.write(`briefbot: ${err.message}\n`);
    process.exit(2);
  }
  log.fatal({ err: { message: (err as Error).message, stack: (err as Error).stack } }, 'start failed');
  process.exit(1);
});
