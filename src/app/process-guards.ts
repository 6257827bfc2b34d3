import { log } from '../util/log.ts';

/**
 * How the process ends. SIGTERM and SIGINT: stop() runs once (stop taking work, finish or hand back deliveries,
 * close the stores), then exit 0; a hard timer exits 1 if that takes longer than hardTimeoutMs, and a second
 * signal exits 1 at once. An unhandled rejection or an uncaught exception is logged with its stack and exits 1
 * straight away: a process in an unknown state is ended so that its supervisor starts a clean one, never left
 * half-working. (A failing request is not such a case: the HTTP server answers it 500 and goes on.)
 */
export interface ProcessGuardOptions {
  stop: (signal: NodeJS.Signals) => Promise<void>;
  /** Default 10 s. */
  hardTimeoutMs?: number;
  logger?: {
    info(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
    fatal(obj: object, msg: string): void;
  };
  exit?: (code: number) => void;
  /** Default process; tests may give an emitter. */
  target?: NodeJS.EventEmitter;
}

export const EXIT = { stopped: 0, failed: 1 } as const;

export function errorDetails(err: unknown): { message: string; stack?: string; name?: string } {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { message: typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err)) };
}

export function installProcessGuards(options: ProcessGuardOptions): {
  stopping: () => boolean;
  shutdown(): void;
  uninstall(): void;
} {
  const logger = options.logger ?? log;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const target = options.target ?? process;
  const hardTimeoutMs = options.hardTimeoutMs ?? 10_000;
  let stopping = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.error({ signal }, 'second signal while stopping; exiting now');
      return exit(EXIT.failed);
    }
    stopping = true;
    logger.info({ signal, hardTimeoutMs }, 'stopping: no new work, finishing what is in flight');
    const hard = setTimeout(() => {
      logger.error({ signal, hardTimeoutMs }, 'stop took too long; exiting');
      exit(EXIT.failed);
    }, hardTimeoutMs);
    options.stop(signal).then(
      () => {
        clearTimeout(hard);
        logger.info({ signal }, 'stopped');
        exit(EXIT.stopped);
      },
      (err: unknown) => {
        clearTimeout(hard);
        logger.error({ signal, err: errorDetails(err) }, 'stop failed');
        exit(EXIT.failed);
      },
    );
  };
  const onCrash = (kind: string) => (err: unknown) => {
    logger.fatal({ err: errorDetails(err) }, `${kind}; exiting so that a supervisor starts a clean process`);
    exit(EXIT.failed);
  };
  const onRejection = onCrash('unhandled promise rejection');
  const onException = onCrash('uncaught exception');

  target.on('SIGTERM', onSignal);
  target.on('SIGINT', onSignal);
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return {
    stopping: () => stopping,
    /** The same clean stop as SIGTERM, asked for by the process itself (the console's "exit"). */
    shutdown: () => onSignal('SIGTERM'),
    uninstall() {
      target.off('SIGTERM', onSignal);
      target.off('SIGINT', onSignal);
      target.off('unhandledRejection', onRejection);
      target.off('uncaughtException', onException);
    },
  };
}
