import type { Briefing } from '../src/briefing/types.ts';
import type { CommandContext, CommandDefinition, CommandResult } from '../src/commands/types.ts';
import { checkPreconditions } from '../src/commands/preconditions.ts';
import { UsageError } from '../src/commands/types.ts';
import { parseScheduleText } from '../src/scheduler/schedule-text.ts';
import type { ScheduleService, ScheduleView, TargetPlatform } from '../src/scheduler/types.ts';

/** /schedule add|list|remove: digests posted to this channel on a schedule, kept across restarts. */

const USAGE = 'Use `schedule add daily 08:00 [topic] [Time/Zone]`, `schedule list` or `schedule remove ID`.';

function answer(title: string, data: Record<string, unknown>, extra: Partial<Briefing> = {}): CommandResult {
  return { briefing: { title, sections: [], citations: {}, ...extra }, data: { command: 'schedule', ...data } };
}

function describe(s: ScheduleView): string {
  const topics = s.topics.length ? s.topics.join(', ') : 'all news';
  const next = s.nextRun ? `; next ${s.nextRun.replace('T', ' ').slice(0, 16)} UTC` : '';
  return `${s.cron} (${s.timeZone}) · ${topics}${next}${s.source === 'file' ? ' · from a briefing file' : ''}`;
}

/** The service and this conversation; the definition's preconditions have made sure there are both. */
function where(ctx: CommandContext): { service: ScheduleService; platform: TargetPlatform; channelId: string } {
  return {
    service: ctx.services.schedules!,
    platform: ctx.invoker.platform as TargetPlatform,
    channelId: ctx.invoker.channelId!,
  };
}

async function list(ctx: CommandContext): Promise<CommandResult> {
  const { service, platform, channelId } = where(ctx);
  const schedules = await service.list(platform, channelId);
  const items = schedules.map((s) => ({
    label: s.source === 'chat' ? `#${s.id}` : s.name,
    text: describe(s),
    cites: [],
  }));
  return answer(
    'Schedules of this channel',
    { action: 'list', schedules },
    items.length
      ? { sections: [{ heading: 'Schedules', items, omittedNoun: 'schedules' }] }
      : { note: `No schedules here yet. ${USAGE}` },
  );
}

async function add(text: string, ctx: CommandContext): Promise<CommandResult> {
  const { service, platform, channelId } = where(ctx);
  checkPreconditions(['channel-manager'], ctx); // add and remove only: `list` is for everyone
  const parsed = parseScheduleText(text);
  if (!parsed) throw new UsageError(`I could not read a schedule in “${text.slice(0, 60)}”. ${USAGE}`);
  const created = await service.add({
    platform,
    channelId,
    userId: ctx.invoker.userId,
    when: parsed.when,
    topics: parsed.topics,
    timeZone: parsed.timeZone,
  });
  return answer(`Scheduled digest #${created.id}: ${describe(created)}`, { action: 'add', schedule: created });
}

async function remove(text: string, ctx: CommandContext): Promise<CommandResult> {
  const { service, platform, channelId } = where(ctx);
  checkPreconditions(['channel-manager'], ctx); // add and remove only: `list` is for everyone
  const id = text.trim().replace(/^#/, '');
  if (!/^\d+$/.test(id)) throw new UsageError('Which one? `schedule remove ID`, with an id from `schedule list`.');
  const removed = await service.remove(platform, channelId, id);
  if (!removed) throw new UsageError(`This channel has no chat schedule #${id}; see \`schedule list\`.`);
  return answer(`Removed schedule #${id}.`, { action: 'remove', id });
}

const schedule: CommandDefinition = {
  name: 'schedule',
  description: 'Digests posted to this channel on a schedule: add, list, remove',
  options: [
    {
      name: 'request',
      description: 'add <cron or "daily 08:00"> [topic] [time zone] | list | remove <id>',
      rest: true,
    },
  ],
  preconditions: ['scheduler', 'not-cli', 'in-channel'],
  examples: [
    'schedule add daily 08:00 haftar Europe/Malta',
    'schedule add "0 7 * * 1-5" libya',
    'schedule list',
    'schedule remove 3',
  ],
  run({ request }, ctx) {
    const text = (request ?? '').trim();
    const [word = 'list', ...rest] = text.split(/\s+/);
    const action = word.toLowerCase();
    const args = rest.join(' ');
    if (action === 'list' || action === '') return list(ctx);
    if (action === 'add' || action === 'new') return add(args, ctx);
    if (action === 'remove' || action === 'rm' || action === 'delete') return remove(args, ctx);
    throw new UsageError(`Unknown schedule action “${word.slice(0, 20)}”. ${USAGE}`);
  },
};

export default schedule;
