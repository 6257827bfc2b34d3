import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/scheduler/compose.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import type { DeliveryRecord } from '../../src/store/types.ts';
import { freshDatabase, postgresUrl } from '../helpers/postgres.ts';

/**
 * SLOW (about 30 s; BRIEFBOT_MULTI_INSTANCE_SECONDS sets its run): three real service processes (src/main.ts) on one
 * PostgreSQL, a briefing firing every 2 s, posting to the console target (their stdout, recorded here). Half-way
 * one instance is killed with SIGKILL. Every slot is posted exactly once, none twice, and the only slots not
 * posted are ones the dead instance held on the wire when it died (at-most-once: "outcome unknown").
 * Nothing here asserts a duration: the test waits (bounded) until the database shows every slot decided.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RUN_MS = Number(process.env.BRIEFBOT_MULTI_INSTANCE_SECONDS ?? 16) * 1000;
const LEASE_SECONDS = 4;
const SLOT_MS = 2000;

interface Instance {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  ready: Promise<void>;
}

const dirs: string[] = [];
const instances: Instance[] = [];
afterAll(() => {
  instances.forEach((i) => i.child.exitCode === null && i.child.signalCode === null && i.child.kill('SIGKILL'));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function startInstance(env: NodeJS.ProcessEnv): Instance {
  // stdin stays an open pipe: with no chat platform configured, main.ts runs the console, which lives until EOF.
  // `npm start`'s entry: the compiled service when dist/ is fresh (as after npm ci), else the source through tsx.
  const child = spawn(process.execPath, ['bin/start.mjs'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const instance: Instance = { child, stdout: '', stderr: '', ready: Promise.resolve() };
  instance.ready = new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      instance.stdout += d.toString();
      if (instance.stdout.includes('briefbot console:')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (instance.stderr += d.toString()));
    child.once('exit', (code) =>
      reject(new Error(`instance exited ${code} before it was ready: ${instance.stderr.slice(-1500)}`)),
    );
  });
  instances.push(instance);
  return instance;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TITLE = /^Fast brief, (.+)$/gm;
const titles = (i: Instance) => [...i.stdout.matchAll(TITLE)].map((m) => m[1]);
/** The title's instant as the digest writes it (seconds shown unless on the minute). */
const slotTitle = (slot: number) => formatInstant(slot, 'UTC');

describe.skipIf(!postgresUrl())('three instances on one PostgreSQL (slow: ~30 s, real processes)', () => {
  it('post every 2-second slot exactly once while one of them is killed with -9 half-way', async () => {
    const url = await freshDatabase('multi');
    const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-multi-'));
    dirs.push(dir);
    const briefingsDir = path.join(dir, 'briefings');
    mkdirSync(briefingsDir);
    writeFileSync(
      path.join(briefingsDir, 'fast.yaml'),
      'name: Fast brief\nschedule: "*/2 * * * * *"\ntimezone: UTC\ntarget: { platform: console }\n',
    );
    const env = (n: number) => ({
      DATABASE_URL: url,
      CORPUS_DIR: path.join(REPO, 'corpus'),
      DATA_DIR: path.join(dir, `data${n}`),
      BRIEFINGS_DIR: briefingsDir,
      SCHEDULE_LEASE_SECONDS: String(LEASE_SECONDS),
      LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: '',
      DISCORD_TOKEN: '',
      DISCORD_PUBLIC_KEY: '',
    });
    const [a, b, c] = [1, 2, 3].map((n) => startInstance(env(n)));
    await Promise.all([a.ready, b.ready, c.ready]);
    const from = Math.ceil(Date.now() / SLOT_MS) * SLOT_MS + SLOT_MS; // the first slot all three were up for

    await sleep(RUN_MS / 2);
    const deadPid = b.child.pid!;
    b.child.kill('SIGKILL');
    await new Promise((r) => b.child.once('exit', r));
    await sleep(RUN_MS / 2);
    const until = Math.floor(Date.now() / SLOT_MS) * SLOT_MS;

    // Wait (bounded) until every slot up to `until` is decided in the database, then stop the survivors.
    const store = await openPostgresStore(url);
    let rows: DeliveryRecord[] = [];
    const undecided = () => rows.filter((r) => r.slot <= until && (r.state === 'claimed' || r.state === 'sending'));
    for (let i = 0; i < 240; i++) {
      rows = await store.deliveries.forSchedule('file:fast');
      const last = rows.filter((r) => r.slot >= until).length > 0;
      if (last && undecided().length === 0) break;
      await sleep(500);
    }
    await store.close();
    for (const i of [a, c]) i.child.kill('SIGTERM');
    await Promise.all(
      [a, c].map((i) => new Promise((r) => (i.child.exitCode !== null ? r(null) : i.child.once('exit', r)))),
    );
    const posted = [a, b, c].flatMap(titles);
    // None twice, across the three processes (the dead one's output included).
    expect(posted.length).toBe(new Set(posted).size);
    const bySlot = new Map(rows.map((r) => [r.slot, r]));
    const expected: number[] = [];
    for (let s = from; s <= until; s += SLOT_MS) expected.push(s);
    expect(expected.length).toBeGreaterThanOrEqual(Math.floor(RUN_MS / SLOT_MS) - 2);
    const lost: DeliveryRecord[] = [];
    for (const slot of expected) {
      const row = bySlot.get(slot);
      expect(row, `slot ${new Date(slot).toISOString()} has no row`).toBeDefined();
      if (row!.state === 'posted') {
        expect(
          posted.filter((t) => t === slotTitle(slot)),
          `slot ${new Date(slot).toISOString()}`,
        ).toHaveLength(1);
      } else {
        lost.push(row!);
      }
    }
    // The only slots not posted: on the wire in the dead instance when it died (recorded as "outcome unknown").
    for (const row of lost) {
      expect(row).toMatchObject({
        state: 'failed',
        reason: expect.stringMatching(/outcome unknown/),
        owner: expect.stringContaining(`:${deadPid}:`),
      });
    }
    expect(lost.length).toBeLessThanOrEqual(1);
    // All three took part: slots were posted by more than one process.
    expect([a, b, c].filter((i) => titles(i).length > 0).length).toBeGreaterThanOrEqual(2);
  }, 400_000); // generous: three processes starting on a loaded machine; nothing asserts a duration
});
