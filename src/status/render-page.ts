import type {
  CorpusStatus,
  DeliveryStatus,
  FeedStatus,
  LoadProgressStatus,
  RecentError,
  ScheduleStatus,
  StatusSource,
} from './types.ts';

/** How many deliveries the page lists. */
export const PAGE_DELIVERIES = 30;

const STYLE = `
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .5rem}
section{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:.8rem 1rem;margin:0 0 1rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eceef1;vertical-align:top}
th{font-weight:600;color:#4a5059;white-space:nowrap}
.ok{color:#0b6b2e}.warn{color:#8a5a00}.bad{color:#b3261e}.muted{color:#646b75}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{color:#4a5059}dd{margin:0}
code{font-size:.9em}form{display:flex;gap:.5rem;flex-wrap:wrap}input{font:inherit;padding:.4rem;flex:1;min-width:12rem}button{font:inherit;padding:.4rem .9rem}
`;

/** The status page, server-rendered: every value escaped, no script, readable on a phone. */
export async function renderStatusPage(source: StatusSource, now: Date = new Date()): Promise<string> {
  // Parts may come from a database (the delivery log on PostgreSQL): asked for together, each awaited.
  const [corpus, progress, feeds, schedules, deliveries, errors] = await Promise.all([
    source.corpus?.(),
    source.progress?.(),
    source.feeds?.(),
    source.schedules?.(),
    source.deliveries?.(PAGE_DELIVERIES),
    source.recentErrors?.(),
  ]);
  const parts = [
    section('Corpus', corpus ? corpusPart(corpus) : notWired('corpus')),
    section('Loading', progress ? progressPart(progress) : notWired('load progress')),
    section('Feeds', feeds ? feedsPart(feeds) : notWired('feeds')),
    section('Schedules', schedules ? schedulesPart(schedules) : notWired('schedules')),
    section('Last deliveries', deliveries ? deliveriesPart(deliveries) : notWired('deliveries')),
    section('Recent errors', errors ? errorsPart(errors) : notWired('recent errors')),
  ];
  return page(
    'briefbot status',
    `<h1>briefbot status</h1><p class="muted">As of ${time(now.toISOString())}</p>${parts.join('')}`,
  );
}

/** The login form asked for when STATUS_TOKEN is set (posted, so the token never goes in a URL). */
export function renderLoginPage(message?: string): string {
  return page(
    'briefbot status: sign in',
    `<h1>briefbot status</h1><section><h2>Sign in</h2>${message ? `<p class="bad">${escapeHtml(message)}</p>` : ''}` +
      `<form method="post" action="/status"><label for="token" class="muted">Status token</label>` +
      `<input id="token" name="token" type="password" autocomplete="current-password" required><button type="submit">Open</button></form></section>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function section(title: string, content: string): string {
  return `<section aria-label="${escapeHtml(title)}"><h2>${escapeHtml(title)}</h2>${content}</section>`;
}

function notWired(what: string): string {
  return `<p class="muted">No ${escapeHtml(what)} in this deployment.</p>`;
}

function corpusPart(c: CorpusStatus): string {
  const rows: [string, string][] = [
    ['Articles', c.articles.toLocaleString('en')],
    ['Entities', c.entities.toLocaleString('en')],
    [
      'Newest article',
      c.newest
        ? `${escapeHtml(c.newest.date)}: ${escapeHtml(c.newest.title)}`
        : '<span class="muted">none dated</span>',
    ],
    ['Last changed', c.updatedAt ? time(c.updatedAt) : '<span class="muted">not since start</span>'],
  ];
  return `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function progressPart(p: LoadProgressStatus): string {
  if (p.state === 'ready')
    return `<p class="ok">Ready${p.articles !== undefined ? `: ${p.articles.toLocaleString('en')} articles loaded` : ''}.</p>`;
  const files = p.filesTotal ? `${p.filesDone ?? 0} of ${p.filesTotal} files` : 'starting';
  return `<p class="warn">Loading: ${escapeHtml(files)}${p.articles !== undefined ? `, ${p.articles.toLocaleString('en')} articles so far` : ''}.</p>`;
}

function feedsPart(feeds: FeedStatus[]): string {
  if (feeds.length === 0) return '<p class="muted">No feeds.</p>';
  return table(
    ['Feed', 'Every', 'Last read', 'Last error'],
    feeds.map((f) => [
      `${escapeHtml(f.name)}<br><code class="muted">${escapeHtml(f.url)}</code>`,
      escapeHtml(f.every ?? ''),
      f.lastFetchAt ? time(f.lastFetchAt) : '<span class="muted">never</span>',
      f.lastError
        ? `<span class="bad">${escapeHtml(f.lastError.message)}</span><br>${time(f.lastError.at)}`
        : '<span class="ok">none</span>',
    ]),
  );
}

function schedulesPart(schedules: ScheduleStatus[]): string {
  if (schedules.length === 0) return '<p class="muted">No schedules.</p>';
  return table(
    ['Schedule', 'Where', 'When', 'Next'],
    schedules.map((s) => [
      `${escapeHtml(s.name)}<br><code class="muted">${escapeHtml(s.id)}</code>`,
      escapeHtml(s.target),
      `<code>${escapeHtml(s.cron)}</code> ${escapeHtml(s.timeZone)}`,
      s.nextRun ? time(s.nextRun) : '<span class="muted">never</span>',
    ]),
  );
}

const OUTCOME_CLASS: Record<DeliveryStatus['outcome'], string> = {
  posted: 'ok',
  skipped: 'warn',
  failed: 'bad',
  pending: 'muted',
};

function deliveriesPart(deliveries: DeliveryStatus[]): string {
  if (deliveries.length === 0) return '<p class="muted">Nothing delivered yet.</p>';
  return table(
    ['Slot', 'Schedule', 'Outcome', 'Why'],
    deliveries.map((d) => [
      time(d.slot),
      `<code>${escapeHtml(d.scheduleId)}</code>`,
      `<span class="${OUTCOME_CLASS[d.outcome]}">${d.outcome}</span>${d.attempts > 1 ? ` (${d.attempts} tries)` : ''}`,
      escapeHtml(d.reason ?? ''),
    ]),
  );
}

function errorsPart(errors: RecentError[]): string {
  if (errors.length === 0) return '<p class="ok">No errors since start.</p>';
  return table(
    ['Error id', 'When', 'What', 'Cause'],
    errors.map((e) => [
      `<code class="bad">${escapeHtml(e.id)}</code>`,
      time(e.at),
      escapeHtml(e.what),
      escapeHtml(e.message),
    ]),
  );
}

function table(head: string[], rows: string[][]): string {
  return `<div class="scroll"><table><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

/** An instant as "2026-12-02 03:15 UTC" in a <time> element. */
function time(iso: string): string {
  const shown = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown)}</time>`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
