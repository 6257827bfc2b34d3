import { createBot } from './app/bot.ts';
import { loadConfig, ConfigError } from './config/env.ts';
import { startConsole } from './platforms/console/console.ts';
import { HttpServer } from './platforms/http/server.ts';
import { log } from './util/log.ts';

/**
 * `npm start`: loads the corpus, then runs Slack and/or Discord when their settings are there, the scheduler always,
 * and with no platform configured the interactive console.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const http = new HttpServer();
  const showProgress = process.stderr.isTTY;
  const started = Date.now();
  const bot = await createBot({
    corpusDir: config.corpusDir,
    onProgress: showProgress ? (p) => process.stderr.write(`\rloading ${p.filesDone}/${p.filesTotal} files, ${p.articles} articles`) : undefined,
  });
  if (showProgress) process.stderr.write('\n');
  const stats = bot.engine.stats;
  log.info({ articles: stats.articles, entities: stats.entities, ms: Date.now() - started, corpus: config.corpusDir }, 'corpus ready');

  const stops: (() => Promise<void> | void)[] = [];
  const shutdown = async (code = 0) => {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    await http.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  if (!config.slack && !config.discord) {
    await startConsole(bot);
    await shutdown(0);
    return;
  }
  await http.listen(config.port);
  http.markReady();
  log.info({ port: config.port }, 'listening');
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`briefbot: ${err.message}\n`);
    process.exit(2);
  }
  log.fatal({ err: { message: (err as Error).message, stack: (err as Error).stack } }, 'start failed');
  process.exit(1);
});
