import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BriefingFileError,
  loadBriefingFiles,
  parseBriefingFile,
  parseWindow,
} from '../../src/scheduler/briefing-files.ts';

/** Briefing files: the shipped example, and a clear error naming the file and the field for each kind of mistake. */
const SHIPPED = fileURLToPath(new URL('../../briefings/', import.meta.url));

const VALID = `
name: Harbour strike watch
schedule: "30 7 * * 1-5"
timezone: America/New_York
target:
  platform: slack
  channel: \${BRIEFING_VAR_HARBOUR_CHANNEL}
topics: [dockworkers, port authority]
window: 36h
maxTokens: 900
ifNothingNew: skip
`;

const parse = (
  text: string,
  env: NodeJS.ProcessEnv = { BRIEFING_VAR_HARBOUR_CHANNEL: 'C0HARBOUR' },
  file = 'briefings/harbour.yaml',
) => parseBriefingFile(text, file, env, 'Europe/Malta');

function errorOf(fn: () => unknown): BriefingFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BriefingFileError) return err;
    throw err;
  }
  throw new Error('expected a BriefingFileError');
}

describe('the shipped briefing files', () => {
  it('validate, and the example is a weekday morning brief in Malta time', () => {
    const specs = loadBriefingFiles(SHIPPED, {}, 'UTC');
    expect(specs.length).toBeGreaterThan(0);
    const libya = specs.find((s) => s.id === 'file:libya-morning');
    expect(libya).toMatchObject({
      cron: '0 8 * * 1-5',
      timeZone: 'Europe/Malta',
      target: { platform: 'console', channelId: 'console' },
      ifNothingNew: 'post',
    });
    expect(libya?.topics.length).toBeGreaterThan(0);
  });
});

describe('a valid file', () => {
  it('is read with the environment filled in and every field normalised', () => {
    expect(parse(VALID)).toEqual({
      id: 'file:harbour',
      name: 'Harbour strike watch',
      source: 'file',
      cron: '30 7 * * 1-5',
      timeZone: 'America/New_York',
      target: { platform: 'slack', channelId: 'C0HARBOUR' },
      topics: ['dockworkers', 'port authority'],
      windowMs: 36 * 3600_000,
      maxTokens: 900,
      ifNothingNew: 'skip',
      file: 'briefings/harbour.yaml',
    });
  });

  it('takes JSON too, with defaults for what it leaves out (time zone from TZ, whole corpus, post when nothing new)', () => {
    const spec = parse(
      JSON.stringify({ name: 'All news', schedule: '0 0 6 * * *', target: { platform: 'console' } }),
      {},
      'briefings/all.json',
    );
    expect(spec).toMatchObject({
      id: 'file:all',
      timeZone: 'Europe/Malta',
      topics: [],
      ifNothingNew: 'post',
      cron: '0 0 6 * * *',
      target: { channelId: 'console' },
    });
  });

  it('reads windows in minutes, hours, days and weeks', () => {
    expect([parseWindow('90m'), parseWindow('24h'), parseWindow('7d'), parseWindow('2w')]).toEqual([
      90 * 60_000,
      24 * 3600_000,
      7 * 86_400_000,
      14 * 86_400_000,
    ]);
    expect(parseWindow('soon')).toBeNull();
    expect(parseWindow('0h')).toBeNull();
  });
});

describe('a bad file stops the start with one line naming the file and the field', () => {
  const cases: [string, string, RegExp][] = [
    [
      'bad cron',
      VALID.replace('"30 7 * * 1-5"', '"30 25 * * *"'),
      /^briefings\/harbour\.yaml: schedule: invalid cron expression/,
    ],
    [
      'four fields',
      VALID.replace('"30 7 * * 1-5"', '"30 7 * *"'),
      /^briefings\/harbour\.yaml: schedule: a cron expression has 5 fields/,
    ],
    [
      'unknown zone',
      VALID.replace('America/New_York', 'Atlantis/Harbour'),
      /^briefings\/harbour\.yaml: timezone: “Atlantis\/Harbour” is not an IANA time zone/,
    ],
    [
      'bad platform',
      VALID.replace('platform: slack', 'platform: teams'),
      /^briefings\/harbour\.yaml: target\.platform: must be slack, discord or console/,
    ],
    [
      'typo in a field name',
      VALID.replace('ifNothingNew', 'ifNothingNews'),
      /^briefings\/harbour\.yaml: .*ifNothingNews/,
    ],
    ['bad window', VALID.replace('36h', 'a while'), /^briefings\/harbour\.yaml: window: “a while” is not a duration/],
    ['missing name', VALID.replace('name: Harbour strike watch', ''), /^briefings\/harbour\.yaml: name: /],
    [
      'tiny budget',
      VALID.replace('maxTokens: 900', 'maxTokens: 5'),
      /^briefings\/harbour\.yaml: maxTokens: at least 100/,
    ],
    ['broken YAML', 'name: [unclosed', /^briefings\/harbour\.yaml: not valid YAML/],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => expect(errorOf(() => parse(text)).message).toMatch(message));
  }

  it('an unset environment variable, named', () => {
    const err = errorOf(() => parse(VALID, {}));
    expect(err.message).toBe(
      'briefings/harbour.yaml: target.channel: environment variable BRIEFING_VAR_HARBOUR_CHANNEL is not set',
    );
  });

  it('a Slack target without a channel', () => {
    expect(errorOf(() => parse(VALID.replace('  channel: ${BRIEFING_VAR_HARBOUR_CHANNEL}\n', ''))).message).toMatch(
      /target\.channel: a slack target needs a channel id/,
    );
  });
});

describe('a folder of files', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is read in name order, ignoring other files; a missing folder is no schedules', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-briefings-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'b.yml'), 'name: B\nschedule: "0 9 * * *"\ntarget: { platform: console }\n');
    writeFileSync(
      path.join(dir, 'a.json'),
      '{"name": "A", "schedule": "0 8 * * *", "target": {"platform": "console"}}',
    );
    writeFileSync(path.join(dir, 'notes.txt'), 'not a briefing');
    expect(loadBriefingFiles(dir, {}, 'UTC').map((s) => s.name)).toEqual(['A', 'B']);
    expect(loadBriefingFiles(path.join(dir, 'absent'), {}, 'UTC')).toEqual([]);
  });

  it('names the bad file among good ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-briefings-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'good.yaml'), 'name: Good\nschedule: "0 9 * * *"\ntarget: { platform: console }\n');
    writeFileSync(path.join(dir, 'bad.yaml'), 'name: Bad\nschedule: "every morning"\ntarget: { platform: console }\n');
    expect(() => loadBriefingFiles(dir, {}, 'UTC')).toThrow(
      new RegExp(`^${path.basename(dir)}/bad\\.yaml: schedule: `),
    );
  });
});
