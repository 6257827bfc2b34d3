import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/platforms/http/server.ts';
import { mountStatusPage } from '../../src/platforms/http/status-page.ts';
import type { ScheduleSpec } from '../../src/scheduler/types.ts';
import { StatusAccess } from '../../src/status/access.ts';
import { recentErrors } from '../../src/status/recent-errors.ts';
import { schedulerStatus } from '../../src/status/scheduler-status.ts';
import type { StatusSource } from '../../src/status/types.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import { log } from '../../src/util/log.ts';

/**
 * The status page in a real browser: Debian's chromium driven by playwright-core, headless, on 127.0.0.1, with a
 * fresh profile. The deliveries come from a real SQLite delivery log; the error from a real log line.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = path.resolve('test-artifacts');
const TOKEN = 'status-token-for-tests-0123456789';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`status page browser tests skipped: no ${CHROMIUM} (apt-get install chromium)`);

const SCHEDULE: ScheduleSpec = {
  id: 'file:libya-morning',
  name: 'Libya morning',
  source: 'file',
  cron: '0 8 * * *',
  timeZone: 'Europe/Malta',
  target: { platform: 'slack', channelId: 'C0000042' },
  topics: ['haftar'],
  windowMs: 86_400_000,
  maxTokens: 1500,
  ifNothingNew: 'skip',
};

let dir: string;
let store: Store;
let source: StatusSource;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'status-page-'));
  store = openSqliteStore({ file: path.join(dir, 'briefbot.sqlite') });
  const d = store.deliveries;
  const t = Date.UTC(2026, 11, 1, 7, 0);
  await d.claim(SCHEDULE.id, t, 'me', t, 60_000);
  await d.markSending(SCHEDULE.id, t, 'me', t, 60_000);
  await d.markPosted(SCHEDULE.id, t, 'me', t + 1000, t);
  await d.recordSkipped(SCHEDULE.id, t + 86_400_000, t + 86_400_000 + 2000, 'missed by more than the grace period');
  await d.claim(SCHEDULE.id, t + 2 * 86_400_000, 'me', t + 2 * 86_400_000, 60_000);
  await d.markFailed(SCHEDULE.id, t + 2 * 86_400_000, 'me', t + 2 * 86_400_000 + 3000, 'channel_not_found');
  log.error({ errorId: 'Q7W2ZK', err: { message: 'engine exploded' } }, 'slack handler failed');
  source = {
    corpus: () => ({
      articles: 21_360,
      entities: 48_211,
      newest: { date: '2026-12-01', title: 'Talks <resume> in Geneva' },
      updatedAt: '2026-12-02T03:00:00.000Z',
    }),
    progress: () => ({ state: 'ready', articles: 21_360 }),
    feeds: () => [
      {
        name: 'Example World',
        url: 'https://www.example.com/world/rss.xml',
        every: '15m',
        lastFetchAt: '2026-12-02T02:45:00.000Z',
        lastError: null,
      },
      {
        name: 'Broken Feed',
        url: 'https://feeds.example.org/bad.xml',
        every: '30m',
        lastFetchAt: null,
        lastError: { at: '2026-12-02T02:50:00.000Z', message: 'HTTP 503 from the server' },
      },
    ],
    ...schedulerStatus({ schedules: () => [SCHEDULE], store }),
    recentErrors,
  };
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(token?: string): Promise<{ url: string; close: () => Promise<void> }> {
  const http = new HttpServer();
  mountStatusPage(http, { source, token });
  const port = await http.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, close: () => http.close() };
}

describe('status page access', () => {
  it('opens to the loopback address only when no token is set', () => {
    const open = new StatusAccess(undefined);
    expect(open.decide({ remoteAddress: '127.0.0.1', authorization: undefined, cookie: undefined })).toEqual({
      allow: true,
    });
    expect(open.decide({ remoteAddress: '::ffff:127.0.0.1', authorization: undefined, cookie: undefined })).toEqual({
      allow: true,
    });
    expect(open.decide({ remoteAddress: '192.0.2.10', authorization: undefined, cookie: undefined })).toMatchObject({
      allow: false,
      status: 403,
    });
  });

  it('asks everyone for the token when one is set: bearer header or session cookie', () => {
    const guarded = new StatusAccess(TOKEN);
    expect(guarded.decide({ remoteAddress: '127.0.0.1', authorization: undefined, cookie: undefined })).toMatchObject({
      allow: false,
      status: 401,
    });
    expect(
      guarded.decide({ remoteAddress: '192.0.2.10', authorization: `Bearer ${TOKEN}`, cookie: undefined }),
    ).toEqual({ allow: true });
    expect(
      guarded.decide({ remoteAddress: '192.0.2.10', authorization: `Bearer ${TOKEN}x`, cookie: undefined }),
    ).toMatchObject({ allow: false });
    const cookie = guarded.sessionCookie().split(';')[0];
    expect(cookie).not.toContain(TOKEN);
    expect(guarded.decide({ remoteAddress: '192.0.2.10', authorization: undefined, cookie: `a=b; ${cookie}` })).toEqual(
      { allow: true },
    );
    expect(
      new StatusAccess(TOKEN).decide({ remoteAddress: '127.0.0.1', authorization: undefined, cookie }),
    ).toMatchObject({ allow: false }); // another process's session
  });

  it('answers a bearer request and refuses one without, over HTTP', async () => {
    const server = await serve(TOKEN);
    try {
      expect((await fetch(`${server.url}/status`)).status).toBe(401);
      const res = await fetch(`${server.url}/status`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!hasChromium)('status page in Chromium', () => {
  let context: BrowserContext;
  let profile: string;
  beforeAll(async () => {
    profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 390, height: 844 },
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows the corpus, feeds, schedules, deliveries and errors, readable on a phone; keeps a screenshot', async () => {
    const server = await serve();
    try {
      const page = await context.newPage();
      const response = await page.goto(`${server.url}/`);
      expect(response?.status()).toBe(200);
      const text = await page.locator('main').innerText();
      expect(text).toContain('21,360');
      expect(text).toContain('2026-12-01: Talks <resume> in Geneva'); // escaped, shown as text
      expect(text).toContain('HTTP 503 from the server');
      expect(text).toMatch(/Libya morning\s+file:libya-morning/);
      const outcomes = await page.locator('section[aria-label="Last deliveries"] tbody tr').allInnerTexts();
      expect(outcomes).toHaveLength(3);
      expect(outcomes[0]).toMatch(/failed.*channel_not_found/s);
      expect(outcomes[1]).toMatch(/skipped.*missed by more than the grace period/s);
      expect(outcomes[2]).toMatch(/posted/);
      expect(await page.locator('section[aria-label="Recent errors"]').innerText()).toMatch(
        /Q7W2ZK.*slack handler failed.*engine exploded/s,
      );
      // Nothing wider than the phone's screen but the tables, which scroll in their own boxes.
      // (A string, as it runs in the page: this project's types have no DOM.)
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.setViewportSize({ width: 900, height: 1000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'status.png'), fullPage: true });
      expect(existsSync(path.join(ARTIFACTS, 'status.png'))).toBe(true);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('with STATUS_TOKEN, asks for the token in a form, never in the URL, then shows the page under an HttpOnly cookie', async () => {
    const server = await serve(TOKEN);
    try {
      const page = await context.newPage();
      const first = await page.goto(`${server.url}/status`);
      expect(first?.status()).toBe(401);
      expect(await page.locator('main').innerText()).not.toContain('21,360');
      await page.fill('input[name="token"]', 'not-the-token-at-all');
      await page.click('button[type="submit"]');
      expect(await page.locator('main').innerText()).toContain('That token is not right.');
      await page.fill('input[name="token"]', TOKEN);
      await page.click('button[type="submit"]');
      await page.waitForURL(`${server.url}/status`);
      expect(await page.locator('main').innerText()).toContain('21,360');
      expect(page.url()).not.toContain(TOKEN);
      const [cookie] = await context.cookies(server.url);
      expect(cookie).toMatchObject({ name: 'briefbot_status', httpOnly: true, sameSite: 'Strict' });
      expect(cookie.value).not.toContain(TOKEN);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
