import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The command-line contract of ../shared/CONTRACT.md, run as a user runs it. */
function briefbot(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['bin/briefbot.mjs', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking: several calls run at once. */
function briefbotAsync(args: string[], input = ''): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/briefbot.mjs', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(input);
  });
}

describe('briefbot CLI', () => {
  it('answers /who in the contract JSON shape', () => {
    const r = briefbot(['ask', '/who haftar', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.command).toBe('who');
    expect(data.query).toBe('haftar');
    expect(Object.keys(data.entity)).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'type',
        'aliases',
        'descriptions',
        'mentions',
        'articles',
        'firstSeen',
        'lastSeen',
        'related',
        'quotes',
      ]),
    );
    expect(data.entity.name).toBe('Khalifa Haftar');
    expect(Array.isArray(data.suggestions)).toBe(true);
  });

  it('exits 2 with one line on stderr for usage errors', async () => {
    const calls = [
      ['ask', '/frobnicate'],
      ['ask', '/who'],
      ['bogus'],
      ['ask'],
      ['extract', '--date', 'yesterday'],
      ['extract', '--json', 'article.txt'],
    ];
    const results = await Promise.all(calls.map((args) => briefbotAsync(args)));
    results.forEach((r, i) => {
      expect(r.code, calls[i].join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), calls[i].join(' ')).toHaveLength(1);
    });
  });

  it('extracts entities and times with exact UTF-16 offsets', () => {
    const text = 'Tête-à-tête: Foreign Minister Amira Haddad met NSF leaders in Port Alden on Saturday.';
    const r = briefbot(['extract', '--date', '2021-03-15', '--json'], text);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const e of [...out.entities, ...out.times]) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(out.entities).toContainEqual(expect.objectContaining({ text: 'Amira Haddad', type: 'person' }));
    expect(out.times).toContainEqual(
      expect.objectContaining({ text: expect.stringContaining('Saturday'), value: '2021-03-13', precision: 'day' }),
    );
  });

  it('answers --jsonl one line per input, in order, surviving a bad line', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Omar Haddad was arrested in Velor on Thursday.', date: '2021-03-22' }),
      'not json',
      JSON.stringify({ id: 'c', text: 'Nothing happened in 1999.', date: null }),
    ].join('\n');
    const r = briefbot(['extract', '--jsonl'], input);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'c']);
    expect(lines[0].times[0].value).toBe('2021-03-18');
    expect(lines[1].error).toMatch(/line 2/);
    expect(lines[2].times[0]).toMatchObject({ text: '1999', value: '1999', precision: 'year' });
  });

  it('prints a cited digest', () => {
    const r = briefbot(['digest', '--json']);
    expect(r.code).toBe(0);
    const digest = JSON.parse(r.stdout);
    expect(digest.command).toBe('digest');
    expect(digest.sections.length).toBeGreaterThan(0);
    for (const s of digest.sections) for (const i of s.items) expect(i.articleIds.length).toBeGreaterThan(0);
  });
});
