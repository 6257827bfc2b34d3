import { describe, expect, it } from 'vitest';
import { minimumGapMs } from '../../src/scheduler/cron.ts';

const MINUTE = 60_000;

describe('minimumGapMs: the closest two slots of a schedule come, over a whole day and across midnight', () => {
  it.each([
    ['0 8 * * *', 24 * 60],
    ['0-4 8 * * *', 1],
    ['*/5 * * * *', 5],
    ['*/7 * * * *', 4], // 23:56 then 00:00
    ['55 23 * * *', 24 * 60],
    ['58 23,0 * * *', 60], // 23:58 then 00:58
    ['0 0,23 * * 1-5', 60],
    ['30 7 1 1 *', 24 * 60],
  ])('%s: %d minutes', (expression, minutes) => {
    expect(minimumGapMs(expression)).toBe(minutes * MINUTE);
  });

  it('counts seconds when the expression has them', () => {
    expect(minimumGapMs('*/10 * * * * *')).toBe(10_000);
    expect(minimumGapMs('0 0 8 * * *')).toBe(24 * 60 * MINUTE);
  });
});
