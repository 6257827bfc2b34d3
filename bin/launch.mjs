// Runs one of briefbot's entry points: the compiled JavaScript in dist/ (`npm run build`, run by `npm install`'s
// prepare) when it is there and newer than every source file, else the TypeScript source through tsx's loader.
// The compiled path saves tsx's start-up (about 1 s of CPU a process; docs/start.md has the figures).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BUILD_STAMP = path.join(ROOT, 'dist', '.built');
const SOURCES = ['src', 'commands'];

/** The newest modification time of the TypeScript sources (a few hundred files: a few ms). */
function newestSource() {
  let newest = 0;
  for (const dir of SOURCES) {
    const base = path.join(ROOT, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base, { recursive: true })) {
      if (!String(name).endsWith('.ts')) continue;
      newest = Math.max(newest, statSync(path.join(base, String(name))).mtimeMs);
    }
  }
  return newest;
}

/** True when dist/ holds a build at least as new as every source (BRIEFBOT_TSX=1 forces the source). */
export function compiledIsFresh() {
  if (process.env.BRIEFBOT_TSX === '1' || !existsSync(BUILD_STAMP)) return false;
  return statSync(BUILD_STAMP).mtimeMs >= newestSource();
}

/** Imports `entry` (a path like "src/main.ts") compiled when fresh, else through tsx. */
export async function launch(entry) {
  if (compiledIsFresh()) {
    await import(pathToFileURL(path.join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'))).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(ROOT, entry)).href);
}
