import type { Briefing } from '../briefing/types.ts';
import type { DeliveryLog } from '../store/types.ts';
import type { DeliveryTarget, ScheduleSpec } from './types.ts';

/**
 * Posting one slot exactly once.
 *
 * 1. claim the slot in the store (SQLite BEGIN IMMEDIATE, or one PostgreSQL transaction holding the row lock;
 *    unique key schedule id + slot): one process wins, the others see
 *    busy or done. A claim carries a lease, so a process killed while building the digest is taken over later.
 * 2. build the digest (may take a while; still `claimed`: nothing is on the wire, a takeover is safe).
 * 3. mark `sending`, call the platform, and the moment it resolves mark `posted`: one commit, nothing else
 *    in between. `posted` is final.
 *
 * The one window no database can close: the platform has accepted the post but the process dies before the
 * `posted` commit (microseconds, plus the time the response takes to come back). The row is then left in
 * `sending`. Whoever takes the slot over cannot know whether the post went out, so it asks the target's
 * wasPosted() when the adapter offers one; otherwise it follows the policy: 'at-most-once' (default, as the issue
 * asks: record the slot failed, "outcome unknown", never risk a second post) or 'at-least-once' (post again).
 * A definite refusal by the platform (an error thrown) puts the row back to `claimed`, so waiting out a back-off
 * is never mistaken for being on the wire.
 */

export type UncertainSendPolicy = 'at-most-once' | 'at-least-once';

