/**
 * Versions of the code that shapes what the article store holds, as hashes of its sources and models: the reader
 * (src/corpus, and package.json for the parsers it uses), the analyzer (src/understanding and models), the index
 * state (src/index). A stored row made by another version is stale: files are read again, analyses redone, the
 * index state rebuilt. Each is computed once per process.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusVersions {
  reader: string;
  analyzer: string;
  index: string;
}

// The project root, from src/store/articles or, compiled, from dist/src/store/articles: the compiled code hashes the
// TypeScript sources too, so that a service and a CLI agree on the store whether they run through tsx or dist/.
const ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../../../' : '../../../', import.meta.url));

/**
 * What each version hashes, relative to the project root: folders and files, and for the analyzer the modules the
 * per-article analysis imports (ANALYZER_ENTRY and what it imports, transitively), so that a change to code that
 * does not shape an analysis (the thread pool that runs it, say) does not make 200,000 analyses stale (~12 minutes of
 * work at 200k on 2 cores).
 */
export const VERSIONED_SOURCES: Record<keyof CorpusVersions, string[]> = {
  reader: ['src/corpus', 'package.json'],
  analyzer: ['models'],
  index: ['src/index'],
};
const ANALYZER_ENTRY = 'src/understanding/analyze-article.ts';

let cached: Promise<CorpusVersions> | null = null;

export function corpusVersions(): Promise<CorpusVersions> {
  cached ??= (async () => {
    const analyzerModules = (await importClosure([path.join(ROOT, ANALYZER_ENTRY)])).map((f) => path.relative(ROOT, f));
    const [reader, analyzer, index] = await Promise.all([
      hashOf(VERSIONED_SOURCES.reader),
      hashOf([...VERSIONED_SOURCES.analyzer, ...analyzerModules]),
      hashOf(VERSIONED_SOURCES.index),
    ]);
    return { reader, analyzer, index };
  })();
  return cached;
}

async function hashOf(targets: string[]): Promise<string> {
  const hash = createHash('sha1');
  for (const file of (await Promise.all(targets.map((p) => filesUnder(path.join(ROOT, p))))).flat().sort()) {
    hash.update(`${path.relative(ROOT, file)}\n`).update(await versionedBytes(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** A relative module specifier in a line of TypeScript: `from './x.ts'`, `import './x.ts'`, `import('./x.ts')`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*(?:\(\s*)?)['"](\.\.?\/[^'"]+)['"]/g;

/**
 * The TypeScript modules `entries` import, transitively, through relative specifiers (packages are versioned by
 * package.json), the entries included, sorted. Type-only imports count too: the closure errs on the side of more.
 * Bounded by the project's own sources: each file is read once.
 */
export async function importClosure(entries: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = entries.map((e) => path.resolve(e));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    if (text === null) continue;
    seen.add(file);
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1]);
      if (/\.[cm]?ts$/.test(target)) queue.push(target);
    }
  }
  return [...seen].sort();
}

/** Every file below a folder (or the file itself), dot-files left out. */
/**
 * What of a file makes a version: its bytes, but of package.json only its dependencies (the libraries the readers
 * use): a new npm script must not make every stored file read again (80 s at 200k articles).
 */
export async function versionedBytes(file: string): Promise<Buffer | string> {
  const bytes = await fs.readFile(file);
  if (path.basename(file) !== 'package.json') return bytes;
  try {
    return JSON.stringify((JSON.parse(bytes.toString('utf8')) as { dependencies?: unknown }).dependencies ?? {});
  } catch {
    return bytes;
  }
}

export async function filesUnder(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return [];
  if (stat.isFile()) return [target];
  const entries = await fs.readdir(target, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}
