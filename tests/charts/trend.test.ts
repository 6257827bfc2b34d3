import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/app/bot.ts';
import { grainFor, isoWeek, periodOf, periodsBetween, periodStart } from '../../src/charts/periods.ts';
import { STRIP_SIZE } from '../../src/charts/strip-chart.ts';
import { TREND_SIZE } from '../../src/charts/trend-chart.ts';
import { trendSeries } from '../../src/index/trend-series.ts';
import { CLI_INVOKER } from '../helpers/articles.ts';
import { TREND_ARTICLES as ARTICLES } from '../helpers/trend-corpus.ts';

describe('periods', () => {
  it('puts days in ISO weeks, across a year end', () => {
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(periodOf('2021-01-04', 'week')).toBe('2021-W01');
    expect(periodOf('2019-12-30', 'week')).toBe('2020-W01');
    expect(periodStart('2020-W53')).toBe('2020-12-28');
    expect(periodStart('2019-05')).toBe('2019-05-01');
  });

  it('chooses the grain from the span', () => {
    expect(grainFor('2021-01-01', '2021-03-03')).toBe('day'); // 62 days
    expect(grainFor('2021-01-01', '2021-03-04')).toBe('week');
    expect(grainFor('2019-01-01', '2021-12-31')).toBe('month');
    expect(grainFor('1950-01-01', '2021-12-31')).toBe('year');
  });

  it('lists every period of a span, empty ones included', () => {
    expect(periodsBetween('2020-12-30', '2021-01-12', 'week')).toEqual(['2020-W53', '2021-W01', '2021-W02']);
    expect(periodsBetween('2019-11-15', '2020-02-01', 'month')).toEqual(['2019-11', '2019-12', '2020-01', '2020-02']);
  });
});

describe('/trend on a corpus of our own', () => {
  let bot: Awaited<ReturnType<typeof createBot>>;
  beforeAll(async () => {
    bot = await createBot({ articles: ARTICLES });
  });

  it('counts articles per week for each entity, zeros between', () => {
    const series = trendSeries(bot.engine, ['haddad', 'verhoeven']);
    expect(series.grain).toBe('week'); // 4 January to 30 March 2021: 86 days
    expect(series.periods).toHaveLength(13);
    const [haddad, verhoeven] = series.lines;
    expect(haddad).toMatchObject({ name: 'Amira Haddad', kind: 'entity', undated: 1 });
    const nonZero = (line: typeof haddad) =>
      Object.fromEntries(line.points.filter((p) => p.count).map((p) => [p.period, p.count]));
    expect(nonZero(haddad)).toEqual({ '2021-W01': 2, '2021-W03': 1, '2021-W13': 1 });
    expect(verhoeven.name).toBe('Tomas Verhoeven');
    expect(nonZero(verhoeven)).toEqual({ '2021-W01': 1, '2021-W13': 1 });
    expect(haddad.points.reduce((n, p) => n + p.count, 0)).toBe(4);
  });

  it('counts a word that names no one as a keyword, by day inside a short range', () => {
    const series = trendSeries(bot.engine, ['drought'], { from: '2021-01', to: '2021-01' });
    expect(series.grain).toBe('day');
    expect(series.periods[0]).toBe('2021-01-01');
    expect(series.periods).toHaveLength(31);
    expect(series.lines[0].kind).toBe('keyword');
    expect(series.lines[0].points.filter((p) => p.count)).toEqual([{ period: '2021-01-20', count: 1 }]);
  });

  it('answers with the series, a summary that reads without the picture, and a PNG within limits', async () => {
    const result = await bot.handleText('/trend haddad verhoeven', CLI_INVOKER);
    expect(result.data).toMatchObject({
      command: 'trend',
      series: [{ name: 'Amira Haddad' }, { name: 'Tomas Verhoeven' }],
    });
    const text = result.briefing.sections[0].items.map((i) => `${i.label}: ${i.text}`).join('\n');
    expect(text).toContain(
      'Amira Haddad: 4 articles · peak week of 4 January 2021 (2) · first mention 4 January 2021, last 29 March 2021 · biggest week: week of 4 January 2021 (2)',
    );
    expect(result.briefing.note).toContain('1 undated article not counted');
    const image = result.briefing.image!;
    expect(image.filename).toBe('trend.png');
    expect(image.alt).toMatch(
      /^Line chart of articles per week from 4 January 2021 to 30 March 2021: Amira Haddad, 4 articles, peaking at 2/,
    );
    const bytes = await image.render();
    expect(bytes.length).toBeLessThanOrEqual(200 * 1024);
    const png = PNG.sync.read(bytes);
    expect([png.width, png.height]).toEqual([
      TREND_SIZE.width * TREND_SIZE.scale,
      TREND_SIZE.height * TREND_SIZE.scale,
    ]);
    // The lines are drawn: pixels of both colours (#0072B2 and #D55E00) are there.
    const colours = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    expect(colours.has('0,114,178')).toBe(true);
    expect(colours.has('213,94,0')).toBe(true);
  });

  it('answers plainly when nothing is dated in the span, with no picture', async () => {
    const result = await bot.handleText('/trend haddad from 2030', CLI_INVOKER);
    expect(result.briefing.image).toBeUndefined();
    expect(result.briefing.note).toMatch(/^No dated articles mention “haddad” \(from 2030\)/);
  });

  it('refuses too many names with a short usage answer', async () => {
    const result = await bot.handleText('/trend a b c d e f', CLI_INVOKER);
    expect(result.data).toMatchObject({ error: 'usage' });
    expect(result.briefing.title).toMatch(/At most 5 names/);
  });

  it('gives a timeline a strip chart of its dates', async () => {
    const result = await bot.handleText('/timeline haddad', CLI_INVOKER);
    const image = result.briefing.image;
    expect(image?.filename).toBe('timeline.png');
    const bytes = await image!.render();
    const png = PNG.sync.read(bytes);
    expect([png.width, png.height]).toEqual([
      STRIP_SIZE.width * STRIP_SIZE.scale,
      STRIP_SIZE.height * STRIP_SIZE.scale,
    ]);
    expect(bytes.length).toBeLessThanOrEqual(200 * 1024);
  });
});
