import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { FSWatcher } from 'chokidar';
import type { Engine } from '../index/types.ts';
import { openStore, type ChatScheduleRecord, type Store } from '../store/index.ts';
import { log } from '../util/log.ts';
import { DEFAULT_MAX_TOKENS, DEFAULT_WINDOW_MS, loadBriefingFiles } from './briefing-files.ts';
import { composeDigest, type BuildDigest } from './compose.ts';
import { CorpusIngestor, watchCorpus, type LiveCorpus, type LoadFile } from './corpus-watch.ts';
import { coalesceMissed } from './catch-up.ts';
import { cronProblem, firstSlotAfter, isTimeZone, minimumGapMs, nextSlot, slotsBetween, toCron } from './cron.ts';
import { deliverSlot, type DeliveryContext, type SlotOutcome, type UncertainSendPolicy } from './deliver.ts';
import { followService, sendFollowAlerts } from './follows.ts';
import {
  ScheduleError,
  type DeliveryTarget,
  type FollowService,
  type ScheduleService,
  type ScheduleSpec,
  type ScheduleView,
} from './types.ts';

type Logger = {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

export interface SchedulerOptions {
  engine: Engine;
  /** Where the SQLite file lives (default data/); or an open store (tests). */
  dataDir?: string;
  /** PostgreSQL instead of SQLite (DATABASE_URL): state shared by several instances. */
  databaseUrl?: string | null;
  store?: Store;
  /** Folder of briefing files; null or absent for none. */
  briefingsDir?: string | null;
  /** For schedules that name none (TZ). Default UTC. */
  defaultTimeZone?: string;
  /** A slot missed while down is posted on start if at most this late, else recorded as skipped. Default 60. */
  graceMinutes?: number;
  targets: DeliveryTarget[];
  /** The corpus folder to watch for new and changed files; none when absent. */
  corpusDir?: string | null;
  /** The clock; tests control it. */
  now?: () => Date;
  /** For ${VAR} in briefing files. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Run node-cron ticks, the periodic sweep and the corpus watcher. Default true; tests drive runDue() instead. */
  live?: boolean;
  buildDigest?: BuildDigest;
  loadFile?: LoadFile;
  /** The corpus kept in the article store: the watcher goes through it (files read and understood off the main thread). */
  corpus?: LiveCorpus;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** How long a claim is held before another process may take it over. Default 10 minutes. */
  leaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** See deliver.ts: what to do with a slot a crash left on the wire. Default at-most-once. */
  uncertainSend?: UncertainSendPolicy;
  /** Name of this process in the delivery log. */
  owner?: string;
  logger?: Logger;
  /** Resolve at once and catch up on missed slots after (stop() still waits for it). Default false: catch up first. */
  catchUpInBackground?: boolean;
  /** Chat schedules may fire at most this often (minutes). Default 5. */
  minChatIntervalMinutes?: number;
}

export interface Scheduler {
  readonly services: { schedules: ScheduleService; follows: FollowService };
  readonly store: Store;
  /** Every schedule in force: briefing files, then chat schedules. */
  schedules(): ScheduleSpec[];
  /** Handles every slot due by now: catch-up after a restart, a live tick, retries of abandoned claims. */
  runDue(): Promise<SlotOutcome[]>;
  /** Re-reads chat schedules from the database (another process may have changed them). */
  refresh(): Promise<void>;
  /** Applies a file event as the watcher would (tests; or a manual reload). */
  ingestFile(event: 'add' | 'change' | 'unlink', file: string): Promise<void>;
  stop(): Promise<void>;
}

const MINUTE = 60_000;
const SWEEP_MS = MINUTE;
const MAX_CHAT_SCHEDULES_PER_CHANNEL = 10;

export function chatScheduleSpec(r: ChatScheduleRecord): ScheduleSpec {
  const about = r.topics.length ? r.topics.join(', ') : 'all news';
  return {
    id: `chat:${r.id}`,
    name: `Digest #${r.id} (${about})`,
    source: 'chat',
    cron: r.cron,
    timeZone: r.timeZone,
    target: { platform: r.platform as ScheduleSpec['target']['platform'], channelId: r.channelId },
    topics: r.topics,
    windowMs: DEFAULT_WINDOW_MS,
    maxTokens: DEFAULT_MAX_TOKENS,
    ifNothingNew: 'post',
  };
}

/** Starts the scheduler: briefing files (a bad one throws BriefingFileError), chat schedules, catch-up, live ticks, corpus watcher. */
export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const clock = options.now ?? (() => new Date());
  const now = () => clock().getTime();
  const logger: Logger = options.logger ?? log;
  const defaultTimeZone = options.defaultTimeZone ?? 'UTC';
  if (!isTimeZone(defaultTimeZone)) throw new ScheduleError(`TZ: “${defaultTimeZone}” is not an IANA time zone`);
  const fileSpecs = options.briefingsDir
    ? loadBriefingFiles(options.briefingsDir, options.env ?? process.env, defaultTimeZone)
    : [];
  const store =
    options.store ?? (await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir ?? 'data' }));
  const ownsStore = !options.store;
  const targets = new Map(options.targets.map((t) => [t.platform, t]));
  const graceMs = (options.graceMinutes ?? 60) * MINUTE;
  const live = options.live ?? true;
  const buildDigest = options.buildDigest ?? (await import('../briefing/digest.ts')).buildDigest;
  const engine = options.engine;

  // Stopping wakes every back-off at once; the delivery then hands its slot back rather than post it.
  let stopping = false;
  const wakeups = new Set<() => void>();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.()));
  const interruptibleSleep = (ms: number) =>
    stopping
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const wake = () => (wakeups.delete(wake), resolve());
          wakeups.add(wake);
          void sleep(ms).then(wake);
        });

  const delivery: DeliveryContext = {
    deliveries: store.deliveries,
    owner: options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    now,
    leaseMs: options.leaseMs ?? 10 * MINUTE,
    maxAttempts: options.retry?.maxAttempts ?? 5,
    baseDelayMs: options.retry?.baseDelayMs ?? 2000,
    maxDelayMs: options.retry?.maxDelayMs ?? 5 * MINUTE,
    sleep: (ms) => interruptibleSleep(ms),
    uncertainSend: options.uncertainSend ?? 'at-most-once',
    stopping: () => stopping,
    logger,
  };

  for (const spec of fileSpecs) {
    if (!targets.has(spec.target.platform))
      logger.warn(
        { schedule: spec.id, file: spec.file },
        `no ${spec.target.platform} connection is running; its digests will be recorded as failed`,
      );
  }

  let chatSpecs: ScheduleSpec[] = [];
  const tasks = new Map<string, ScheduledTask>();
  const running = new Map<string, Promise<SlotOutcome[]>>();
  const all = () => [...fileSpecs, ...chatSpecs];

  /**
   * The slots of one schedule from its cursor to now, then any of its claims left unfinished by a dead process.
   * A catch-up run (at start, or the sweep; not a live tick) coalesces the slots missed meanwhile into one digest.
   */
  const handleSchedule = async (spec: ScheduleSpec, tickAt?: number): Promise<SlotOutcome[]> => {
    const until = Math.max(now(), tickAt ?? 0);
    const cursor = (await store.cursors.get(spec.id)) ?? (await store.cursors.init(spec.id, until));
    const outcomes: SlotOutcome[] = [];
    const unfinished = (await store.deliveries.forSchedule(spec.id)).filter(
      (d) => (d.state === 'claimed' || d.state === 'sending') && (d.leaseUntil ?? 0) <= now(),
    );
    let due = dueSlots(spec, cursor, until);
    if (tickAt === undefined) {
      const coalesced = await coalesceMissed(store.deliveries, spec.id, due, now(), graceMs);
      outcomes.push(...coalesced.skipped);
      due = coalesced.remaining;
    }
    const slots = [...new Set([...unfinished.map((d) => d.slot), ...due])].sort((a, b) => a - b);
    for (const slot of slots) if (!stopping) outcomes.push(await handleSlot(spec, slot));
    // Moved only when there was work: an idle tick writes nothing (and forces no disk sync). Not when stopping:
    // slots left unhandled are then found again by the next start (those handled are final and cost nothing).
    if ((slots.length || outcomes.length) && !stopping) await store.cursors.advance(spec.id, until);
    return outcomes;
  };

  /** Slots in (cursor, until]; the first slot after a cursor is remembered, as cron-parser is slow and most ticks find none. */
  const firstAfter = new Map<string, { cursor: number; first: number }>();
  const dueSlots = (spec: ScheduleSpec, cursor: number, until: number): number[] => {
    const known = firstAfter.get(spec.id);
    if (known && known.cursor === cursor && known.first > until) return [];
    const slots = slotsBetween(spec.cron, spec.timeZone, cursor, until);
    if (slots.length === 0) {
      firstAfter.set(spec.id, { cursor, first: firstSlotAfter(spec.cron, spec.timeZone, cursor) ?? Infinity });
    }
    return slots;
  };

  const handleSlot = async (spec: ScheduleSpec, slot: number): Promise<SlotOutcome> => {
    const lateBy = now() - slot;
    const tooLate =
      lateBy > graceMs
        ? `missed by ${Math.round(lateBy / MINUTE)} min, beyond the ${graceMs / MINUTE}-minute grace period`
        : undefined;
    if (tooLate && (await store.deliveries.recordSkipped(spec.id, slot, now(), tooLate))) {
      logger.warn({ schedule: spec.id, slot: new Date(slot).toISOString() }, `digest skipped: ${tooLate}`);
      return { scheduleId: spec.id, slot: new Date(slot).toISOString(), result: 'skipped', reason: tooLate };
    }
    const compose = async () =>
      composeDigest(
        engine,
        store.articles,
        spec,
        slot,
        await store.deliveries.coveredUntil(spec.id),
        now(),
        buildDigest,
      );
    return deliverSlot(delivery, spec, slot, targets.get(spec.target.platform), compose, tooLate);
  };

  /** One run per schedule at a time in this process; a tick arriving meanwhile waits for it, then runs. */
  const runSchedule = (spec: ScheduleSpec, tickAt?: number): Promise<SlotOutcome[]> => {
    if (stopping) return Promise.resolve([]); // a tick already scheduled when stop() began: the store may be closing
    const previous = running.get(spec.id) ?? Promise.resolve([]);
    const next = previous.catch(() => []).then(() => handleSchedule(spec, tickAt));
    running.set(spec.id, next);
    return next.catch((err) => {
      logger.error({ schedule: spec.id, reason: (err as Error)?.message }, 'schedule run failed');
      return [];
    });
  };

  const startTask = (spec: ScheduleSpec) => {
    if (!live || tasks.has(spec.id)) return;
    // A tick node-cron misses (busy event loop) needs no warning: the next tick or the sweep catches the slot up.
    const task = cron.schedule(spec.cron, (ctx) => void runSchedule(spec, ctx.date.getTime()), {
      timezone: spec.timeZone,
      name: spec.id,
      suppressMissedWarning: true,
    });
    tasks.set(spec.id, task);
  };
  const stopTask = async (id: string) => {
    const task = tasks.get(id);
    tasks.delete(id);
    await task?.destroy();
  };

  const refresh = async () => {
    const fresh = (await store.schedules.list()).map(chatScheduleSpec);
    const ids = new Set(fresh.map((s) => s.id));
    for (const old of chatSpecs) if (!ids.has(old.id)) void stopTask(old.id);
    chatSpecs = fresh;
    for (const spec of chatSpecs) startTask(spec);
  };

  const runDue = async () => (await Promise.all(all().map((spec) => runSchedule(spec)))).flat();

  // Articles the engine holds at start: a first run takes them as the baseline; later runs alert on the ones new since.
  const firstRun = (await store.articles.count()) === 0;
  const startup = await store.articles.record(
    engine.articles().map((a) => ({ id: a.id, path: a.path, contentHash: null })),
    now(),
  );
  const alertDeps = {
    engine,
    follows: store.follows,
    targets,
    contentHash: async (id: string) => (await store.articles.get(id))?.contentHash ?? 'unknown',
    now,
    logger,
  };
  const onNewArticles = async (ids: string[]) => void (await sendFollowAlerts(alertDeps, ids));
  if (!firstRun) await onNewArticles(startup.added);

  let ingestor: CorpusIngestor | null = null;
  const loadFile = options.loadFile ?? defaultLoadFile;
  if (options.corpusDir)
    ingestor = new CorpusIngestor({
      engine,
      seen: store.articles,
      corpusDir: options.corpusDir,
      loadFile,
      now,
      onNewArticles,
      logger,
      corpus: options.corpus,
    });
  let watcher: FSWatcher | null = null;
  if (ingestor && live) watcher = await watchCorpus(ingestor, options.corpusDir!);

  await refresh();
  for (const spec of fileSpecs) startTask(spec);
  const reportCatchUp = (catchUp: SlotOutcome[]) => {
    if (catchUp.length)
      logger.info(
        { slots: catchUp.length, posted: catchUp.filter((o) => o.result === 'posted').length },
        'caught up on missed slots',
      );
  };
  if (options.catchUpInBackground) void runDue().then(reportCatchUp);
  else reportCatchUp(await runDue());
  const sweep = live
    ? setInterval(
        () =>
          void refresh().then(runDue, (err) =>
            logger.error({ reason: (err as Error)?.message }, 'schedules not refreshed'),
          ),
        SWEEP_MS,
      )
    : null;
  sweep?.unref();

  const schedules = scheduleService({
    store,
    defaultTimeZone,
    now,
    minIntervalMs: (options.minChatIntervalMinutes ?? 5) * MINUTE,
    all,
    onChange: refresh,
  });

  return {
    services: { schedules, follows: followService(engine, store.follows, now) },
    store,
    schedules: all,
    runDue,
    refresh,
    ingestFile: async (event, file) => {
      if (!ingestor) throw new Error('no corpus folder is watched');
      await ingestor.enqueue(event, file);
    },
    async stop() {
      stopping = true;
      for (const wake of [...wakeups]) wake();
      if (sweep) clearInterval(sweep);
      await Promise.all([...tasks.keys()].map(stopTask));
      await watcher?.close();
      await Promise.allSettled([...running.values()]);
      if (ownsStore) await store.close();
    },
  };
}

