import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * How a real process ends (src/app/process-guards.ts): each case is a small script run in a child process with tsx.
 * A crash is logged with its stack and exits non-zero; a signal runs the stop and exits 0; a stop that hangs is
 * cut by the hard timer with exit 1.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const guards = JSON.stringify(new URL('../../src/app/process-guards.ts', import.meta.url).href);
const SCRIPT = `
import { installProcessGuards } from ${guards};
const mode = process.argv[2];
installProcessGuards({
  hardTimeoutMs: 500,
  stop: async () => {
    process.stdout.write('STOPPING\\n');
    if (mode === 'hang') await new Promise(() => setInterval(() => undefined, 1000));
  },
});
const alive = setInterval(() => undefined, 1000);
if (mode === 'reject') setTimeout(() => void Promise.reject(new Error('boom-rejection')), 10);
if (mode === 'throw') setTimeout(() => { throw new Error('boom-exception'); }, 10);
process.stdout.write('READY\\n');
`;

const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-guards-'));
const script = path.join(dir, 'guarded.mts');
writeFileSync(script, SCRIPT);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the script; sends `signal` once it is ready; resolves with its exit code and output. */
function run(mode: string, signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    if (signal && stdout.includes('READY') && !stdout.includes('STOPPING')) child.kill(signal);
  });
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const fatalLine = (stderr: string) =>
  stderr
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string; stack?: string } })
    .find((l) => l.level === 60);

// The five children start together (each pays tsx's start); the cases read their outcomes.
type Outcome = Awaited<ReturnType<typeof run>>;
let outcomes: Record<'reject' | 'throw' | 'term' | 'int' | 'hang', Outcome>;
beforeAll(async () => {
  const [reject, thrown, term, int, hang] = await Promise.all([
    run('reject'),
    run('throw'),
    run('stop', 'SIGTERM'),
    run('stop', 'SIGINT'),
    run('hang', 'SIGTERM'),
  ]);
  outcomes = { reject, throw: thrown, term, int, hang };
}, 60_000);

describe('process guards', () => {
  it('an unhandled rejection is logged with its stack and ends the process non-zero', async () => {
    const { code, stderr } = outcomes.reject;
    expect(code).toBe(1);
    const fatal = fatalLine(stderr);
    expect(fatal?.msg).toMatch(/^unhandled promise rejection/);
    expect(fatal?.err?.message).toBe('boom-rejection');
    expect(fatal?.err?.stack).toMatch(/Error: boom-rejection\n\s+at /);
  });

  it('an uncaught exception is logged with its stack and ends the process non-zero', async () => {
    const { code, stderr } = outcomes.throw;
    expect(code).toBe(1);
    expect(fatalLine(stderr)?.err?.stack).toMatch(/Error: boom-exception\n\s+at /);
  });

  it('SIGTERM runs the stop and exits 0; SIGINT too', async () => {
    for (const { code, stdout } of [outcomes.term, outcomes.int]) {
      expect(stdout).toContain('STOPPING');
      expect(code).toBe(0);
    }
  });

  it('a stop that does not finish is cut by the hard timer, exit 1', async () => {
    const { code, stderr } = outcomes.hang;
    expect(code).toBe(1);
    expect(stderr).toContain('stop took too long; exiting');
  });
});
