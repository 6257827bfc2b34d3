/**
 * Scanning a corpus folder without reading it: every article file's path, size and modification time (stat only),
 * and how that differs from what a store last recorded. Opening a corpus then reads only what is new or changed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LoadWarning } from './types.ts';
import { errorCode, listArticleFiles, relativePath } from './walk.ts';

export interface ScannedFile {
  /** Absolute path (through the link, when a folder was reached through a symlink). */
  abs: string;
  /** Relative to the corpus root, forward slashes. */
  path: string;
  size: number;
  mtimeMs: number;
}

/** Files stat'ed at once: enough to overlap the system calls, few enough to hold no more than a few hundred handles. */
const STAT_CONCURRENCY = 64;

export async function scanCorpus(
  root: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ files: ScannedFile[]; warnings: LoadWarning[] }> {
  const listing = await listArticleFiles(root);
  const warnings = [...listing.warnings];
  const stats = new Array<ScannedFile | null>(listing.files.length).fill(null);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < listing.files.length; i = next++) {
      const abs = listing.files[i];
      try {
        const stat = await fs.stat(abs);
        stats[i] = { abs, path: relativePath(root, abs), size: stat.size, mtimeMs: stat.mtimeMs };
      } catch (err) {
        warnings.push({ file: relativePath(root, abs), reason: `could not be read (${errorCode(err)})` });
      }
      onProgress?.(++done, listing.files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, listing.files.length) }, worker));
  return { files: stats.filter((s): s is ScannedFile => s !== null), warnings };
}

export interface KnownFile {
  path: string;
  size: number;
  mtimeMs: number;
  readerVersion: string;
}

export interface CorpusDiff {
  /** New files, and files whose size, modification time or reader changed: to be read. */
  toRead: ScannedFile[];
  /** Paths the store knows that are no longer in the folder. */
  gone: string[];
  unchanged: number;
}

export function diffCorpus(scanned: ScannedFile[], known: KnownFile[], readerVersion: string): CorpusDiff {
  const byPath = new Map(known.map((k) => [k.path, k]));
  const toRead: ScannedFile[] = [];
  let unchanged = 0;
  for (const f of scanned) {
    const k = byPath.get(f.path);
    byPath.delete(f.path);
    if (k && k.size === f.size && k.mtimeMs === f.mtimeMs && k.readerVersion === readerVersion) unchanged++;
    else toRead.push(f);
  }
  return { toRead, gone: [...byPath.keys()], unchanged };
}

/** Where a relative corpus path is on disk. */
export function absolutePath(root: string, rel: string): string {
  return path.join(root, ...rel.split('/'));
}
