import { mrkdwnTexts } from '../helpers/slack-blocks.ts';
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/types.ts';
import { answerMessage, decodeRef, MORE_ACTION, SHARE_ACTION } from '../../src/platforms/slack/messages.ts';
import {
  escapeMrkdwn,
  fallbackText,
  renderSlack,
  renderSlackPages,
  safeLink,
  SLACK_LIMITS,
  type SlackBlock,
} from '../../src/render/slack.ts';

const HOSTILE =
  'Alert <!channel> and <!here|here> and <!everyone> @here, ping <@U123> in <#C999|general>, <https://evil.example|click> & more';

function hostileBriefing(): Briefing {
  return {
    title: 'Council <!channel> chat',
    summary: `Person · ${HOSTILE}`,
    sections: [{ heading: 'Said <@U123>', items: [{ label: '<!here> 25 May', text: HOSTILE, cites: ['a1'] }] }],
    citations: {
      a1: {
        articleId: 'a1',
        title: 'Title <!everyone>',
        date: '2019-05-25',
        source: 'Wire <@U1>',
        url: 'javascript:alert(1)',
      },
    },
    note: `Did you mean: ${HOSTILE}?`,
  };
}

function longBriefing(items: number, textLength = 200): Briefing {
  const citations: Briefing['citations'] = {};
  for (let i = 0; i < items; i++)
    citations[`a${i}`] = {
      articleId: `a${i}`,
      title: `Article ${i}`,
      date: '2020-01-02',
      source: 'Wire',
      url: `https://news.example/${i}`,
    };
  return {
    title: 'A long timeline',
    sections: [
      {
        heading: 'Events',
        items: Array.from({ length: items }, (_, i) => ({
          label: `${i + 1} January 2020`,
          text: `Event number ${i} ${'word '.repeat(textLength / 5)}`.trim(),
          cites: [`a${i}`],
        })),
      },
    ],
    citations,
  };
}

