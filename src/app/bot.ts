import type { Article } from '../corpus/types.ts';
import { countTokens } from '../briefing/budget.ts';
import { loadCommands } from '../commands/registry.ts';
import { parseInvocation, validateArgs } from '../commands/parse.ts';
import type {
  CommandArgs,
  CommandContext,
  CommandDefinition,
  CommandResult,
  CommandServices,
  Invoker,
} from '../commands/types.ts';
import { runCommand } from '../commands/run.ts';
import { isUserFacing, UsageError } from './errors.ts';
import { CorpusEngine } from '../index/engine.ts';
import { openCorpus } from '../index/snapshot.ts';
import { createParallelAnalyzer } from '../understanding/parallel.ts';
import { errorId, log } from '../util/log.ts';
import type { ArticleStore } from '../store/articles/types.ts';
import type { LoadProgress } from './progress.ts';
import { openStoreBacked, type StoreBacked } from './store-backed.ts';
import type { BotCore } from './types.ts';

export interface BotOptions {
  /** Folder of the corpus to load, or articles already loaded. */
  corpusDir?: string;
  articles?: Article[];
  engine?: CorpusEngine;
  commands?: CommandDefinition[];
  services?: CommandServices;
  now?: () => Date;
  syntax?: (invocation: string) => string;
  /** Load progress by phase: at most every ~200 ms, and at the end of each phase. */
  onProgress?: (p: LoadProgress) => void;
  /** Called once the files are read, before the (longer) understanding of the articles starts. */
  onUnderstanding?: (articles: number) => void;
  /** Keep the understood corpus here and start from it next time, when the code and the corpus are unchanged. */
  snapshotFile?: string;
  /** Understand the articles in worker threads (one per core). */
  parallel?: boolean;
  /**
   * Keep the corpus in the article store in this folder (DATA_DIR/articles.sqlite): a start reads and understands
   * only what changed since the last one. Or give a store (PostgreSQL, a test's).
   */
  dataDir?: string;
  articleStore?: ArticleStore;
  /** DATABASE_URL: the article store on PostgreSQL, shared with the other instances, for this folder's origin (CORPUS_ORIGIN). */
  databaseUrl?: string | null;
  corpusOrigin?: string;
  /** Redo stale analyses (an older analyzer's) in the background after the start (default true; the one-shot CLI says false). */
  redoStale?: boolean;
  /** Load, once ready, what most answers do not need (the tokenizer, a restored search index): default true; the one-shot CLI says false. */
  warmUp?: boolean;
}

/** Builds the bot: loads and understands the corpus, loads the commands, and answers text or structured calls. */
export async function createBot(options: BotOptions): Promise<
  BotCore & {
    engine: CorpusEngine;
    services: CommandServices;
    corpus: StoreBacked | null;
    /** Settles when the background warm-up is done (at once with warmUp false); nothing needs to wait for it. */
    warmedUp: Promise<void>;
    close(): Promise<void>;
  }
