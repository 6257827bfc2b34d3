import type { Article } from '../corpus/types.ts';
import { countTokens } from '../briefing/budget.ts';
import { loadCommands } from '../commands/registry.ts';
import { parseInvocation, validateArgs } from '../commands/parse.ts';
import type { CommandArgs, CommandContext, CommandDefinition, CommandResult, CommandServices, Invoker } from '../commands/types.ts';
import { UsageError } from '../commands/types.ts';
import { CorpusEngine } from '../index/engine.ts';
import { errorId, log } from '../util/log.ts';
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
  onProgress?: (p: { filesDone: number; filesTotal: number; articles: number }) => void;
  /** Called once the files are read, before the (longer) understanding of the articles starts. */
  onUnderstanding?: (articles: number) => void;
}

/** Builds the bot: loads and understands the corpus, loads the commands, and answers text or structured calls. */
export async function createBot(options: BotOptions): Promise<BotCore & { engine: CorpusEngine; services: CommandServices }> {
  const engine = options.engine ?? new CorpusEngine();
  if (!options.engine) {
    const articles = options.articles ?? (await loadArticles(options.corpusDir ?? 'corpus', options.onProgress));
    options.onUnderstanding?.(articles.length);
    await engine.addArticles(articles);
  }
  const commands = options.commands ?? (await loadCommands());
  // The tokenizer's tables load synchronously on first use: load them now, not inside the first /brief.
  countTokens('');
  const services: CommandServices = options.services ?? {};
  const now = options.now ?? (() => new Date());

  const run = async (name: string, args: CommandArgs, invoker: Invoker): Promise<CommandResult> => {
    const command = commands.find((c) => c.name === name);
    try {
      if (!command) throw new UsageError(`Unknown command “${name.slice(0, 40)}”. Try help.`);
      const ctx: CommandContext = { engine, invoker, now, services, ...(options.syntax ? { syntax: options.syntax } : {}) };
      return await command.run(validateArgs(command, args), ctx);
    } catch (err) {
      return failure(err, name);
    }
  };

  return {
    commands,
    engine,
    services,
    run,
    async handleText(text, invoker) {
      try {
        const { name, args } = parseInvocation(text, commands);
        const command = commands.find((c) => c.name === name)!;
        const ctx: CommandContext = { engine, invoker, now, services, ...(options.syntax ? { syntax: options.syntax } : {}) };
        return await command.run(args, ctx);
      } catch (err) {
        return failure(err, text.slice(0, 60));
      }
    },
  };
}

async function loadArticles(dir: string, onProgress: BotOptions['onProgress']): Promise<Article[]> {
  const { loadCorpus } = await import('../corpus/load.ts');
  const { groupNearDuplicates } = await import('../corpus/dedupe.ts');
  const result = await loadCorpus(dir, { onProgress, onWarning: (w) => log.warn({ file: w.file }, w.reason) });
  groupNearDuplicates(result.articles);
  return result.articles;
}

/** A usage error is answered as such; anything else is an apology with an id that the log ties to the cause. */
function failure(err: unknown, what: string): CommandResult {
  if (err instanceof UsageError) {
    return { briefing: { title: err.message, sections: [], citations: {}, isError: true }, data: { error: 'usage', message: err.message } };
  }
  const id = errorId();
  log.error({ errorId: id, command: what, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'command failed');
  const message = `Sorry, something went wrong answering that (error ${id}).`;
  return { briefing: { title: message, sections: [], citations: {}, isError: true }, data: { error: 'internal', message, errorId: id } };
}
