import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/types.ts';
import { DISCORD_LIMITS, embedLength, escapeDiscord, renderDiscordPages } from '../../src/render/discord.ts';
import { briefingMessages } from '../../src/platforms/discord/messages.ts';

const citation = (id: string, title: string) => ({
  articleId: id,
  title,
  date: '2021-03-04',
  source: 'Harbour Gazette',
  url: null,
});

function longTimeline(events: number, words = 12): Briefing {
  const citations = Object.fromEntries(
    Array.from({ length: 6 }, (_, i) => [`a${i}`, citation(`a${i}`, `Port strike report number ${i}`)]),
  );
  const items = Array.from({ length: events }, (_, i) => ({
    label: `${i + 1} March 2021`,
    text: `Dockworkers in Valdoria held meeting ${i + 1} about ${'wages and shifts '.repeat(words / 3).trim()}`,
    cites: [`a${i % 6}`],
  }));
  return {
    title: 'Timeline: Valdoria port strike',
    summary: `${events} events from 6 articles, oldest first.`,
    sections: [{ heading: 'Events', items }],
    citations,
  };
}

function assertWithinLimits(embeds: ReturnType<typeof renderDiscordPages>): void {
  for (const e of embeds) {
    expect(e.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    expect(embedLength(e)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  }
}

describe('Discord embeds', () => {
  it('renders title, summary, a field per section and a footer naming the cited articles', () => {
    const b: Briefing = {
      title: 'Mara Oyelaran',
      summary: 'Person · 4 mentions in 2 articles',
      sections: [
        { heading: 'Roles and descriptions', items: [{ text: 'harbour commissioner', cites: ['x1'] }] },
        { heading: 'Articles', items: [{ label: '4 March 2021', text: 'Harbour talks stall', cites: ['x2'] }] },
      ],
      citations: { x1: citation('x1', 'Commissioner named'), x2: citation('x2', 'Harbour talks stall') },
      note: 'Did you mean: Mara Oyelaran-Fisk?',
    };
    const [embed, ...rest] = renderDiscordPages(b);
    expect(rest).toHaveLength(0);
    expect(embed.title).toBe('Mara Oyelaran');
    expect(embed.description).toBe('Person · 4 mentions in 2 articles');
    expect(embed.fields!.map((f) => f.name)).toEqual(['Roles and descriptions', 'Articles', 'Note']);
    expect(embed.fields![0].value).toBe('• harbour commissioner \\[1\\]');
    expect(embed.fields![1].value).toBe('• **4 March 2021** · Harbour talks stall \\[2\\]');
    expect(embed.footer!.text).toBe(
      'Sources: [1] Commissioner named (Harbour Gazette, 4 March 2021) · [2] Harbour talks stall (Harbour Gazette, 4 March 2021)',
    );
  });

  it('splits a long answer into pages that each fit every limit, numbering citations the same on every page', () => {
    const b = longTimeline(60, 60);
    const pages = renderDiscordPages(b);
    expect(pages.length).toBeGreaterThan(5);
    assertWithinLimits(pages);
    const bullets = pages.flatMap((p) =>
      (p.fields ?? []).flatMap((f) => f.value.split('\n').filter((l) => l.startsWith('•'))),
    );
    expect(bullets).toHaveLength(60);
    expect(pages[0].footer!.text).toMatch(/^Page 1\/\d+ · Sources: \[1\] Port strike report number 0/);
    expect(pages[3].footer!.text).toMatch(/^Page 4\//);
    // a\d cited on page 4 keeps its number from page 1
    expect(pages[3].footer!.text).toContain('[1] Port strike report number 0');
    expect(pages[1].description).toBeUndefined();
  });

  it('continues a long section in unnamed fields on the same page, and names it "(cont.)" at the top of the next', () => {
    const pages = renderDiscordPages(longTimeline(12, 30), { pageBudget: 2500 });
    expect(pages.length).toBe(2);
    const [first, second] = pages.map((p) => p.fields!.map((f) => f.name));
    expect(first[0]).toBe('Events');
    expect(first.slice(1).every((n) => n === '\u200b')).toBe(true);
    expect(second[0]).toBe('Events (cont.)');
    expect(pages[0].fields!.every((f) => f.value.length <= DISCORD_LIMITS.fieldValue)).toBe(true);
  });

  it('cuts over-long text at a word, never mid-word, and says what was left out', () => {
    const word = 'harbour';
    const b: Briefing = {
      title: `${'Very long headline about the harbour '.repeat(12)}end`,
      sections: [
        {
          heading: 'Said',
          items: [{ text: Array.from({ length: 400 }, () => word).join(' '), cites: [] }],
          omitted: 7,
          omittedNoun: 'quotes',
        },
      ],
      citations: {},
    };
    const [embed] = renderDiscordPages(b);
    assertWithinLimits([embed]);
    expect(embed.title!.endsWith('…')).toBe(true);
    expect(
      embed
        .title!.slice(0, -1)
        .split(' ')
        .every((w) => 'Very long headline about the harbour end'.split(' ').includes(w)),
    ).toBe(true);
    const [item, more] = embed.fields![0].value.split('\n');
    expect(item.endsWith(`${word}…`)).toBe(true);
    expect(more).toBe('*+7 more quotes*');
  });

  it('makes hostile article text inert: no mention, no markdown', () => {
    expect(
      escapeDiscord('@everyone look at <@123> and <@&456> **bold** _it_ `code` > quote ||spoiler|| [x](http://e.vil)'),
    ).toBe(
      '@\u200beveryone look at \\<@123\\> and \\<@&456\\> \\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\> quote \\|\\|spoiler\\|\\| \\[x\\]\\(http://e.vil\\)',
    );
    expect(escapeDiscord('# Heading\n- item\n1. first')).toBe('\\# Heading\n\\- item\n1\\. first');
    expect(escapeDiscord('@here')).toBe('@\u200bhere');
    expect(escapeDiscord('## Big\n-# small\nscore 3-2 and #1 seed')).toBe(
      '\\## Big\n\\-# small\nscore 3-2 and #1 seed',
    );
    const b: Briefing = {
      title: '@here **breaking**',
      summary: '<@123> said',
      sections: [{ heading: '@everyone', items: [{ label: '<@&9>', text: '**bold** claim @everyone', cites: ['h'] }] }],
      citations: { h: citation('h', '@everyone <@123> headline') },
    };
    const text = JSON.stringify(renderDiscordPages(b));
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/(?<!\\\\)<@/);
    expect(text).not.toMatch(/(?<!\\\\)\*\*bold/);
  });

  it('packs a digest into as few messages as the limits allow', () => {
    const messages = briefingMessages(longTimeline(120, 60));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
      expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
      expect(m.allowed_mentions).toEqual({ parse: [] });
    }
    expect(messages.flatMap((m) => m.embeds).length).toBe(renderDiscordPages(longTimeline(120, 60)).length);
  });

  it('colours errors and shows the note of an answer with no sections', () => {
    const [embed] = renderDiscordPages({
      title: 'No one called “zzz” in the articles',
      sections: [],
      citations: {},
      note: 'Try /search for words in the articles.',
      isError: true,
    });
    expect(embed.description).toBe('Try /search for words in the articles.');
    expect(embed.color).toBe(0xd83c3e);
    expect(embed.fields).toBeUndefined();
  });
});

describe('examples in Discord syntax', () => {
  it('writes each example as a slash command with named options', async () => {
    const { loadCommands } = await import('../../src/commands/registry.ts');
    const { discordSyntax } = await import('../../src/platforms/discord/syntax.ts');
    const syntax = discordSyntax(await loadCommands());
    expect(syntax('who haftar')).toBe('/who name:haftar');
    expect(syntax('timeline haftar from 2019-01 to 2019-12')).toBe('/timeline topic:haftar from:2019-01 to:2019-12');
    expect(syntax('help')).toBe('/help');
    expect(syntax('nonsense words')).toBe('/nonsense words');
  });
});
