import type { CommandArgs, CommandResult, Invoker } from '../commands/types.ts';
import type { Engine } from '../index/types.ts';
import type { BotCore } from './types.ts';

/**
 * Per-user rate limits on chat commands (issue 15): a token bucket per user, charged by the measured time of each
 * command the user ran, so nobody can make the bot spend more than a few seconds a minute on them. A user whose
 * bucket is empty gets a polite "slow down" with the wait, and the command is not run. The CLI and the console
 * (the operator's own terminal) are not limited.
 */
export interface RateLimitOptions {
  /** Handler time a user earns per minute, in ms. Default 5,000 (5 s a minute). */
  msPerMinute?: number;
  /** Most a user can have saved up, in ms (a burst). Default msPerMinute. */
  burstMs?: number;
  /** Most users remembered; beyond it the longest-idle are forgotten (they would have a full bucket). Default 10,000. */
  maxUsers?: number;
  now?: () => number;
}

const UNLIMITED: ReadonlySet<Invoker['platform']> = new Set(['cli', 'console']);

interface Bucket {
  tokens: number;
  at: number;
}

export class HandlerTimeLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxUsers: number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions = {}) {
    const perMinute = options.msPerMinute ?? 5000;
    this.perMs = perMinute / 60_000;
    this.burst = options.burstMs ?? perMinute;
    this.maxUsers = options.maxUsers ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** 0 when the user may run a command now, else the ms to wait until the bucket is no longer empty. */
  waitFor(user: string): number {
    const bucket = this.refill(user);
    return bucket.tokens > 0 ? 0 : Math.ceil((1 - bucket.tokens) / this.perMs);
  }

  /** Takes `ms` of handler time from the user's bucket (it may go below zero: the next commands wait for it). */
  charge(user: string, ms: number): void {
    const bucket = this.refill(user);
    bucket.tokens -= Math.max(0, ms);
  }

  private refill(user: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(user);
    if (bucket)
      this.buckets.delete(user); // re-inserted below: the map's order is least recently seen first
    else bucket = { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(user, bucket);
    while (this.buckets.size > this.maxUsers) this.buckets.delete(this.buckets.keys().next().value!);
    return bucket;
  }
}

export function slowDownMessage(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return `You are asking faster than I can answer. Please slow down and try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}

/** The bot with every chat command charged to its user's bucket; a user over the limit gets slowDownMessage. */
export function rateLimited(
  bot: BotCore,
  limiter: HandlerTimeLimiter,
  clock: () => number = () => performance.now(),
): BotCore {
  const limit = async (invoker: Invoker, work: () => Promise<CommandResult>): Promise<CommandResult> => {
    if (UNLIMITED.has(invoker.platform)) return work();
    const user = `${invoker.platform}:${invoker.userId}`;
    const wait = limiter.waitFor(user);
    if (wait > 0) {
      const message = slowDownMessage(wait);
      return {
        briefing: { title: message, sections: [], citations: {}, isError: true },
        data: { error: 'rate-limited', message, retryAfterMs: wait },
      };
    }
    const started = clock();
    try {
      return await work();
    } finally {
      limiter.charge(user, clock() - started);
    }
  };
  return {
    get commands() {
      return bot.commands;
    },
    get engine(): Engine {
      return bot.engine;
    },
    handleText: (text, invoker) => limit(invoker, () => bot.handleText(text, invoker)),
    run: (name: string, args: CommandArgs, invoker: Invoker) => limit(invoker, () => bot.run(name, args, invoker)),
  };
}
