import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createBot } from '../../app/bot.ts';
import { isUserFacing, UsageError as Usage } from '../../app/errors.ts';
import { cliProgress } from '../../app/progress-report.ts';
import { buildDigest, digestJson } from '../../briefing/digest.ts';
import type { BotCore } from '../../app/types.ts';
import type { Briefing } from '../../briefing/types.ts';
import { parseInvocation, toIsoPrefix } from '../../commands/parse.ts';
import { loadCommands } from '../../commands/registry.ts';
import type { CommandArgs, CommandDefinition, CommandResult, Invoker } from '../../commands/types.ts';
import { loadConfig } from '../../config/env.ts';
import { renderText } from '../../render/text.ts';
import { extractFromText } from '../../understanding/analyze-article.ts';

/** `npx briefbot ask | extract | digest`, exactly as ../shared/CONTRACT.md gives them. Exit 0 answered, 2 usage, 1 failure. */

const USAGE = `usage:
  briefbot ask "<command text>" [--corpus DIR] [--json] [--out CHART.png] [--dates N --sentences K]
  briefbot extract [--date YYYY-MM-DD] [--json] < article.txt
  briefbot extract --jsonl < articles.jsonl
  briefbot extract --html [--url URL] [--json] < page.html
  briefbot digest [--corpus DIR] [--since DATE] [--topic T] [--json]`;

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'ask':
      return ask(rest);
    case 'extract':
      return extract(rest);
    case 'digest':
      return digest(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return verb ? 0 : 2;
    default:
      throw new Usage(`unknown command “${verb.slice(0, 40)}”; use ask, extract or digest`);
  }
}

function options<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true, strict: true });
  } catch (err) {
    throw new Usage((err as Error).message.split('\n')[0]);
  }
}

async function ask(args: string[]): Promise<number> {
  const spec = {
    corpus: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    dates: { type: 'string' },
    sentences: { type: 'string' },
  } as const;
  const { values, positionals } = options(args, spec);
  const text = positionals.join(' ').trim();
  if (!text) throw new Usage('ask needs the command text, e.g. briefbot ask "/who haftar"');
  // A command written wrongly is answered before the corpus is read (parseInvocation throws a UsageError).
  const commands = await loadCommands();
  parseInvocation(text, commands);
  const invoker = {
    platform: 'cli',
    userId: 'cli',
    channelId: null,
    isDirectMessage: true,
    canManageChannel: false,
  } as const;
  // --dates/--sentences summarise a timeline (../shared/CONTRACT.md, "Summarised timelines"): options of the parsed command.
  const counts = { dates: values.dates as string | undefined, sentences: values.sentences as string | undefined };
  const bot = await openBot(values.corpus as string | undefined, commands);
  const result = await (counts.dates || counts.sentences
    ? runWithCounts(bot, text, counts, invoker)
    : bot.handleText(text, invoker)
  ).finally(() => bot.close());
  if (result.data.error === 'usage') throw new Usage(String(result.data.message));
  if (values.out !== undefined) await writeImage(values.out as string, result.briefing.image);
  write(values.json ? JSON.stringify(result.data, null, 2) : renderText(result.briefing));
  return result.data.error ? 1 : 0;
}

async function runWithCounts(
  bot: BotCore,
  text: string,
  counts: CommandArgs,
  invoker: Invoker,
): Promise<CommandResult> {
  let parsed: { name: string; args: CommandArgs };
  try {
    parsed = parseInvocation(text, bot.commands);
  } catch {
    return bot.handleText(text, invoker); // its usage answer
  }
  if (parsed.name !== 'timeline') throw new Usage('--dates and --sentences go with /timeline');
  return bot.run(parsed.name, { ...parsed.args, ...counts }, invoker);
}

async function extract(args: string[]): Promise<number> {
  const { values, positionals } = options(args, {
    date: { type: 'string' },
    json: { type: 'boolean' },
    jsonl: { type: 'boolean' },
    html: { type: 'boolean' },
    url: { type: 'string' },
  });
  // A file named on the command line would otherwise be ignored and an empty stdin read as an empty article.
  if (positionals.length)
    throw new Usage(`extract reads the article on stdin: briefbot extract < ${positionals[0].slice(0, 60)}`);
  const date = values.date as string | undefined;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(toIsoPrefix(date) ?? ''))
    throw new Usage(`--date wants YYYY-MM-DD (got “${date.slice(0, 30)}”)`);
  if (values.jsonl) return extractJsonl();
  if (values.html) return extractHtmlPage(values.url as string | undefined, Boolean(values.json));
  if (values.url !== undefined)
    throw new Usage('--url goes with --html: briefbot extract --html --url URL < page.html');
  const text = await readStdin();
  const result = extractFromText(text, date ?? null);
  const out = {
    entities: result.entities.map(({ text, type, start, end }) => ({ text, type, start, end })),
    times: result.times.map(({ text, start, end, value, precision }) => ({ text, start, end, value, precision })),
  };
  if (values.json) write(JSON.stringify(out, null, 2));
  else {
    write(
      [
        'ENTITIES',
        ...out.entities.map((e) => `${e.start}-${e.end}\t${e.type}\t${e.text}`),
        '',
        'TIMES',
        ...out.times.map((t) => `${t.start}-${t.end}\t${t.value ?? '?'}\t${t.precision}\t${t.text}`),
      ].join('\n'),
    );
  }
  return 0;
}

