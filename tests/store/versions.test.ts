import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { versionedBytes } from '../../src/store/articles/versions.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'briefbot-versions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bytesOf(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return String(await versionedBytes(file));
}

describe('what makes the reader version', () => {
  it("counts package.json's dependencies, not its scripts: a new npm script does not make every file read again", async () => {
    const base = { name: 'briefbot', scripts: { test: 'vitest run' }, dependencies: { linkedom: '^0.18.15' } };
    const same = await bytesOf('package.json', JSON.stringify(base));
    expect(
      await bytesOf(
        'package.json',
        JSON.stringify({ ...base, scripts: { ...base.scripts, bench: 'tsx bench/run.ts' } }),
      ),
    ).toBe(same);
    expect(await bytesOf('package.json', JSON.stringify({ ...base, dependencies: { linkedom: '^0.19.0' } }))).not.toBe(
      same,
    );
  });

  it('counts every byte of a source file', async () => {
    expect(await bytesOf('read.ts', 'export const a = 1;\n')).not.toBe(
      await bytesOf('read.ts', 'export const a = 2;\n'),
    );
  });
});
