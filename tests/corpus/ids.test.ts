import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chatSafeId } from '../../src/corpus/ids.ts';
import { loadCorpus } from '../../src/corpus/load.ts';

const UNSEEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const STORY = 'The harbour reopened on Friday after a week of repairs, the port authority said.';
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe('article ids never carry newlines, controls or bidi overrides (issue 15, item 9)', () => {
  it('from file names and from records’ own ids, still unique', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'briefbot-ids-'));
    dirs.push(dir);
    await fs.writeFile(path.join(dir, 'port\nnews\u202etxt.txt'), `Port news\n\n${STORY}`);
    await fs.writeFile(path.join(dir, 'port\rnews\u202etxt.txt'), `Port news again\n\n${STORY} Again.`);
    await fs.writeFile(
      path.join(dir, 'wire.json'),
      JSON.stringify([
        { id: 'abc\u2066\u200b1\n2', title: 'Wire one', text: STORY },
        { id: '\u202e', title: 'Wire two', text: `${STORY} Two.` },
      ]),
    );
    const { articles } = await loadCorpus(dir);
    expect(articles).toHaveLength(4);
    for (const a of articles) expect(a.id).not.toMatch(UNSEEN);
    expect(new Set(articles.map((a) => a.id)).size).toBe(4);
    expect(articles.map((a) => a.id)).toContain('abc__1_2');
  });

  it('chatSafeId: visible marks in place of unseen ones, bounded length, never empty', () => {
    expect(chatSafeId('a\u0000b\u202ec\u2028d')).toBe('a_b_c_d');
    expect(chatSafeId('plain/id-1#2')).toBe('plain/id-1#2');
    expect(chatSafeId('x'.repeat(1000)).length).toBeLessThanOrEqual(200);
    expect(chatSafeId('')).toBe('_');
  });
});
