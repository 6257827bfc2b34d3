import { describe, expect, it } from 'vitest';
import { slackTimestampFresh } from '../../../src/platforms/slack/request-time.ts';

describe('slackTimestampFresh', () => {
  const now = 1_800_000_000_000;
  const at = (seconds: number) => String(now / 1000 + seconds);

  it('takes five minutes either way and refuses a second more, in both directions', () => {
    for (const s of [-300, -1, 0, 1, 300]) expect(slackTimestampFresh(at(s), now)).toBe(true);
    for (const s of [-301, 301, 600, 10 * 365 * 86_400]) expect(slackTimestampFresh(at(s), now)).toBe(false);
  });

  it('refuses a missing, repeated, fractional or non-numeric header', () => {
    for (const h of [undefined, '', ' 1800000000', '1800000000.5', '1e9', 'NaN', '-1800000000', '9'.repeat(40)])
      expect(slackTimestampFresh(h, now)).toBe(false);
    expect(slackTimestampFresh([at(0), at(0)], now)).toBe(false);
  });
});
