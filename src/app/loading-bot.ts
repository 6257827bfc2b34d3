import type { CommandArgs, CommandDefinition, CommandResult, Invoker } from '../commands/types.ts';
import type { Engine } from '../index/types.ts';
import type { HealthState } from '../platforms/http/server.ts';
import type { LoadProgress } from './progress.ts';
import type { BotCore } from './types.ts';

/** How much of a cold load each phase is, roughly (understanding dominates); for the one percentage users see. */
export const PHASE_SHARE: Record<LoadProgress['phase'], number> = {
  scanning: 0.02,
  reading: 0.18,
  understanding: 0.7,
  indexing: 0.1,
};
const PHASE_ORDER: LoadProgress['phase'][] = ['scanning', 'reading', 'understanding', 'indexing'];

/** The whole load's progress, 0-100, from one phase's report. */
export function loadPercent(p: LoadProgress): number {
  const before = PHASE_ORDER.slice(0, PHASE_ORDER.indexOf(p.phase)).reduce((sum, phase) => sum + PHASE_SHARE[phase], 0);
  const within = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
  return Math.min(99, Math.floor((before + PHASE_SHARE[p.phase] * within) * 100 + 1e-9));
}

export function loadingMessage(percent: number): string {
  return `Still reading the articles (${percent}%). Try again in a minute.`;
}

/**
 * The bot the platforms are given at start, before the corpus is loaded: it has the commands at once (so Slack and
 * Discord can start and acknowledge within their 3 seconds), answers every command with a short "still reading"
 * reply and its progress while the corpus loads, and hands everything to the real bot once ready() is called.
 */
export class LoadingBot implements BotCore {
  private progress: LoadProgress | null = null;
  private bot: BotCore | null = null;

  constructor(
    readonly commands: readonly CommandDefinition[],
    /** What `engine` is until ready (an empty engine: autocomplete offers nothing, App Home counts 0 articles). */
    private readonly placeholder: Engine,
  ) {}

  get engine(): Engine {
    return this.bot?.engine ?? this.placeholder;
  }

  get isReady(): boolean {
    return this.bot !== null;
  }

  /** The loader's progress (see ./progress.ts). */
  report(progress: LoadProgress): void {
    this.progress = progress;
  }

  ready(bot: BotCore): void {
    this.bot = bot;
  }

  /**
   * For /healthz: ready, or loading with how far: `articles` of `of` done in the current `phase` (files while
   * scanning and reading, articles while understanding and indexing) and the whole load's `percent`.
   */
  health(): HealthState {
    if (this.bot) return { status: 'ready', articles: this.bot.engine.articleCount };
    const p = this.progress;
    if (!p) return { status: 'loading', articles: 0, of: 0, phase: 'scanning', percent: 0 };
    return { status: 'loading', articles: p.done, of: p.total, phase: p.phase, percent: loadPercent(p) };
  }

  handleText(text: string, invoker: Invoker): Promise<CommandResult> {
    return this.bot ? this.bot.handleText(text, invoker) : Promise.resolve(this.stillLoading());
  }

  run(name: string, args: CommandArgs, invoker: Invoker): Promise<CommandResult> {
    return this.bot ? this.bot.run(name, args, invoker) : Promise.resolve(this.stillLoading());
  }

  private stillLoading(): CommandResult {
    const percent = this.progress ? loadPercent(this.progress) : 0;
    const message = loadingMessage(percent);
    return {
      briefing: { title: message, sections: [], citations: {}, isError: true },
      data: { error: 'loading', message, percent },
    };
  }
}