/** Slack reads a mention or link only between real angle brackets. */
const SLACK_CONTROL = /<[!@#]|<https?:/;

describe('escapeMrkdwn', () => {
  it('escapes & first, then < and >, and nothing else', () => {
    expect(escapeMrkdwn('a & <b> *c* _d_')).toBe('a &amp; &lt;b&gt; *c* _d_');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });
});

describe('renderSlack', () => {
  it('renders hostile article text and arguments as inert text everywhere, including the fallback', () => {
    const message = renderSlack(hostileBriefing());
    for (const text of [...mrkdwnTexts(message.blocks), message.text]) expect(text).not.toMatch(SLACK_CONTROL);
    const all = mrkdwnTexts(message.blocks).join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U123&gt;');
    expect(all).toContain('&lt;https://evil.example|click&gt;');
    expect(all).toContain('@here'); // literal text: Slack parses no bare @here from API posts
    expect(all).not.toContain('javascript:');
  });

  it('has a plain-text header, bold labels, numbered citations and a context line with title, source and date', () => {
    const b: Briefing = {
      title: 'Khalifa Haftar',
      summary: 'Person · 12 mentions',
      sections: [{ heading: 'Roles', items: [{ label: 'Field Marshal', text: 'commander of the LNA', cites: ['x'] }] }],
      citations: {
        x: {
          articleId: 'x',
          title: 'Haftar advances on Tripoli',
          date: '2019-04-04',
          source: 'Reuters',
          url: 'https://news.example/a?b=1&c=2',
        },
      },
    };
    const { blocks, text } = renderSlack(b);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Khalifa Haftar', emoji: false } });
    const texts = mrkdwnTexts(blocks);
    expect(texts).toContain('*Roles*\n• *Field Marshal* commander of the LNA [1]');
    expect(texts).toContain(
      '[1] <https://news.example/a?b=1%26c=2|Haftar advances on Tripoli> · Reuters · 4 April 2019',
    );
    expect(blocks.some((b) => b.type === 'divider')).toBe(true);
    expect(text).toContain('Khalifa Haftar');
  });

  it('only links http(s) addresses, and keeps a hostile address from closing the link early', () => {
    expect(safeLink('ftp://x.example/a', 'T')).toBe('T');
    expect(safeLink(null, 'a <b>')).toBe('a &lt;b&gt;');
    expect(safeLink('https://x.example/a|b>c', 'T|x')).toBe('<https://x.example/a%7Cb%3Ec|T¦x>');
  });

  it('styles an error as a warning line with no header', () => {
    const { blocks } = renderSlack({
      title: 'Unknown command “zap”. Try help.',
      sections: [],
      citations: {},
      isError: true,
    });
    expect(blocks).toHaveLength(1);
    expect(mrkdwnTexts(blocks)[0]).toBe(':warning: Unknown command “zap”. Try help.');
  });
});

describe('renderSlackPages', () => {
  it('keeps every page inside Block Kit limits and loses no item across pages', () => {
    const b = longBriefing(120);
    const pages = renderSlackPages(b);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage - 3);
      expect(JSON.stringify(page.blocks).length).toBeLessThan(SLACK_LIMITS.messageText);
      for (const block of page.blocks) {
        if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
        if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      }
    }
    const shown = pages.flatMap((p) => mrkdwnTexts(p.blocks)).join('\n');
    for (let i = 0; i < 120; i++) expect(shown).toContain(`Event number ${i} `);
    expect(pages[1].text).toContain('(page 2 of');
  });

  it('cuts a single huge item at a word and never splits an escape', () => {
    const text = `${'<a> & '.repeat(2000)}end`;
    const [page] = renderSlackPages({
      title: 'T',
      sections: [{ heading: 'H', items: [{ text, cites: [] }] }],
      citations: {},
    });
    const section = mrkdwnTexts(page.blocks).find((t) => t.startsWith('*H*'))!;
    expect(section.length).toBeLessThan(SLACK_LIMITS.sectionText);
    expect(section).toMatch(/…$/);
    expect(section).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('keeps an item citing hundreds of articles inside the limits, counting what it does not list', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `c${i}`);
    const citations = Object.fromEntries(
      ids.map((id) => [
        id,
        { articleId: id, title: `Story ${id}`, date: null, source: null, url: `https://news.example/${id}` },
      ]),
    );
    const pages = renderSlackPages({
      title: 'Everything',
      sections: [{ heading: 'All', items: [{ text: 'cited everywhere', cites: ids }] }],
      citations,
    });
    expect(pages).toHaveLength(1);
    expect(pages[0].blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage - 3);
    const all = mrkdwnTexts(pages[0].blocks).join('\n');
    expect(all).toContain('cited everywhere [1][2][3][4][5][6][7][8][+292]');
    expect(all).toContain('_+280 more articles_');
  });

  it('says how many items a section left out', () => {
    const [page] = renderSlackPages({
      title: 'T',
      sections: [{ heading: 'Events', items: [{ text: 'one', cites: [] }], omitted: 4, omittedNoun: 'events' }],
      citations: {},
    });
    expect(mrkdwnTexts(page.blocks).join('\n')).toContain('_+4 more events_');
  });

  it('renderSlack shows the first page with a clear "+N more" when the answer does not fit', () => {
    const message = renderSlack(longBriefing(120));
    expect(mrkdwnTexts(message.blocks).at(-1)).toMatch(/^_\+\d+ more pages? not shown_$/);
  });
});

describe('answerMessage', () => {
  it('offers Share and More buttons that carry the command text and the next page', () => {
    const message = answerMessage(longBriefing(120), { ref: { text: 'timeline malta', page: 1 }, shareable: true });
    const actions = message.blocks.at(-1) as Extract<SlackBlock, { type: 'actions' }>;
    expect(actions.type).toBe('actions');
    const [share, more] = actions.elements as { action_id: string; value: string }[];
    expect(share.action_id).toBe(SHARE_ACTION);
    expect(decodeRef(share.value)).toEqual({ text: 'timeline malta', page: 1 });
    expect(more.action_id).toBe(MORE_ACTION);
    expect(decodeRef(more.value)).toEqual({ text: 'timeline malta', page: 2 });
  });

  it('offers no Share on an error and no buttons without a command to re-run', () => {
    const error = answerMessage(
      { title: 'No', sections: [], citations: {}, isError: true },
      { ref: { text: 'who x', page: 1 }, shareable: true },
    );
    expect(error.blocks.some((b) => b.type === 'actions')).toBe(false);
    const digest = answerMessage(longBriefing(120));
    expect(digest.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('rejects button values it did not write', () => {
    expect(decodeRef('not json')).toBeNull();
    expect(decodeRef('{"t":1,"p":1}')).toBeNull();
    expect(decodeRef('{"t":"who x","p":0}')).toBeNull();
  });

  it('escapes the fallback text too', () => {
    expect(fallbackText(hostileBriefing())).not.toMatch(SLACK_CONTROL);
  });
});
