import { describe, expect, it } from 'vitest';
import { formatProgressLine, progressReporter, rateAndEta } from '../../src/app/progress-report.ts';

/** The load's progress: a bar with rate and time left on a terminal, a JSON log line every few seconds otherwise. */
function terminal() {
  const out: string[] = [];
  return { out, stream: { isTTY: true, columns: 120, write: (t: string) => out.push(t) } };
}

describe('progress on a terminal', () => {
  it('draws a bar with the rate and the time left, redrawn in place, a new line per phase', () => {
    let t = 0;
    const { out, stream } = terminal();
    const reporter = progressReporter({ stream, now: () => t });
    reporter.update({ phase: 'reading', done: 0, total: 100, articles: 0 });
    t = 2000;
    reporter.update({ phase: 'reading', done: 50, total: 100, articles: 60 });
    t = 2050; // too soon to redraw
    reporter.update({ phase: 'reading', done: 51, total: 100, articles: 61 });
    t = 4000;
    reporter.update({ phase: 'understanding', done: 0, total: 120, articles: 120 });
    reporter.finish();
    expect(out).toHaveLength(5);
    expect(out[1]).toBe('\r\x1b[2Kreading       [##########----------]  11%  50/100 files  25/s  0:02 left');
    expect(out[2]).toBe('\n');
    expect(out[3]).toMatch(/^\r\x1b\[2Kunderstanding \[-{20}\] {2}20% {2}0\/120 articles {2}0\/s {2}--:-- left$/);
    expect(out[4]).toBe('\n');
  });

  it('formats long waits in hours', () => {
    expect(
      formatProgressLine(
        { phase: 'understanding', done: 1000, total: 200_000, articles: 200_000 },
        50,
        rateAndEta({ phase: 'understanding', done: 1000, total: 200_000, articles: 200_000 }, 0, 20_000).etaSeconds,
      ),
    ).toMatch(/1:06:20 left$/);
  });
});

describe('progress in a log', () => {
  it('writes a JSON log line at most every few seconds, and at each phase end', () => {
    let t = 0;
    const lines: object[] = [];
    const reporter = progressReporter({
      stream: { isTTY: false, write: () => undefined },
      logger: { info: (obj) => lines.push(obj) },
      now: () => t,
      logEveryMs: 5000,
    });
    for (let done = 0; done <= 100; done += 10) {
      reporter.update({ phase: 'understanding', done, total: 100, articles: 100 });
      t += 1000;
    }
    // t=0 first line, t=5000 the next, t=10000 the phase's end
    expect(lines).toEqual([
      expect.objectContaining({ phase: 'understanding', done: 0, total: 100 }),
      expect.objectContaining({ done: 50, perSecond: 10, etaSeconds: 5 }),
      expect.objectContaining({ done: 100, percent: 90 }),
    ]);
  });
});
