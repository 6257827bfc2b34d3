/** The key a snapshot is trusted by: the format, a hash of the code and models, and the corpus fingerprint. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from '../../store/articles/versions.ts';
import type { SnapshotKey } from './types.ts';
import { SNAPSHOT_FORMAT } from './types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Folders whose files decide what a snapshot holds: change one and old snapshots are rebuilt. */
const VERSIONED = ['src/corpus', 'src/understanding', 'src/index', 'models', 'package.json'];

let cachedVersion: Promise<string> | null = null;

/** Hash of the code and models that produce the stored data (computed once per process). */
export function codeVersion(): Promise<string> {
  cachedVersion ??= (async () => {
    const hash = createHash('sha1').update(`format ${SNAPSHOT_FORMAT}\n`);
    for (const file of (await Promise.all(VERSIONED.map((p) => filesUnder(path.join(ROOT, p))))).flat().sort()) {
      hash.update(`${path.relative(ROOT, file)}\n`).update(await fs.readFile(file));
    }
    return hash.digest('hex');
  })();
  return cachedVersion;
}

/** Paths, sizes and modification times of the files the loader reads: cheap, and changes whenever a file does. */
export async function corpusFingerprint(corpusDir: string): Promise<string> {
  const { listArticleFiles, relativePath } = await import('../../corpus/walk.ts');
  const root = path.resolve(corpusDir);
  const { files } = await listArticleFiles(root);
  const hash = createHash('sha1');
  for (const file of files) {
    const stat = await fs.stat(file).catch(() => null);
    hash.update(`${relativePath(root, file)}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}

export async function snapshotKey(corpusDir: string): Promise<SnapshotKey> {
  const [version, corpus] = await Promise.all([codeVersion(), corpusFingerprint(corpusDir)]);
  return { version, corpus };
}
