import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/types.ts';
import { renderDiscordPages } from '../../src/render/discord.ts';
import { renderSlackPages } from '../../src/render/slack.ts';
import { renderText } from '../../src/render/text.ts';
import {
  hostileText,
  LIVE_DISCORD_MENTION,
  LIVE_SLACK_MENTION,
  PROPERTY_TIMEOUT_MS,
  checkProperty,
} from './arbitraries.ts';

/** A briefing with hostile text in every field a renderer shows. */
const briefing: fc.Arbitrary<Briefing> = fc
  .record({
    title: hostileText(12),
    summary: fc.option(hostileText(12), { nil: undefined }),
    note: fc.option(hostileText(12), { nil: undefined }),
    isError: fc.option(fc.boolean(), { nil: undefined }),
    sections: fc.array(
      fc.record({
        heading: hostileText(6),
        items: fc.array(
          fc.record({
            text: hostileText(20),
            label: fc.option(hostileText(6), { nil: undefined }),
            emphasis: fc.option(fc.array(hostileText(3), { maxLength: 3 }), { nil: undefined }),
          }),
          { maxLength: 6 },
        ),
        omitted: fc.option(fc.nat(500), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    sources: fc.array(
      fc.record({
        title: hostileText(8),
        source: fc.option(hostileText(4), { nil: null }),
        url: fc.option(fc.oneof(hostileText(6), fc.webUrl()), { nil: null }),
        date: fc.option(fc.constantFrom('2019-05-27', '2019-05', '2019', 'bad'), { nil: null }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ sources, sections, ...rest }) => {
    const ids = sources.map((_, i) => `a${i}`);
    return {
      ...rest,
      sections: sections.map((s) => ({
        ...s,
        items: s.items.map((item, i) => ({ ...item, cites: ids.length ? [ids[i % ids.length]] : [] })),
      })),
      citations: Object.fromEntries(sources.map((s, i) => [ids[i], { articleId: ids[i], ...s }])),
    };
  });

/** Every string anywhere in a rendered value, but those in Slack plain_text objects (never parsed for mentions). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object' && (value as { type?: unknown }).type !== 'plain_text')
    for (const v of Object.values(value)) strings(v, out);
  return out;
}

describe('renderers (property)', () => {
  const platforms: [string, (b: Briefing) => unknown, RegExp][] = [
    ['Slack', renderSlackPages, LIVE_SLACK_MENTION],
    ['Discord', renderDiscordPages, LIVE_DISCORD_MENTION],
  ];
  for (const [platform, render, live] of platforms) {
    it(
      `${platform}: any briefing renders, and no live mention reaches the message`,
      async () => {
        await checkProperty(
          fc.property(briefing, (b) => {
            for (const text of strings(render(b))) expect(text).not.toMatch(live);
          }),
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }

  it(
    'plain text: any briefing renders to a string',
    async () => {
      await checkProperty(fc.property(briefing, (b) => void expect(typeof renderText(b)).toBe('string')));
    },
    PROPERTY_TIMEOUT_MS,
  );
});
