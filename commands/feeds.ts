import type { Briefing } from '../src/briefing/types.ts';
import type { CommandContext, CommandDefinition, CommandResult } from '../src/commands/types.ts';
import { UsageError } from '../src/commands/types.ts';
import type { FeedService } from '../src/feeds/service.ts';
import type { FeedRecord } from '../src/feeds/types.ts';

/** /feeds add|list|remove: the RSS, Atom and JSON feeds the bot follows, with the truth about each one's polls. */

const USAGE = 'Use `feeds add URL [every 30m]`, `feeds list` or `feeds remove ID`.';

function answer(title: string, data: Record<string, unknown>, extra: Partial<Briefing> = {}): CommandResult {
  return { briefing: { title, sections: [], citations: {}, ...extra }, data: { command: 'feeds', ...data } };
}

/** The feed service; the definition's preconditions have made sure there is one, away from the CLI. */
function service(ctx: CommandContext): FeedService {
  return ctx.services.feeds!;
}

function requireManager(ctx: CommandContext): void {
  if (!ctx.invoker.canManageChannel)
    throw new UsageError(
      'Sorry, only people who manage this channel can add or remove feeds. `feeds list` shows them to everyone.',
    );
}

function when(ms: number | null, now: number): string {
  if (ms === null) return 'never';
  const stamp = `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  const minutes = Math.round((ms - now) / 60_000);
  if (minutes === 0) return `${stamp} (now)`;
  return minutes > 0 ? `${stamp} (in ${span(minutes)})` : `${stamp} (${span(-minutes)} ago)`;
}

function span(minutes: number): string {
  if (minutes < 90) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

/** One feed as `/feeds list` tells it: every fact a reader needs to see that a feed has stopped, in plain words. */
export function describeFeed(f: FeedRecord, now: number): string {
  const parts = [
    f.url,
    `every ${span(f.everyMinutes)}`,
    `last fetch ${when(f.lastFetchAt, now)}`,
    `${f.itemsTaken} item${f.itemsTaken === 1 ? '' : 's'} taken`,
    `next poll ${when(f.nextPollAt, now)}`,
  ];
  if (f.lastError)
    parts.push(`last error: ${f.lastError}${f.failures > 1 ? ` (${f.failures} failures in a row)` : ''}`);
  else if (f.lastFetchAt !== null) parts.push('last poll OK');
  if (f.lastNote) parts.push(f.lastNote);
  if (f.origin === 'file') parts.push('from the feeds file');
  return parts.join(' · ');
}

async function list(ctx: CommandContext): Promise<CommandResult> {
  const feeds = await service(ctx).list();
  const now = ctx.now().getTime();
  const items = feeds.map((f) => ({
    label: `#${f.id} ${f.name ?? '(name not known yet)'}`,
    text: describeFeed(f, now),
    cites: [],
  }));
  const failing = feeds.filter((f) => f.lastError).length;
  return answer(
    'Feeds',
    { action: 'list', feeds },
    items.length
      ? {
          summary: `${feeds.length} feed${feeds.length === 1 ? '' : 's'}${failing ? `, ${failing} failing` : ''}`,
          sections: [{ heading: 'Feeds', items, omittedNoun: 'feeds' }],
        }
      : { note: `No feeds yet. ${USAGE}` },
  );
}

async function add(text: string, ctx: CommandContext): Promise<CommandResult> {
  const feeds = service(ctx);
  requireManager(ctx);
  // "URL [every 30m]", split on white space (no pattern that could backtrack over what a user types).
  const [url, keyword, ...every] = text.trim().split(/\s+/);
  if (!url || (keyword !== undefined && (keyword.toLowerCase() !== 'every' || every.length === 0)))
    throw new UsageError(`Which feed? ${USAGE}`);
  const { feed, created } = await feeds.add({
    url,
    every: every.length ? every.join(' ') : undefined,
    userId: ctx.invoker.userId,
  });
  const title = created
    ? `Following feed #${feed.id}: ${feed.url}`
    : `Feed #${feed.id} is already followed: ${feed.url}`;
  return answer(
    title,
    { action: 'add', created, feed },
    {
      summary: created
        ? `Polled every ${span(feed.everyMinutes)}; its first poll is due now. \`feeds list\` shows how it went.`
        : undefined,
    },
  );
}

async function remove(text: string, ctx: CommandContext): Promise<CommandResult> {
  const feeds = service(ctx);
  requireManager(ctx);
  const id = text.trim().replace(/^#/, '');
  if (!/^\d{1,12}$/.test(id)) throw new UsageError('Which one? `feeds remove ID`, with an id from `feeds list`.');
  const removed = await feeds.remove(Number(id));
  if (!removed) throw new UsageError(`There is no feed #${id}; see \`feeds list\`.`);
  return answer(`Stopped following feed #${id}.`, { action: 'remove', id: Number(id) });
}

const feeds: CommandDefinition = {
  name: 'feeds',
  description: 'News feeds (RSS, Atom, JSON Feed) the bot follows: add, list, remove',
  options: [{ name: 'request', description: 'add <url> [every 30m] | list | remove <id>', rest: true }],
  preconditions: ['not-cli', 'feeds'],
  examples: ['feeds add https://www.example.com/world/rss.xml every 30m', 'feeds list', 'feeds remove 3'],
  async run({ request }, ctx) {
    const text = (request ?? '').trim();
    const [word = 'list', ...rest] = text.split(/\s+/);
    const action = word.toLowerCase();
    const args = rest.join(' ');
    if (action === 'list' || action === '') return list(ctx);
    if (action === 'add' || action === 'follow') return add(args, ctx);
    if (action === 'remove' || action === 'rm' || action === 'delete') return remove(args, ctx);
    throw new UsageError(`Unknown feeds action “${word.slice(0, 20)}”. ${USAGE}`);
  },
};

export default feeds;