/** The corpus loader's loadFile (src/corpus/load.ts), imported when first needed. */
const defaultLoadFile: LoadFile = async (file, root) => (await import('../corpus/load.ts')).loadFile(file, root);

interface ScheduleServiceDeps {
  store: Store;
  defaultTimeZone: string;
  now: () => number;
  minIntervalMs: number;
  all: () => ScheduleSpec[];
  onChange: () => Promise<void>;
}

function view(spec: ScheduleSpec, now: number): ScheduleView {
  const next = nextSlot(spec.cron, spec.timeZone, new Date(now));
  return {
    id: spec.source === 'chat' ? spec.id.slice(5) : spec.id,
    name: spec.name,
    source: spec.source,
    cron: spec.cron,
    timeZone: spec.timeZone,
    topics: spec.topics,
    nextRun: next ? next.toISOString() : null,
  };
}

/** /schedule's view of the scheduler: add, list and remove the chat schedules of a channel. */
function scheduleService(deps: ScheduleServiceDeps): ScheduleService {
  return {
    defaultTimeZone: deps.defaultTimeZone,
    async add(request) {
      const expression = toCron(request.when);
      if (!expression)
        throw new ScheduleError(
          `“${request.when.slice(0, 60)}” is not a schedule I understand: use a cron expression ("0 8 * * 1-5") or "daily 08:00", "weekdays 07:30", "weekly mon 09:00", "hourly".`,
        );
      const timeZone = request.timeZone ?? deps.defaultTimeZone;
      const problem = cronProblem(expression, timeZone);
      if (problem) throw new ScheduleError(`Cannot schedule that: ${problem}.`);
      if (minimumGapMs(expression) < deps.minIntervalMs) {
        throw new ScheduleError(
          `That would post more often than every ${deps.minIntervalMs / MINUTE} minutes; choose a slower schedule.`,
        );
      }
      if (
        (await deps.store.schedules.list({ platform: request.platform, channelId: request.channelId })).length >=
        MAX_CHAT_SCHEDULES_PER_CHANNEL
      ) {
        throw new ScheduleError(
          `This channel has ${MAX_CHAT_SCHEDULES_PER_CHANNEL} schedules already; remove one first.`,
        );
      }
      const record = await deps.store.schedules.add({
        platform: request.platform,
        channelId: request.channelId,
        cron: expression,
        timeZone,
        topics: request.topics,
        createdBy: request.userId,
        createdAt: deps.now(),
      });
      const spec = chatScheduleSpec(record);
      await deps.store.cursors.init(spec.id, deps.now());
      await deps.onChange();
      return view(spec, deps.now());
    },
    async list(platform, channelId) {
      await deps.onChange(); // another instance may have added or removed one
      return deps
        .all()
        .filter((s) => s.target.platform === platform && s.target.channelId === channelId)
        .map((s) => view(s, deps.now()));
    },
    async remove(platform, channelId, id) {
      const n = Number(id.replace(/^(?:chat:|#)/, ''));
      if (!Number.isInteger(n) || n <= 0) return false;
      const removed = await deps.store.schedules.remove(platform, channelId, n, deps.now());
      if (removed) await deps.onChange();
      return removed;
    },
  };
}
