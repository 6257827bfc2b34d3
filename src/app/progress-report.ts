import { log } from '../util/log.ts';
import { loadPercent } from './loading-bot.ts';
import type { LoadProgress } from './progress.ts';

/**
 * Shows a corpus load's progress: on a terminal (stderr a TTY) a bar redrawn in place with the rate and the time
 * left; otherwise (a service under a supervisor, logs collected) a JSON log line every few seconds and at each
 * phase's end.
 */
export interface ProgressReporter {
  update(progress: LoadProgress): void;
  /** Ends the bar's line (terminal); nothing otherwise. */
  finish(): void;
}

export interface ProgressReporterOptions {
  /** Where the bar goes, and whether it is a terminal. Default process.stderr. */
  stream?: { isTTY?: boolean; write(text: string): unknown; columns?: number };
  /** The JSON log (non-terminal). Default the service's logger. */
  logger?: { info(obj: object, msg: string): void };
  now?: () => number;
  /** Non-terminal: at most one line this often (plus phase ends). Default 5 s. */
  logEveryMs?: number;
  /** Terminal: redraw at most this often. Default 100 ms. */
  redrawEveryMs?: number;
}

const UNIT: Record<LoadProgress['phase'], string> = {
  scanning: 'files',
  reading: 'files',
  understanding: 'articles',
  indexing: 'articles',
};

/** Items per second in the current phase, and seconds left at that rate (null until there is a rate). */
export function rateAndEta(
  p: LoadProgress,
  phaseStartedAt: number,
  now: number,
): { perSecond: number; etaSeconds: number | null } {
  const seconds = (now - phaseStartedAt) / 1000;
  const perSecond = seconds > 0 ? p.done / seconds : 0;
  return { perSecond, etaSeconds: perSecond > 0 ? Math.max(0, Math.round((p.total - p.done) / perSecond)) : null };
}

function clock(seconds: number | null): string {
  if (seconds === null) return '--:--';
  const s = Math.min(seconds, 99 * 3600);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** One line of the terminal bar: "understanding [#######-------------]  41%  3,120/7,600 articles  412/s  0:11 left". */
export function formatProgressLine(p: LoadProgress, perSecond: number, etaSeconds: number | null, width = 20): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const count = `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} ${UNIT[p.phase]}`;
  return `${p.phase.padEnd(13)} ${bar} ${String(loadPercent(p)).padStart(3)}%  ${count}  ${Math.round(perSecond).toLocaleString('en-US')}/s  ${clock(etaSeconds)} left`;
}

export function progressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const logger = options.logger ?? log;
  const now = options.now ?? Date.now;
  const tty = Boolean(stream.isTTY);
  const every = tty ? (options.redrawEveryMs ?? 100) : (options.logEveryMs ?? 5000);
  let phase: LoadProgress['phase'] | null = null;
  let phaseStartedAt = now();
  let lastShown = -Infinity;
  let lineOpen = false;

  const show = (p: LoadProgress) => {
    const { perSecond, etaSeconds } = rateAndEta(p, phaseStartedAt, now());
    if (tty) {
      const line = formatProgressLine(p, perSecond, etaSeconds).slice(0, Math.max(20, (stream.columns ?? 100) - 1));
      stream.write(`\r\x1b[2K${line}`);
      lineOpen = true;
    } else {
      logger.info(
        {
          phase: p.phase,
          done: p.done,
          total: p.total,
          articles: p.articles,
          percent: loadPercent(p),
          perSecond: Math.round(perSecond),
          etaSeconds,
        },
        'loading the corpus',
      );
    }
    lastShown = now();
  };

  return {
    update(p) {
      if (p.phase !== phase) {
        if (tty && lineOpen) stream.write('\n');
        lineOpen = false;
        phase = p.phase;
        phaseStartedAt = now();
        lastShown = -Infinity;
      }
      const phaseEnd = p.total > 0 && p.done >= p.total;
      if (phaseEnd || now() - lastShown >= every) show(p);
    },
    finish() {
      if (tty && lineOpen) stream.write('\n');
      lineOpen = false;
    },
  };
}

/** The CLI's progress: a bar when stderr is a terminal, nothing otherwise (its stderr is for errors). */
export function cliProgress(): ReturnType<typeof progressReporter> | undefined {
  return process.stderr.isTTY ? progressReporter() : undefined;
}
