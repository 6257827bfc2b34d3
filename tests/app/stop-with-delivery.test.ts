import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler } from '../../src/scheduler/index.ts';
import { listingDigest, MemoryEngine, recordingTarget } from '../fakes/memory-engine.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { FakeSlack } from '../fakes/slack-api.ts';

/**
 * SIGTERM with a digest delivery in flight, on the real service (`src/main.ts` in a child process, Slack over
 * HTTP against the fake Slack on 127.0.0.1). A briefing file posts every minute and its cursor is set back, so the
 * service posts a catch-up digest as soon as it is ready; the fake Slack holds or refuses that post; SIGTERM then
 * arrives. The delivery log (SQLite in DATA_DIR) and the exit code say what happened.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SCHEDULE = 'file:ferry';
let fake: FakeSlack;
const dirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  children.splice(0).forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  fake.delays.clear();
  fake.refusals.clear();
});

async function setup(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-stop-'));
  dirs.push(dir);
  for (const sub of ['corpus', 'briefings', 'data']) mkdirSync(path.join(dir, sub));
  writeFileSync(
    path.join(dir, 'corpus', 'ferry.txt'),
    'Ferry service restored\n\nThe Harbour Board of Brenna restored the ferry on Monday, its chair Talia Verhoeven said.\n',
  );
  writeFileSync(
    path.join(dir, 'briefings', 'ferry.yaml'),
    'name: Ferry digest\nschedule: "* * * * *"\ntimezone: UTC\ntarget: { platform: slack, channel: C0000001 }\nifNothingNew: post\n',
  );
  const store = openSqliteStore({ dataDir: path.join(dir, 'data') });
  await store.cursors.init(SCHEDULE, Date.now() - 130_000); // two or three slots are due: one catch-up digest at start, the older ones coalesced into it
  await store.close();
  return dir;
}

function startService(dir: string): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CORPUS_DIR: path.join(dir, 'corpus'),
    DATA_DIR: path.join(dir, 'data'),
    BRIEFINGS_DIR: path.join(dir, 'briefings'),
    PORT: '0',
    TZ: 'UTC',
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: fake.acceptToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
  };
  // `npm start`'s entry: the compiled service when dist/ is fresh (as after npm ci), else the source through tsx.
  const child = spawn(process.execPath, ['bin/start.mjs'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), stderr: () => stderr };
}

const deliveries = async (dir: string) => {
  const store = openSqliteStore({ dataDir: path.join(dir, 'data') });
  try {
    return await store.deliveries.forSchedule(SCHEDULE);
  } finally {
    await store.close();
  }
};

describe('SIGTERM with a delivery in flight', () => {
  it('a post on the wire is let finish and recorded as posted; the process exits 0', async () => {
    const dir = await setup();
    fake.delays.set('chat.postMessage', 1500);
    const since = fake.calls.length;
    const service = startService(dir);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && fake.calls.indexOf(c) >= since, 60_000);
    service.child.kill('SIGTERM');
    expect(await service.exited, service.stderr()).toBe(0);
    // Two minutes may have passed since the cursor: the older missed slot is then coalesced into the newer (skipped).
    const rows = await deliveries(dir);
    const posted = rows.filter((r) => r.state === 'posted');
    expect(posted, service.stderr()).toHaveLength(1);
    expect(posted[0]).toMatchObject({ attempts: 1 });
    expect(
      rows.every(
        (r) =>
          r.state === 'posted' || r.state === 'skipped' || (r.state === 'claimed' && (r.leaseUntil ?? 0) <= Date.now()),
      ),
    ).toBe(true);
    expect(service.stderr()).toContain('"msg":"stopped"');
  }, 90_000);

  it('a claimed slot waiting to retry is handed back, not lost: the next start takes it at once', async () => {
    const dir = await setup();
    fake.refusals.set('chat.postMessage', 'channel_not_found'); // refused: the delivery backs off for 2-4 s
    const since = fake.calls.length;
    const service = startService(dir);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && fake.calls.indexOf(c) >= since, 60_000);
    service.child.kill('SIGTERM');
    expect(await service.exited, service.stderr()).toBe(0);
    const row = (await deliveries(dir)).find((r) => r.state !== 'skipped')!; // an older missed slot may be coalesced
    expect(row, service.stderr()).toMatchObject({ state: 'claimed', reason: 'handed back at shutdown', attempts: 1 });
    expect(row.leaseUntil).toBeLessThanOrEqual(Date.now());
    expect(service.stderr()).toContain('digest handed back at shutdown');

    // The next start (here a scheduler on the same DATA_DIR) takes the handed-back slot at once and posts it.
    const slack = recordingTarget('slack');
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const next = await startScheduler({
      engine: new MemoryEngine([]),
      dataDir: path.join(dir, 'data'),
      briefingsDir: path.join(dir, 'briefings'),
      targets: [slack],
      live: false,
      buildDigest: listingDigest,
      logger,
    });
    await next.stop();
    expect(slack.posts.length).toBeGreaterThanOrEqual(1);
    expect((await deliveries(dir)).find((r) => r.slot === row.slot)).toMatchObject({ state: 'posted', attempts: 2 });
  }, 90_000);
});