/** A web page on stdin -> what the bot reads from it: {"title","text","date","author","source","url"}. */
async function extractHtmlPage(url: string | undefined, json: boolean): Promise<number> {
  if (url !== undefined && !/^https?:\/\/\S+$/i.test(url))
    throw new Usage(`--url wants an http(s) address (got “${url.slice(0, 60)}”)`);
  const { extractPage } = await import('../../extract/extract.ts');
  const page = extractPage(await readStdin(), { url: url ?? null });
  if (json) write(JSON.stringify(page, null, 2));
  else
    write(
      [page.title, [page.date, page.author, page.source, page.url].filter(Boolean).join(' · '), '', page.text].join(
        '\n',
      ),
    );
  return page.text ? 0 : 1;
}

/** One JSON line out per line in, in order; a line that is not a valid article gets {"id", "error"} and the rest go on. */
async function extractJsonl(): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let id: unknown = null;
    try {
      const rec = JSON.parse(line) as { id?: unknown; text?: unknown; date?: unknown };
      id = rec.id ?? null;
      if (typeof rec.text !== 'string') throw new Error('no "text" string');
      const date = typeof rec.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(rec.date) ? rec.date : null;
      const r = extractFromText(rec.text, date);
      process.stdout.write(
        JSON.stringify({
          id,
          entities: r.entities.map(({ text, type, start, end }) => ({ text, type, start, end })),
          times: r.times.map(({ text, start, end, value, precision }) => ({ text, start, end, value, precision })),
        }) + '\n',
      );
    } catch (err) {
      process.stdout.write(
        JSON.stringify({ id, entities: [], times: [], error: `line ${n}: ${(err as Error).message}` }) + '\n',
      );
    }
  }
  return 0;
}

async function digest(args: string[]): Promise<number> {
  const { values } = options(args, {
    corpus: { type: 'string' },
    since: { type: 'string' },
    topic: { type: 'string' },
    json: { type: 'boolean' },
  });
  const since = values.since as string | undefined;
  const sinceIso = since === undefined ? undefined : toIsoPrefix(since.slice(0, 10));
  if (since !== undefined && !sinceIso)
    throw new Usage(`--since wants a date like 2019-05-27 (got “${since.slice(0, 30)}”)`);
  const bot = await openBot(values.corpus as string | undefined);
  const briefing = buildDigest(bot.engine, {
    topic: values.topic as string | undefined,
    since: sinceIso ?? undefined,
    maxTokens: 1500,
    title: 'Digest',
  });
  await bot.close();
  write(values.json ? JSON.stringify(digestJson('digest', briefing), null, 2) : renderText(briefing));
  return 0;
}

/**
 * The bot on the article store in DATA_DIR, the service's own (SQLite in WAL mode: read beside a running service,
 * written in short transactions it waits for): built when absent, on every core, and kept for the next call.
 */
async function openBot(corpus: string | undefined, commands?: CommandDefinition[]) {
  const config = loadConfig({ corpusDir: corpus });
  const progress = cliProgress();
  const bot = await createBot({
    corpusDir: config.corpusDir,
    dataDir: config.dataDir,
    databaseUrl: config.env.DATABASE_URL,
    corpusOrigin: config.env.CORPUS_ORIGIN,
    parallel: true,
    redoStale: false,
    warmUp: false,
    ...(commands ? { commands } : {}),
    onProgress: progress && ((p) => progress.update(p)),
  });
  progress?.finish();
  return bot;
}

/** --out: the answer's chart as a PNG file; an answer without one (no dated articles, another command) says so. */
async function writeImage(file: string, image: Briefing['image']): Promise<void> {
  if (!image) {
    process.stderr.write(`briefbot: no chart in this answer; ${file} not written\n`);
    return;
  }
  const png = await image.render();
  await writeFile(file, png);
  process.stderr.write(`briefbot: chart written to ${file} (${png.length} bytes)\n`);
}

function write(text: string): void {
  process.stdout.write(text + '\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => {
    if (isUserFacing(err)) {
      process.stderr.write(`briefbot: ${(err as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`briefbot: internal error: ${(err as Error)?.message ?? err}\n`);
      process.exitCode = 1;
    }
  },
);
