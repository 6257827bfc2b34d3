import type { types } from '@slack/bolt';
import type { BotCore } from '../../app/types.ts';
import type { CommandServices } from '../../commands/types.ts';
import { escapeMrkdwn, escapeWithin, SLACK_LIMITS, type SlackBlock } from '../../render/slack.ts';

export interface HomeOptions {
  bot: BotCore;
  userId: string;
  appCommand: string;
  syntax: (invocation: string) => string;
  services?: CommandServices;
  homeChannels?: readonly string[];
}

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const header = (text: string): SlackBlock => ({ type: 'header', text: { type: 'plain_text', text, emoji: false } });
const code = (text: string) => `\`${escapeMrkdwn(text.replace(/`/g, "'"))}\``;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** App Home: how to use the bot, the user's follows and the schedules of the digest channels. */
export async function homeView(options: HomeOptions): Promise<types.HomeView> {
  const blocks = [...usageBlocks(options), ...(await followBlocks(options)), ...(await scheduleBlocks(options))];
  return { type: 'home', blocks: blocks.slice(0, SLACK_LIMITS.blocksPerHome) };
}

function usageBlocks({ bot, syntax, appCommand }: HomeOptions): SlackBlock[] {
  const lines = bot.commands.map(
    (c) => `• ${code(syntax(c.examples[0] ?? c.name))}: ${escapeWithin(c.description, 200)}`,
  );
  const stats = bot.engine.stats;
  return [
    header('briefbot: news briefings from the articles'),
    section(`${stats.articles} articles, ${stats.entities} names. Every answer cites its articles.`),
    section(
      [
        `*In a channel*: type ${code(`/${appCommand} who haftar`)}; the answer is shown to you only, with a *Share in channel* button.`,
        '*In a direct message* to me: write ' +
          code('who is haftar?') +
          ', ' +
          code('timeline malta') +
          ' or ' +
          code('help') +
          '.',
        '*Mention me* in a channel (' + code('@briefbot who is conte') + ') and I answer in a thread.',
      ].join('\n'),
    ),
    { type: 'divider' },
    section(`*Commands*\n${lines.join('\n')}`.slice(0, SLACK_LIMITS.sectionText)),
  ];
}

async function followBlocks({ services, userId, syntax }: HomeOptions): Promise<SlackBlock[]> {
  if (!services?.follows) return [];
  const names = await services.follows.list('slack', userId);
  const text = names.length
    ? `You follow: ${names.map((n) => `*${escapeMrkdwn(n.replace(/\*/g, ''))}*`).join(', ')}. New articles about them come to you here.`
    : `You follow no one yet. Try ${code(syntax('follow haftar'))}.`;
  return [{ type: 'divider' }, header('Your follows'), section(escapeLengthSafe(text))];
}

async function scheduleBlocks({ services, homeChannels }: HomeOptions): Promise<SlackBlock[]> {
  if (!services?.schedules || !homeChannels?.length) return [];
  const blocks: SlackBlock[] = [{ type: 'divider' }, header('Scheduled digests')];
  for (const channel of homeChannels.filter((c) => CHANNEL_ID.test(c))) {
    const views = await services.schedules.list('slack', channel);
    const lines = views.map(
      (v) =>
        `• *${escapeMrkdwn(v.name)}*: ${code(v.cron)} ${escapeMrkdwn(v.timeZone)}${v.topics.length ? ` · ${escapeMrkdwn(v.topics.join(', '))}` : ''}${v.nextRun ? ` · next ${escapeMrkdwn(v.nextRun.slice(0, 16).replace('T', ' '))} UTC` : ''}`,
    );
    blocks.push(section(escapeLengthSafe(`<#${channel}>\n${lines.length ? lines.join('\n') : 'No schedules.'}`)));
  }
  return blocks;
}

/** Cuts already-escaped text to a section's limit at a line end, so no entity or markup is split. */
function escapeLengthSafe(text: string): string {
  const max = SLACK_LIMITS.sectionText - 50;
  if (text.length <= max) return text;
  const lineEnd = text.lastIndexOf('\n', max);
  return (lineEnd > 0 ? text.slice(0, lineEnd) : text.slice(0, max).replace(/&[a-z]*$/, '')) + '\n…';
}
