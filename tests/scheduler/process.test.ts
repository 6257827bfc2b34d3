import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startScheduler } from '../../src/scheduler/index.ts';
import { MemoryEngine, listingDigest, manualClock, recordingTarget } from '../fakes/memory-engine.ts';
import { openSqliteStore } from '../../src/store/index.ts';

/**
 * Real processes on one database file: a scheduler killed with SIGKILL in the middle of a post and restarted, and
 * two schedulers racing for the same slots. Each child is a small script run with tsx; posts are appended to a file.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const src = (p: string) => JSON.stringify(new URL(`../../src/${p}`, import.meta.url).href);

const WORKER = `
import { appendFileSync } from 'node:fs';
import { startScheduler } from ${src('scheduler/index.ts')};
import { MemoryEngine, listingDigest, manualClock } from ${JSON.stringify(new URL('../fakes/memory-engine.ts', import.meta.url).href)};
const [mode, dataDir, briefingsDir, postsFile, owner, startAt, slotsJson] = process.argv.slice(2);
const slots = JSON.parse(slotsJson);
const clock = manualClock(startAt);
const engine = new MemoryEngine([{ id: 'a1', title: 'Ferry service restored', body: 'The Harbour Board restored the ferry.' }]);
const hang = () => new Promise(() => undefined);
const target = {
  platform: 'console',
  async postBriefing(channelId, briefing) {
    if (mode === 'race') await new Promise((r) => setTimeout(r, Math.random() * 3));
    appendFileSync(postsFile, owner + ' ' + briefing.title + '\\n');
    if (mode === 'kill-after-accept') { process.stdout.write('ACCEPTED\\n'); await hang(); }
  },
  async sendDirectMessage() {},
};
const buildDigest = (e, q) => {
  if (mode === 'kill-while-building') {
    process.stdout.write('BUILDING\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // blocks until killed
  }
  return listingDigest(e, q);
};
const logger = { info() {}, warn() {}, error() {} };
// Each worker steps its own clock, so in a race they drift hours apart: a lease longer than that keeps the test
// about two live processes, not about taking over a dead one's claim (which the kill tests cover).
const leaseMs = mode === 'race' ? 86400000 : 300000;
const scheduler = await startScheduler({ engine, dataDir, briefingsDir, targets: [target], now: clock.now, live: false, buildDigest, owner, logger, leaseMs });
for (const slot of slots) {
  clock.set(slot);
  await scheduler.runDue();
}
await scheduler.stop();
process.stdout.write('DONE\\n');
`;

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  children.splice(0).forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function setup(briefing: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-proc-'));
  dirs.push(dir);
  const briefingsDir = path.join(dir, 'briefings');
  const dataDir = path.join(dir, 'data');
  mkdirSync(briefingsDir, { recursive: true });
  writeFileSync(path.join(briefingsDir, 'ferry.yaml'), briefing);
  const worker = path.join(dir, 'worker.mts');
  writeFileSync(worker, WORKER);
  return { dir, briefingsDir, dataDir, worker, postsFile: path.join(dir, 'posts.log') };
}

/** Starts a worker; resolves with it once `marker` appears on its stdout (or it exits). */
function runWorker(args: string[], worker: string, marker: string): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes(marker)) resolve({ child, output });
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) =>
      output.includes(marker)
        ? resolve({ child, output })
        : reject(new Error(`worker exited ${code}: ${output.slice(0, 2000)}`)),
    );
  });
}

const posts = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

const BRIEF = 'name: Ferry brief\nschedule: "0 8 * * *"\ntimezone: Europe/Malta\ntarget: { platform: console }\n';
const SLOT = '2024-05-06T06:00:00.000Z';

async function restartAfterLease(s: ReturnType<typeof setup>) {
  const clock = manualClock('2024-05-06T06:20:00Z'); // lease (5 min) long gone, still inside the 60-minute grace
  const target = recordingTarget('console');
  const scheduler = await startScheduler({
    engine: new MemoryEngine([]),
    dataDir: s.dataDir,
    briefingsDir: s.briefingsDir,
    targets: [target],
    now: clock.now,
    live: false,
    buildDigest: listingDigest,
    logger: { info() {}, warn() {}, error() {} },
  });
  const record = await scheduler.store.deliveries.get('file:ferry', Date.parse(SLOT));
  await scheduler.stop();
  return { target, record };
}

describe('a scheduler killed in the middle of a post', () => {
  it('killed after the platform accepted: the restart does not post again (one post)', async () => {
    const s = setup(BRIEF);
    const { child } = await runWorker(
      [
        'kill-after-accept',
        s.dataDir,
        s.briefingsDir,
        s.postsFile,
        'first',
        '2024-05-06T05:00:00Z',
        JSON.stringify([SLOT]),
      ],
      s.worker,
      'ACCEPTED',
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const { target, record } = await restartAfterLease(s);
    expect(posts(s.postsFile).length + target.posts.length).toBe(1);
    expect(record).toMatchObject({ state: 'failed', reason: expect.stringMatching(/outcome unknown/) });
  }, 20_000);

  it('killed while building the digest: the restart posts it (one post)', async () => {
    const s = setup(BRIEF);
    const { child } = await runWorker(
      [
        'kill-while-building',
        s.dataDir,
        s.briefingsDir,
        s.postsFile,
        'first',
        '2024-05-06T05:00:00Z',
        JSON.stringify([SLOT]),
      ],
      s.worker,
      'BUILDING',
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const { target, record } = await restartAfterLease(s);
    expect(posts(s.postsFile)).toHaveLength(0);
    expect(target.posts).toHaveLength(1);
    expect(record?.state).toBe('posted');
  }, 20_000);
});

describe('two scheduler processes on one database file', () => {
  it('post each of 40 slots exactly once between them', async () => {
    const brief = 'name: Quarter-hourly\nschedule: "*/15 * * * *"\ntimezone: UTC\ntarget: { platform: console }\n';
    const s = setup(brief);
    await openSqliteStore({ dataDir: s.dataDir }).close(); // create the file first, as a deployed bot's would exist
    const slots = Array.from({ length: 40 }, (_, i) =>
      new Date(Date.parse('2024-05-06T00:15:00Z') + i * 15 * 60_000).toISOString(),
    );
    const args = (owner: string) => [
      'race',
      s.dataDir,
      s.briefingsDir,
      s.postsFile,
      owner,
      '2024-05-06T00:00:00Z',
      JSON.stringify(slots),
    ];
    await Promise.all([runWorker(args('one'), s.worker, 'DONE'), runWorker(args('two'), s.worker, 'DONE')]);
    const lines = posts(s.postsFile);
    const titles = lines.map((l) => l.slice(l.indexOf(' ') + 1));
    expect(lines).toHaveLength(40);
    expect(new Set(titles).size).toBe(40);
    const store = openSqliteStore({ dataDir: s.dataDir });
    expect((await store.deliveries.forSchedule('file:ferry')).filter((d) => d.state === 'posted')).toHaveLength(40);
    await store.close();
  }, 30_000);
});
