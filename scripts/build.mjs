// `npm run build` (and npm install's prepare): compiles src/ and commands/ to dist/ with tsc, without type-checking
// (`npm run typecheck` does that), links dist/models to the models, and stamps the build. bin/launch.mjs runs dist/
// only while the stamp is newer than every source. With --if-possible (prepare) a failure is a warning: the
// TypeScript still runs through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const lenient = process.argv.includes('--if-possible');

function fail(message) {
  process.stderr.write(
    `build: ${message}${lenient ? ' (npm start and npx briefbot run the TypeScript through tsx instead)' : ''}\n`,
  );
  process.exit(lenient ? 0 : 1);
}

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  fail('typescript is not installed');
}
rmSync(DIST, { recursive: true, force: true });
const run = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--noCheck'], {
  stdio: 'inherit',
});
if (run.status !== 0) fail(`tsc exited ${run.status}`);
mkdirSync(DIST, { recursive: true });
// Modules find the model relative to themselves (src/understanding/ner -> ../../../models): the same from dist/src.
if (!existsSync(path.join(DIST, 'models'))) symlinkSync(path.join('..', 'models'), path.join(DIST, 'models'), 'dir');
writeFileSync(path.join(DIST, '.built'), `${new Date().toISOString()}\n`);
