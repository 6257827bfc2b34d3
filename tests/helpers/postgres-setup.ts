import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest globalSetup: a real PostgreSQL for the suite, in a temporary folder, on a unix socket there and TCP on
 * 127.0.0.1 at a free port; stopped and deleted after. Debian's binaries (/usr/lib/postgresql/N/bin; `.ci/run`
 * installs them), run as the `postgres` user when the suite runs as root (PostgreSQL refuses root).
 * TEST_DATABASE_URL, when set, is used instead (a server of your own; each test file makes its own database).
 * Without either, the PostgreSQL tests are skipped with a message; the SQLite ones run.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test server ('' when there is none). */
    postgresUrl: string;
  }
}

function findBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => void) | void> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const bin = findBinaries();
  if (!bin) {
    process.stderr.write(
      'PostgreSQL not found (/usr/lib/postgresql/*/bin/initdb): the PostgreSQL tests are skipped. apt-get install postgresql, or set TEST_DATABASE_URL.\n',
    );
    project.provide('postgresUrl', '');
    return;
  }
  const asRoot = userInfo().uid === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      stdio: 'pipe',
      timeout: 60_000,
    });
  const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    const options = `-k ${dir} -h 127.0.0.1 -p ${port} -F -c max_connections=200 -c shared_buffers=32MB`;
    run(path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  } catch (err) {
    const detail = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message)
      .trim()
      .slice(0, 500);
    process.stderr.write(`PostgreSQL did not start (${detail}): the PostgreSQL tests are skipped.\n`);
    rmSync(dir, { recursive: true, force: true });
    project.provide('postgresUrl', '');
    return;
  }
  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
