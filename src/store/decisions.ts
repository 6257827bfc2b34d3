import type { ArticleVersion, ClaimResult, DeliveryRecord, DeliveryState, FollowRecord, SeenArticle } from './types.ts';

/** The rules both backends apply, in one place: the SQL differs, the decisions do not. */

/** States nothing moves a slot out of. */
export const FINAL_STATES: readonly DeliveryState[] = ['posted', 'failed', 'skipped'];

/**
 * What a claim finds on an existing row: a final slot is done; a live lease of another owner is busy; otherwise the
 * caller takes it (over), and a slot that was on the wire comes back as an interrupted send.
 */
export function claimDecision(
  current: DeliveryRecord,
  owner: string,
  now: number,
): { take: false; result: ClaimResult } | { take: true; kind: 'claimed' | 'interrupted-send' } {
  if (FINAL_STATES.includes(current.state)) return { take: false, result: { kind: 'done', record: current } };
  const leaseLive = current.leaseUntil !== null && current.leaseUntil > now;
  if (leaseLive && current.owner !== owner) return { take: false, result: { kind: 'busy', record: current } };
  return { take: true, kind: current.state === 'sending' ? 'interrupted-send' : 'claimed' };
}

/** Transitions of the delivery log: which states each may leave, by name. */
export const TRANSITIONS = {
  sending: ['claimed'],
  posted: ['sending', 'claimed'],
  retry: ['sending'],
  failed: ['claimed', 'sending'],
  skipped: ['claimed'],
  /** A claim handed back at shutdown: still claimed, its lease ended so another start takes it at once. */
  release: ['claimed'],
} as const satisfies Record<string, readonly DeliveryState[]>;

/** The columns a transition sets besides state and updated_at. */
export interface TransitionSet {
  state: DeliveryState;
  updated_at: number;
  lease_until?: number | null;
  covered_until?: number | null;
  reason?: string | null;
  attempts?: '+1';
}

export const TRANSITION_COLUMNS = ['lease_until', 'covered_until', 'reason'] as const;

/**
 * What recording an article version does to a seen row: add a new id; change one whose known hash differs;
 * adopt a hash or path learnt without it being a change; nothing when all is the same.
 */
export function seenDecision(known: SeenArticle | undefined, a: ArticleVersion): 'add' | 'change' | 'adopt' | 'same' {
  if (!known) return 'add';
  if (known.contentHash && a.contentHash && known.contentHash !== a.contentHash) return 'change';
  if (a.contentHash !== known.contentHash || a.path !== known.path) return 'adopt';
  return 'same';
}

/** Case and spacing do not make a different follow. */
export const nameKey = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The follows an /unfollow removes: by any of the names given, or by the entity they were resolved to. */
export function followsToRemove(mine: FollowRecord[], names: string[], entityId: string | null): FollowRecord[] {
  const keys = new Set(names.map(nameKey));
  return mine.filter((f) => keys.has(nameKey(f.name)) || (entityId !== null && f.entityId === entityId));
}

/** How often (in calls) an event guard deletes ids older than its window. */
export const EVENT_PRUNE_EVERY = 200;