export interface DeliveryContext {
  deliveries: DeliveryLog;
  /** This process's name in the log (host:pid:random), the owner of its claims. */
  owner: string;
  now: () => number;
  leaseMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  uncertainSend: UncertainSendPolicy;
  /** True once the process is stopping: a slot not yet on the wire is handed back (released), not posted. */
  stopping?: () => boolean;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** What a slot's digest is, decided once the slot is ours. */
export type Composition =
  | { kind: 'post'; briefing: Briefing; coveredUntil: number }
  | { kind: 'skip'; reason: string; coveredUntil: number };

export type SlotResult = 'posted' | 'skipped' | 'failed' | 'done-elsewhere' | 'busy' | 'lost-lease' | 'released';

export interface SlotOutcome {
  scheduleId: string;
  slot: string;
  result: SlotResult;
  reason?: string;
}

/** The key a post can carry so an adapter can later tell whether it is in the channel. */
export const deliveryKey = (scheduleId: string, slot: number) => `${scheduleId}@${new Date(slot).toISOString()}`;

export async function deliverSlot(
  ctx: DeliveryContext,
  spec: ScheduleSpec,
  slot: number,
  target: DeliveryTarget | undefined,
  compose: () => Promise<Composition>,
  /** Set when the slot is past its grace period: a claim left by a dead process is then closed, not posted late. */
  tooLate?: string,
): Promise<SlotOutcome> {
  const outcome = (result: SlotResult, reason?: string): SlotOutcome => ({
    scheduleId: spec.id,
    slot: new Date(slot).toISOString(),
    result,
    ...(reason ? { reason } : {}),
  });
  const { deliveries, owner } = ctx;
  const claim = await deliveries.claim(spec.id, slot, owner, ctx.now(), ctx.leaseMs);
  if (claim.kind === 'done') return outcome('done-elsewhere', claim.record.state);
  if (claim.kind === 'busy') return outcome('busy');
  if (claim.kind === 'interrupted-send') {
    const resolved = await resolveInterruptedSend(ctx, spec, slot, target);
    if (resolved) return outcome(resolved.result, resolved.reason);
  }
  if (tooLate) {
    await deliveries.markSkipped(spec.id, slot, owner, ctx.now(), tooLate);
    return outcome('skipped', tooLate);
  }
  if (!target) {
    const reason = `no ${spec.target.platform} connection is running`;
    await deliveries.markFailed(spec.id, slot, owner, ctx.now(), reason);
    ctx.logger.warn({ schedule: spec.id, slot: new Date(slot).toISOString(), reason }, 'digest not delivered');
    return outcome('failed', reason);
  }
  if (ctx.stopping?.()) return handBack(ctx, spec, slot, outcome);
  const composition = await compose();
  if (composition.kind === 'skip') {
    await deliveries.markSkipped(spec.id, slot, owner, ctx.now(), composition.reason, composition.coveredUntil);
    return outcome('skipped', composition.reason);
  }
  return postWithRetries(ctx, spec, slot, target, composition, outcome);
}

/** Decides a slot found on the wire after a crash; null means "post it" (the row is back to claimed). */
async function resolveInterruptedSend(
  ctx: DeliveryContext,
  spec: ScheduleSpec,
  slot: number,
  target: DeliveryTarget | undefined,
): Promise<{ result: SlotResult; reason: string } | null> {
  const { deliveries, owner } = ctx;
  let known: boolean | undefined;
  if (target?.wasPosted) {
    try {
      known = await target.wasPosted(spec.target.channelId, deliveryKey(spec.id, slot));
    } catch {
      known = undefined;
    }
  }
  if (known === true) {
    await deliveries.markPosted(spec.id, slot, owner, ctx.now(), slot);
    return { result: 'posted', reason: 'found in the channel after an interrupted send' };
  }
  if (known === false || ctx.uncertainSend === 'at-least-once') {
    await deliveries.markRetry(spec.id, slot, owner, ctx.now(), ctx.leaseMs, 'interrupted send; posting again');
    return null;
  }
  const reason = 'interrupted while posting; outcome unknown, not posted again to avoid a duplicate';
  await deliveries.markFailed(spec.id, slot, owner, ctx.now(), reason);
  ctx.logger.warn({ schedule: spec.id, slot: new Date(slot).toISOString() }, reason);
  return { result: 'failed', reason };
}

async function postWithRetries(
  ctx: DeliveryContext,
  spec: ScheduleSpec,
  slot: number,
  target: DeliveryTarget,
  composition: Extract<Composition, { kind: 'post' }>,
  outcome: (result: SlotResult, reason?: string) => SlotOutcome,
): Promise<SlotOutcome> {
  const { deliveries, owner } = ctx;
  const where = {
    schedule: spec.id,
    slot: new Date(slot).toISOString(),
    platform: spec.target.platform,
    channel: spec.target.channelId,
  };
  for (let attempt = 1; ; attempt++) {
    if (ctx.stopping?.()) return handBack(ctx, spec, slot, outcome);
    if (!(await deliveries.markSending(spec.id, slot, owner, ctx.now(), ctx.leaseMs))) return outcome('lost-lease');
    try {
      await target.postBriefing(spec.target.channelId, composition.briefing);
    } catch (err) {
      const reason = errorReason(err);
      if (attempt >= ctx.maxAttempts) {
        await deliveries.markFailed(spec.id, slot, owner, ctx.now(), reason);
        ctx.logger.warn({ ...where, attempt, reason }, 'digest post failed; giving up');
        return outcome('failed', reason);
      }
      const delay = retryDelay(err, attempt, ctx.baseDelayMs, ctx.maxDelayMs);
      // The lease must outlast the back-off, or another process would take the slot over while we wait.
      await deliveries.markRetry(spec.id, slot, owner, ctx.now(), delay + ctx.leaseMs, reason);
      ctx.logger.warn({ ...where, attempt, reason, retryInMs: delay }, 'digest post failed; will retry');
      await ctx.sleep(delay);
      continue;
    }
    // Nothing between the platform's answer and this commit but the commit itself: the window is as small as it can be.
    await deliveries.markPosted(spec.id, slot, owner, ctx.now(), composition.coveredUntil);
    ctx.logger.info({ ...where, attempt }, 'digest posted');
    return outcome('posted');
  }
}

/** The process is stopping before this slot went on the wire: its claim is released for the next start to take. */
async function handBack(
  ctx: DeliveryContext,
  spec: ScheduleSpec,
  slot: number,
  outcome: (result: SlotResult, reason?: string) => SlotOutcome,
): Promise<SlotOutcome> {
  await ctx.deliveries.release(spec.id, slot, ctx.owner, ctx.now());
  ctx.logger.info(
    { schedule: spec.id, slot: new Date(slot).toISOString() },
    'digest handed back at shutdown; the next start posts it',
  );
  return outcome('released', 'stopping');
}

/** A short, token-free reason: the error's message or platform code. */
export function errorReason(err: unknown): string {
  const e = err as { message?: string; code?: string | number; data?: { error?: string } };
  const text = e?.data?.error ?? e?.message ?? String(err);
  return String(text).replace(/\s+/g, ' ').slice(0, 200);
}

/** Exponential back-off with jitter, or what the platform asked for (retryAfterMs, Slack's retryAfter in seconds). */
export function retryDelay(err: unknown, attempt: number, baseMs: number, maxMs: number): number {
  const e = err as { retryAfterMs?: number; retryAfter?: number; code?: string };
  if (typeof e?.retryAfterMs === 'number') return Math.min(Math.max(0, e.retryAfterMs), maxMs);
  if (typeof e?.retryAfter === 'number' && e.code === 'slack_webapi_rate_limited_error')
    return Math.min(e.retryAfter * 1000, maxMs);
  const exponential = baseMs * 2 ** (attempt - 1);
  return Math.min(maxMs, exponential + Math.floor(Math.random() * baseMs));
}
