import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/types.ts';
import { renderDiscordPages } from '../../src/render/discord.ts';
import { emphasize } from '../../src/render/fit.ts';
import { renderSlack } from '../../src/render/slack.ts';
import { mrkdwnTexts } from '../helpers/slack-blocks.ts';

/** Search terms are shown bold on each platform, without ever undoing the escaping of the text around them. */
const briefing: Briefing = {
  title: 'Search: ceasefire',
  sections: [
    {
      heading: 'Results',
      items: [
        {
          label: 'Truce talks',
          text: 'A ceasefire <!channel> was agreed; the Ceasefire held.',
          cites: ['a1'],
          emphasis: ['ceasefire', 'Ceasefire'],
        },
      ],
    },
  ],
  citations: { a1: { articleId: 'a1', title: 'Truce talks', date: '2021-03-15', source: null, url: null } },
};

describe('highlighted words', () => {
  it('bolds whole words only, case aside', () => {
    expect(emphasize('ceasefire ceasefires Ceasefire', ['ceasefire'], '*')).toBe('*ceasefire* ceasefires *Ceasefire*');
  });

  it('is bold in Slack and Discord, with the hostile text still inert', () => {
    const slack = mrkdwnTexts(renderSlack(briefing).blocks).join('\n');
    expect(slack).toContain('A *ceasefire* &lt;!channel&gt; was agreed; the *Ceasefire* held.');
    const [page] = renderDiscordPages(briefing);
    const discord = JSON.stringify(page);
    expect(discord).toContain('**ceasefire**');
    expect(discord).not.toContain('<!channel>');
  });
});
