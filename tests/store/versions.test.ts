import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importClosure, versionedBytes } from '../../src/store/articles/versions.ts';

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

describe('what makes the analyzer version', () => {
  it('is the modules the analysis imports, transitively, and not the ones beside them', async () => {
    const src = path.join(dir, 'closure');
    mkdirSync(path.join(src, 'ner'), { recursive: true });
    const write = (name: string, text: string) => writeFileSync(path.join(src, name), text);
    write(
      'analyze.ts',
      "import type { T } from './types.ts';\nimport {\n  tag,\n} from './ner/tag.ts';\nexport const a = tag;\n",
    );
    write('types.ts', 'export type T = string;\n');
    write('ner/tag.ts', "export { model } from '../model.ts';\nexport const tag = () => import('./late.ts');\n");
    write('model.ts', "import 'node:fs';\nimport { x } from 'some-package';\nexport const model = x;\n");
    write('ner/late.ts', "import { tag } from './tag.ts';\nexport const late = tag;\n");
    write('pool.ts', "import { a } from './analyze.ts';\nexport const pool = a;\n");
    const closure = (await importClosure([path.join(src, 'analyze.ts')])).map((f) => path.relative(src, f));
    expect(closure).toEqual(['analyze.ts', 'model.ts', 'ner/late.ts', 'ner/tag.ts', 'types.ts']);
  });

  it("of briefbot's analyzer leaves out the thread pool that runs it", async () => {
    const closure = (await importClosure(['src/understanding/analyze-article.ts'])).map((f) =>
      path.relative(process.cwd(), f),
    );
    expect(closure).toContain('src/understanding/ner/model.ts');
    expect(closure).toContain('src/understanding/time/recognize.ts');
    expect(closure).not.toContain('src/understanding/parallel.ts');
  });
});
