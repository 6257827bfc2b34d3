import path from 'node:path';
import { createBot } from './app/bot.ts';
import type { CommandServices } from './commands/types.ts';
import { ConfigError, loadConfig, type Config } from './config/env.ts';
import { startConsole } from './platforms/console/console.ts';
import { HttpServer } from './platforms/http/server.ts';
import { BriefingFileError, consoleTarget, startScheduler, type DeliveryTarget } from './scheduler/index.ts';
import { log } from './util/log.ts';
import { boundHeapGrowth } from './util/memory.ts';
import type { BotCore } from './app/types.ts';

/**
 * `npm start`: loads the corpus, then runs Slack and/or Discord when their settings are there, the scheduler always,
 * and with no platform configured the interactive console.
 */
async function main(): Promise<void> {
  boundHeapGrowth();
  const config = loadConfig();
  const http = new HttpServer();
  const showProgress = process.stderr.isTTY;
  const started = Date.now();
  const services: CommandServices = {};
  const bot = await createBot({
    corpusDir: config.corpusDir,
    services,
    parallel: true,
    snapshotFile: path.join(config.dataDir, 'index-snapshot.jsonl'),
    onProgress: showProgress ? (p) => process.stderr.write(`\rloading ${p.filesDone}/${p.filesTotal} files, ${p.articles} articles`) : undefined,
    onUnderstanding: showProgress ? (n) => process.stderr.write(`\nreading ${n} articles for names, dates and quotes…\n`) : undefined,
  });
  const stats = bot.engine.stats;
  log.info({ articles: stats.articles, entities: stats.entities, ms: Date.now() - started, corpus: config.corpusDir }, 'corpus ready');

  const stops: (() => Promise<void> | void)[] = [() => bot.close()];
  const shutdown = async (code = 0) => {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    await http.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  const targets: DeliveryTarget[] = [consoleTarget(), ...(await startPlatforms(config, bot, http, services, stops))];
  const scheduler = await startScheduler({
    engine: bot.engine,
    dataDir: config.dataDir,
    briefingsDir: config.briefingsDir,
    defaultTimeZone: config.timeZone,
    graceMinutes: config.env.SCHEDULE_GRACE_MINUTES,
    corpusDir: config.corpusDir,
    targets,
  });
  Object.assign(services, scheduler.services);
  stops.push(() => scheduler.stop());
  // Feeds: new feed articles go to the engine (the lead may route them through the article store instead).
  const { startFeeds } = await import('./feeds/start.ts');
  const feeds = await startFeeds({ dataDir: config.dataDir, feedsFile: path.resolve(config.env.FEEDS_FILE), allowPrivate: config.env.FEEDS_ALLOW_PRIVATE, sink: (articles) => bot.engine.addArticles(articles), logger: log });
  Object.assign(services, feeds.services);
  stops.push(() => feeds.stop());

  if (!config.slack && !config.discord) {
    await startConsole(bot);
    await shutdown(0);
    return;
  }
  const port = await http.listen(config.port);
  http.markReady();
  log.info({ port, slack: config.slack, discord: config.discord }, 'briefbot is up');
}

/** Starts the chat platforms that are configured; each returns the delivery target digests post through. */
async function startPlatforms(
  config: Config,
  bot: BotCore,
  http: HttpServer,
  services: CommandServices,
  stops: (() => Promise<void> | void)[],
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
  if (err instanceof ConfigError || err instanceof BriefingFileError) {
    process.stderr.write(`briefbot: ${err.message}\n`);
    process.exit(2);
  }
  log.fatal({ err: { message: (err as Error).message, stack: (err as Error).stack } }, 'start failed');
  process.exit(1);
});
