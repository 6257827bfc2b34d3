/** Lists a corpus folder's article files, recursively, without following a symlink twice into the same folder. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LoadWarning } from './types.ts';

export const ARTICLE_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.json', '.jsonl', '.ndjson', '.html', '.htm']);

export interface Listing {
  /** Absolute paths, sorted by their path relative to the root. */
  files: string[];
  warnings: LoadWarning[];
}

export function isArticleFile(name: string): boolean {
  return ARTICLE_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** Hidden files and folders, and installed packages, are never corpus content. */
function isSkippedName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Corpus-relative path with forward slashes, the form ids and warnings use on every platform. */
export function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

export async function listArticleFiles(root: string): Promise<Listing> {
  const files: string[] = [];
  const warnings: LoadWarning[] = [];
  const rootReal = await fs.realpath(root).catch(() => null);
  if (!rootReal) return { files, warnings: [{ file: root, reason: 'corpus folder not found or not readable' }] };
  const visited = new Set<string>([rootReal]);

  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      warnings.push({ file: relativePath(root, dir) || '.', reason: `folder not readable (${errorCode(err)})` });
      return;
    }
    for (const entry of entries) {
      if (isSkippedName(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await enterFolder(full, walk);
      else if (entry.isSymbolicLink()) await followLink(full, walk);
      else if (isArticleFile(entry.name)) {
        if (entry.isFile()) files.push(full);
        else warnings.push({ file: relativePath(root, full), reason: 'not a regular file: skipped' });
      }
    }
  };

  const enterFolder = async (full: string, walk: (dir: string) => Promise<void>, viaLink = false) => {
    const real = await fs.realpath(full).catch(() => full);
    if (visited.has(real)) {
      if (viaLink)
        warnings.push({ file: relativePath(root, full), reason: 'symlink loop or folder already read: skipped' });
      return;
    }
    visited.add(real);
    await walk(full);
  };

  const followLink = async (full: string, walk: (dir: string) => Promise<void>) => {
    let stat;
    try {
      stat = await fs.stat(full);
    } catch (err) {
      const code = errorCode(err);
      const reason = code === 'ELOOP' ? 'symlink loop: skipped' : `broken symlink (${code}): skipped`;
      if (code === 'ELOOP' || isArticleFile(full)) warnings.push({ file: relativePath(root, full), reason });
      return;
    }
    if (stat.isDirectory()) await enterFolder(full, walk, true);
    else if (stat.isFile() && isArticleFile(full)) files.push(full);
  };

  await walk(root);
  const withKeys = files.map((f) => ({ f, key: relativePath(root, f) }));
  withKeys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { files: withKeys.map((x) => x.f), warnings };
}

export function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err));
}