> {
  // Understood on every core, never in this thread: a running service must keep answering while it reads.
  const pool = options.parallel
    ? createParallelAnalyzer({
        inlineBelow: 0,
        onFailure: (f) => log.warn({ article: f.articleId }, `article could not be understood: ${f.message}`),
      })
    : null;
  const analyze = pool ? (articles: Article[]) => pool.analyze(articles) : undefined;
  const stored =
    !options.engine && !options.articles && (options.dataDir || options.articleStore || options.databaseUrl);
  const corpus = stored
    ? await openStoreBacked({ ...options, corpusDir: options.corpusDir ?? 'corpus', analyze })
    : null;
  const engine = corpus?.engine ?? options.engine ?? new CorpusEngine(analyze);
  // The command modules load while the corpus does.
  const commandsLoaded = options.commands ? Promise.resolve(options.commands) : loadCommands();
  commandsLoaded.catch(() => undefined); // awaited below; not an unhandled rejection should the corpus fail first
  if (!options.engine && options.articles) {
    options.onUnderstanding?.(options.articles.length);
    await engine.addArticles(options.articles);
  } else if (!options.engine && !corpus) {
    const opened = await openCorpus({
      corpusDir: options.corpusDir ?? 'corpus',
      snapshotFile: options.snapshotFile,
      engine,
      loadArticles: async (dir) => {
        const articles = await loadArticles(dir, options.onProgress);
        options.onUnderstanding?.(articles.length);
        return articles;
      },
    });
    if (options.snapshotFile) log.info({ from: opened.from, reason: opened.reason }, 'corpus opened');
  }
  const commands = await commandsLoaded;
  const warmedUp = options.warmUp !== false ? warmUpInBackground(engine) : Promise.resolve();
  const services: CommandServices = options.services ?? {};
  const now = options.now ?? (() => new Date());

  const context = (invoker: Invoker): CommandContext => {
    const syntax = invoker.syntax ?? options.syntax;
    return { engine, invoker, now, services, ...(syntax ? { syntax } : {}) };
  };

  const run = async (name: string, args: CommandArgs, invoker: Invoker): Promise<CommandResult> => {
    const command = commands.find((c) => c.name === name);
    try {
      if (!command) throw new UsageError(`Unknown command “${name.slice(0, 40)}”. Try help.`);
      return await runCommand(command, validateArgs(command, args), context(invoker));
    } catch (err) {
      return failure(err, name);
    }
  };

  return {
    commands,
    engine,
    services,
    run,
    corpus,
    warmedUp,
    close: async () => {
      await corpus?.close();
      await pool?.close();
    },
    async handleText(text, invoker) {
      try {
        const { name, args } = parseInvocation(text, commands);
        const command = commands.find((c) => c.name === name)!;
        return await runCommand(command, args, context(invoker));
      } catch (err) {
        return failure(err, text.slice(0, 60));
      }
    },
  };
}

/**
 * Loads, once the bot can answer, what most answers do not need: the tokenizer's tables (for /brief and digests,
 * synchronous on first use) and what a restart left to load when first needed (the search index). A command that
 * needs one sooner loads it itself; a one-shot process (the CLI) does not wait for this to exit.
 */
function warmUpInBackground(engine: CorpusEngine): Promise<void> {
  return new Promise((resolve) => {
    // One after the other, so that the event loop is never held by both.
    setImmediate(
      () =>
        void engine
          .warmUp()
          .then(() => countTokens(''))
          .catch((err: unknown) => log.warn({ err: (err as Error)?.message }, 'the background warm-up failed'))
          .then(() => resolve()),
    ).unref();
  });
}

async function loadArticles(dir: string, onProgress: BotOptions['onProgress']): Promise<Article[]> {
  const { loadCorpus } = await import('../corpus/load.ts');
  const { groupNearDuplicates } = await import('../corpus/dedupe.ts');
  const result = await loadCorpus(dir, {
    onProgress:
      onProgress &&
      ((p) => onProgress({ phase: 'reading', done: p.filesDone, total: p.filesTotal, articles: p.articles })),
    onWarning: (w) => log.warn({ file: w.file }, w.reason),
  });
  groupNearDuplicates(result.articles);
  return result.articles;
}

/** A user-facing error (src/app/errors.ts) is answered as it is; anything else is an apology with an id that the log ties to the cause. */
function failure(err: unknown, what: string): CommandResult {
  if (isUserFacing(err)) {
    return {
      briefing: { title: err.message, sections: [], citations: {}, isError: true },
      data: { error: 'usage', message: err.message },
    };
  }
  const id = errorId();
  log.error(
    {
      errorId: id,
      command: what,
      err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err),
    },
    'command failed',
  );
  const message = `Sorry, something went wrong answering that (error ${id}).`;
  return {
    briefing: { title: message, sections: [], citations: {}, isError: true },
    data: { error: 'internal', message, errorId: id },
  };
}
