import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractTimes, extractTimesWithReferences } from '../../src/understanding/time/index.ts';
import { formatWeek } from '../../src/understanding/time/calendar.ts';
import type { TimeExpression } from '../../src/understanding/types.ts';

const MONDAY = '2019-05-27'; // a Monday

function find(text: string, docDate: string | null = MONDAY): TimeExpression[] {
  return extractTimes(text, { docDate });
}

/** The single expression whose text is `phrase`. */
function one(text: string, phrase: string, docDate: string | null = MONDAY): TimeExpression {
  const hits = find(text, docDate).filter((t) => t.text === phrase);
  expect(hits, `"${phrase}" in "${text}": ${JSON.stringify(find(text, docDate))}`).toHaveLength(1);
  return hits[0];
}

const valueOf = (text: string, phrase: string, docDate: string | null = MONDAY) => one(text, phrase, docDate).value;

describe('absolute dates', () => {
  it.each([
    ['The council met on 27 May 2019 to vote.', '27 May 2019', '2019-05-27', 'day'],
    ['The council met on May 27, 2019 to vote.', 'May 27, 2019', '2019-05-27', 'day'],
    ['The plant closed on Aug. 14, 2017, after a fire.', 'Aug. 14, 2017', '2017-08-14', 'day'],
    ['The filing is dated 2019-05-27 in the register.', '2019-05-27', '2019-05-27', 'day'],
    ['Prices rose sharply in May 2019 across the region.', 'May 2019', '2019-05', 'month'],
    ['The dam was finished in March of 1998.', 'March of 1998', '1998-03', 'month'],
    ['Elections are held in 2020 and have been since 2014.', '2020', '2020', 'year'],
    ['Growth was slow in the 1990s.', 'the 1990s', '199', 'decade'],
    ['The bridge dates from the 19th century.', 'the 19th century', '18', 'century'],
  ])('%s', (text, phrase, value, precision) => {
    const t = one(text, phrase);
    expect(t.value).toBe(value);
    expect(t.precision).toBe(precision);
  });

  it('resolves a day without a year to the nearest one', () => {
    expect(valueOf('The ferry sank on May 12 near the coast.', 'May 12')).toBe('2019-05-12');
    expect(valueOf('The ferry sank on Dec. 30 near the coast.', 'Dec. 30', '2020-01-03')).toBe('2019-12-30');
  });

  it('leaves counts and money alone', () => {
    expect(find('The firm hired 1500 workers and paid $2000 each.')).toEqual([]);
    expect(find('About 1,990 people attended.')).toEqual([]);
  });
});

describe('weekdays follow the tense', () => {
  it('a past-tense report means the weekday just past', () => {
    expect(valueOf('The fire began on Saturday, officials said.', 'Saturday')).toBe('2019-05-25');
    expect(valueOf('Ministers met Thursday and agreed a deal.', 'Thursday')).toBe('2019-05-23');
  });

  it('a future-tense sentence means the weekday ahead', () => {
    expect(valueOf('The minister will travel on Thursday.', 'Thursday')).toBe('2019-05-30');
    expect(valueOf('The vote is expected to take place on Friday.', 'Friday')).toBe('2019-05-31');
  });

  it('the nearest marker wins: "said Thursday that it will..." is past', () => {
    expect(valueOf('The company said Thursday that it will close the mill.', 'Thursday')).toBe('2019-05-23');
  });

  it('last and next are explicit', () => {
    expect(valueOf('The strike ended last Friday.', 'last Friday')).toBe('2019-05-24');
    expect(valueOf('The summit opens next Monday.', 'next Monday')).toBe('2019-06-03');
  });
});

describe('relative dates', () => {
  it.each([
    ['Rain fell yesterday across the city.', 'yesterday', '2019-05-26', 'day'],
    ['Talks resume today in Geneva.', 'today', '2019-05-27', 'day'],
    ['The results come out tomorrow.', 'tomorrow', '2019-05-28', 'day'],
    ['Sales slowed last week in the shops.', 'last week', '2019-W21', 'week'],
    ['Sales may recover next week, traders said.', 'next week', '2019-W23', 'week'],
    ['Prices fell this month on weak demand.', 'this month', '2019-05', 'month'],
    ['Prices fell last month on weak demand.', 'last month', '2019-04', 'month'],
    ['Prices fell earlier this month on weak demand.', 'earlier this month', '2019-05', 'month'],
    ['Profits doubled last year at the bank.', 'last year', '2018', 'year'],
    ['Profits may double next year at the bank.', 'next year', '2020', 'year'],
    ['The mayor resigned two weeks ago.', 'two weeks ago', '2019-W20', 'week'],
    ['The mayor resigned three days ago.', 'three days ago', '2019-05-24', 'day'],
  ])('%s', (text, phrase, value, precision) => {
    const t = one(text, phrase);
    expect(t.value).toBe(value);
    expect(t.precision).toBe(precision);
  });

  it('"three days later" counts from the date just mentioned', () => {
    expect(
      valueOf('The storm hit on March 3, 2019. Three days later the river burst its banks.', 'Three days later'),
    ).toBe('2019-03-06');
  });

  it('"last June" is the last June strictly before the current month, "next June" the coming one', () => {
    expect(valueOf('The deal was signed last June.', 'last June')).toBe('2018-06');
    expect(valueOf('The deal will be signed next June.', 'next June')).toBe('2019-06');
    expect(valueOf('The deal was signed last May.', 'last May')).toBe('2018-05');
  });

  it('a bare month follows the tense', () => {
    expect(valueOf('Exports dropped in January.', 'January')).toBe('2019-01');
    expect(valueOf('The new law will take effect in January.', 'January')).toBe('2020-01');
  });
});

describe('seasons, quarters and ranges', () => {
  it('seasons and quarters', () => {
    expect(one('Tourism grew this summer.', 'this summer')).toMatchObject({ value: '2019-SU', precision: 'season' });
    expect(one('Earnings rose in the first quarter.', 'the first quarter')).toMatchObject({
      value: '2019-Q1',
      precision: 'quarter',
    });
    expect(valueOf('Output fell in the third quarter of 2017.', 'the third quarter of 2017')).toBe('2017-Q3');
    expect(valueOf("Margins improved in this year's first quarter.", "this year's first quarter")).toBe('2019-Q1');
    // In a results story, "a year ago" and "the quarter" are about the quarter just reported.
    const story = find(
      'Net income rose 8% in the first quarter. Sales in the quarter were flat, against a loss a year ago.',
    );
    expect(story.map((t) => t.value)).toEqual(['2019-Q1', '2019-Q1', '2018-Q1']);
  });

  it('a range carries its end', () => {
    const times = find('The festival runs from May to July in the old town.');
    expect(times.map((t) => t.text)).toEqual(['May', 'July']);
    expect(times[0]).toMatchObject({ value: '2019-05', endValue: '2019-07' });
    expect(one('Output grew in 1990-95.', '1990-95')).toMatchObject({ value: '1990', endValue: '1995' });
  });
});

describe('an undated document', () => {
  it('keeps relative dates unresolved and still resolves absolute ones', () => {
    const text = 'The fire began on Saturday. The plant had opened on 27 May 2019, and closed last year.';
    const times = find(text, null);
    expect(times.map((t) => [t.text, t.value])).toEqual([
      ['Saturday', null],
      ['27 May 2019', '2019-05-27'],
      ['last year', null],
    ]);
  });

  it('an invalid document date counts as none', () => {
    expect(valueOf('It rained yesterday.', 'yesterday', 'not a date')).toBeNull();
  });
});

describe('ISO weeks around the year boundary', () => {
  it('formats weeks that belong to the neighbouring year', () => {
    expect(formatWeek({ year: 2020, month: 12, day: 31 })).toBe('2020-W53');
    expect(formatWeek({ year: 2021, month: 1, day: 3 })).toBe('2020-W53');
    expect(formatWeek({ year: 2019, month: 12, day: 30 })).toBe('2020-W01');
    expect(formatWeek({ year: 2021, month: 1, day: 4 })).toBe('2021-W01');
  });

  it('"last week" in the first days of January is the last week of December', () => {
    expect(valueOf('Markets slid last week.', 'last week', '2021-01-06')).toBe('2020-W53');
    expect(valueOf('Markets will open next week.', 'next week', '2019-12-27')).toBe('2020-W01');
  });
});

describe('offsets', () => {
  it('every expression is exactly the slice of the text it claims, also after emoji and accents', () => {
    const text =
      '🌧️ Naïve forecasters said on Friday, Aug. 9, 2019 — well, last week — that 2020 would be wetter than the 1990s.';
    const times = find(text);
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (const t of times) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(times.map((t) => t.text)).toEqual(['Friday, Aug. 9, 2019', 'last week', '2020', 'the 1990s']);
  });
});

describe('vague references', () => {
  it('are left out for the bot and kept for TimeML scoring', () => {
    const text = 'Prices are now higher than they were recently.';
    expect(find(text)).toEqual([]);
    expect(extractTimesWithReferences(text, { docDate: MONDAY }).map((t) => t.value)).toEqual([
      'PRESENT_REF',
      'PAST_REF',
    ]);
  });
});

describe('sample corpus', () => {
  const dir = new URL('../../corpus/', import.meta.url);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(txt|md|json)$/.test(f)) : [];
  it.skipIf(files.length === 0)('finds dates in every sample article with exact offsets, fast', () => {
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const times = find(text, MONDAY);
      for (const t of times) expect(text.slice(t.start, t.end)).toBe(t.text);
      expect(times.length, file).toBeGreaterThan(0);
    }
  });
});

describe('tense reading', () => {
  const OCTOBER = '2019-10-28';
  it('sees irregular past verbs and ignores "United" and "next to"', () => {
    expect(valueOf('The firm, which will list its shares soon, sold the plant on Friday.', 'Friday')).toBe(
      '2019-05-24',
    );
    expect(valueOf('The United States and Canada held talks on Thursday.', 'Thursday')).toBe('2019-05-23');
    expect(valueOf('A crowd gathered next to the station on Friday.', 'Friday')).toBe('2019-05-24');
  });

  it('reads present-tense schedules as future, but not an infinitive', () => {
    expect(valueOf('The two leaders meet Thursday in Geneva.', 'Thursday')).toBe('2019-05-30');
    expect(valueOf('The talks are to resume in Oslo on Friday.', 'Friday')).toBe('2019-05-31');
    expect(valueOf('Output fell short, failing to meet demand on Friday.', 'Friday')).toBe('2019-05-24');
  });

  it('reads an untensed month up to seven months back as past', () => {
    expect(valueOf('Exports: record growth in April and a dip in March.', 'April', OCTOBER)).toBe('2019-04');
    expect(valueOf('Exports: record growth in January.', 'January', OCTOBER)).toBe('2020-01');
  });
});

describe('weekdays around the article date', () => {
  it('reads the day after the article as tomorrow, even in a past-tense sentence', () => {
    expect(valueOf('The minister announced that she would fly to Paris on Tuesday.', 'Tuesday')).toBe('2019-05-28');
    expect(valueOf('Protesters planned a march on Tuesday.', 'Tuesday')).toBe('2019-05-28');
  });

  it('keeps a weekday right after a past-tense verb in the past', () => {
    expect(valueOf('The minister said Tuesday that talks had failed.', 'Tuesday')).toBe('2019-05-21');
    expect(valueOf('The envoy was told on Tuesday to leave.', 'Tuesday')).toBe('2019-05-21');
  });

  it('counts "the previous Friday" from the last day mentioned', () => {
    const text = 'Shares closed at 410 on Friday, down 4% from the previous Friday.';
    expect(valueOf(text, 'Friday')).toBe('2019-05-24');
    expect(valueOf(text, 'the previous Friday')).toBe('2019-05-17');
    expect(valueOf('The result was due the following Monday.', 'the following Monday')).toBe('2019-06-03');
    expect(valueOf('Prices had peaked the previous Friday.', 'the previous Friday', null)).toBeNull();
  });
});

describe('the year and quarters in results stories', () => {
  const NOVEMBER = '1989-11-02';
  it('reads "the year", "the full year", "the current fiscal year" as the article year', () => {
    expect(valueOf('Sales for the full year rose 13%.', 'the full year', NOVEMBER)).toBe('1989');
    expect(valueOf('For the year, volume was flat.', 'the year', NOVEMBER)).toBe('1989');
    expect(valueOf('Sales in the current fiscal year will be higher.', 'the current fiscal year', NOVEMBER)).toBe(
      '1989',
    );
    expect(valueOf('Planting was delayed earlier in the year by rain.', 'earlier in the year', NOVEMBER)).toBe('1989');
    expect(valueOf('Shares hit a high for the year in June.', 'the year', null)).toBeNull();
  });

  it('leaves generic and durative "the year" alone', () => {
    const texts = [
      'The year was a hard one.',
      'Net income for the year ended Sept. 30 rose.',
      'She was named player of the year by the league.',
    ];
    for (const text of texts) expect(find(text, NOVEMBER).filter((t) => /year/i.test(t.text))).toEqual([]);
  });

  it('does not take a year-earlier period as the quarter the story is about', () => {
    const text =
      'Profit fell in the third quarter. In the year-earlier period, it rose. The latest quarter was hurt by strikes.';
    expect(valueOf(text, 'the year-earlier period', NOVEMBER)).toBe('1988-Q3');
    expect(valueOf(text, 'The latest quarter', NOVEMBER)).toBe('1989-Q3');
  });

  it('reads "the 1988 period" as that year\'s quarter in a quarterly story', () => {
    const text = 'Net income rose in the third quarter, up from the 1988 period.';
    expect(valueOf(text, 'the 1988 period', NOVEMBER)).toBe('1988-Q3');
    expect(valueOf('Sales were higher than in the 1988 period.', 'the 1988 period', NOVEMBER)).toBe('1988');
  });
});

describe('holidays', () => {
  const JANUARY = '2020-01-07';
  it.each([
    ['The boy was found at sea on Thanksgiving Day.', 'Thanksgiving Day', JANUARY, '2019-11-28', 'day'],
    ['He was rescued last Thanksgiving off the coast.', 'last Thanksgiving', JANUARY, '2019-11-28', 'day'],
    ['Stores will reopen after Christmas.', 'Christmas', '2019-12-10', '2019-12-25', 'day'],
    ['Voters go to the polls on Election Day.', 'Election Day', '2018-10-26', '2018-11-06', 'day'],
    ['Pilgrims arrived as Easter week began.', 'Easter week', '2019-04-22', '2019-W16', 'week'],
    ['The parade on Independence Day drew crowds.', 'Independence Day', '2019-07-08', '2019-07-04', 'day'],
    ["The law took effect on New Year's Day 2018.", "New Year's Day 2018", JANUARY, '2018-01-01', 'day'],
  ])('%s', (text, phrase, docDate, value, precision) => {
    const t = one(text, phrase, docDate);
    expect(t.value).toBe(value);
    expect(t.precision).toBe(precision);
  });

  it('leaves holiday names that name things', () => {
    expect(find('They sold Christmas trees and visited Easter Island.')).toEqual([]);
  });

  it('stays unresolved without a document date, unless the year is given', () => {
    expect(valueOf('The boy was found on Thanksgiving Day.', 'Thanksgiving Day', null)).toBeNull();
    expect(valueOf('Easter 2021 fell early.', 'Easter 2021', null)).toBe('2021-04-04');
  });
});

describe('spoken years and month ranges', () => {
  it('reads years spelled out in transcripts', () => {
    expect(valueOf('He promised to halve unemployment by the year two thousand.', 'the year two thousand')).toBe(
      '2000',
    );
    expect(valueOf('January nineteen ninety-seven. A bomb goes off again.', 'January nineteen ninety-seven')).toBe(
      '1997-01',
    );
    expect(
      valueOf('Prices fell to the level of the winter of nineteen ninety-four.', 'the winter of nineteen ninety-four'),
    ).toBe('1994-WI');
    expect(find('The firm hired two thousand workers.').filter((t) => /thousand/.test(t.text))).toEqual([]);
  });

  it('gives a hyphenated month range its end', () => {
    const t = one('Sales peaked in May-July 2019 before easing.', 'May-July 2019');
    expect([t.value, t.endValue, t.precision]).toEqual(['2019-05', '2019-07', 'month']);
    const winter = one('Heating bills rose in December-February 2019.', 'December-February 2019');
    expect([winter.value, winter.endValue]).toEqual(['2018-12', '2019-02']);
  });
});

describe('months and days with their year said in words', () => {
  it('"June last year", "Feb. 3 this year" take the named year and stay one expression', () => {
    expect(valueOf('Exports collapsed in June last year.', 'June last year')).toBe('2018-06');
    expect(valueOf('The inquiry opened in February this year.', 'February this year', '2019-12-05')).toBe('2019-02');
    expect(valueOf('The mill closed on Oct. 3 last year.', 'Oct. 3 last year')).toBe('2018-10-03');
    expect(find('Exports collapsed in June last year.')).toHaveLength(1);
  });

  it('"last Oct. 23" is the last such day before the article', () => {
    expect(valueOf('The mayor was shot last Oct. 23 outside his home.', 'last Oct. 23')).toBe('2018-10-23');
  });

  it('the second day of "June 12 and 13" or "June 12-14" is a date of the same month', () => {
    expect(valueOf('The summit will be held on June 12 and 13 in Oslo.', '13')).toBe('2019-06-13');
    const fair = find('The fair runs June 12-14 in the park.');
    expect(fair.map((t) => [t.text, t.value])).toEqual([
      ['June 12', '2019-06-12'],
      ['14', '2019-06-14'],
    ]);
    expect(fair[0].endValue).toBe('2019-06-14');
    expect(find('Turnout fell between May 3 and 4 percent.').map((t) => t.text)).toEqual(['May 3']);
  });

  it('a date closing a reported period is never ahead of the article', () => {
    expect(valueOf('Net income rose in the year ended Jan. 31, the company said.', 'Jan. 31', '2019-10-30')).toBe(
      '2019-01-31',
    );
  });

  it('"effective Feb. 1" looks ahead, "became effective Feb. 1" does not', () => {
    expect(valueOf('The board named a new chairman, effective Feb. 1.', 'Feb. 1', '2019-10-30')).toBe('2020-02-01');
    expect(valueOf('The rule became effective Feb. 1.', 'Feb. 1', '2019-10-30')).toBe('2019-02-01');
  });
});

describe('days counted from other days', () => {
  it('"the week of June 10" is that ISO week', () => {
    expect(one('A hearing is set for the week of June 10.', 'the week of June 10')).toMatchObject({
      value: '2019-W24',
      precision: 'week',
    });
  });

  it('"the day before/after X" is a day off X', () => {
    expect(valueOf('Protesters gathered the day after Christmas.', 'the day after Christmas', '2020-01-07')).toBe(
      '2019-12-26',
    );
    expect(valueOf("The envoy arrived the day before last Friday's summit.", 'the day before last Friday')).toBe(
      '2019-05-23',
    );
  });

  it('"the next morning" is the day after the date just mentioned', () => {
    expect(valueOf('The storm hit on March 3, 2019. Crews returned the next morning.', 'the next morning')).toBe(
      '2019-03-04',
    );
  });
});

describe('weekdays: possessives and tense cues', () => {
  it('"Friday\'s offer" is the Friday past even in a future-tense sentence, "ahead of Thursday\'s vote" the one ahead', () => {
    expect(valueOf("Rebels rejected Friday's ceasefire offer and talks will resume.", 'Friday')).toBe('2019-05-24');
    expect(valueOf("Markets steadied ahead of Thursday's vote.", 'Thursday')).toBe('2019-05-30');
  });

  it('reads "plans" as a noun unless "plans to"', () => {
    expect(valueOf('On Friday, the minister set aside vacation plans for a trip.', 'Friday')).toBe('2019-05-24');
  });
});

describe('years, halves and centuries', () => {
  it('"the past year" is the year before the article', () => {
    expect(valueOf('Hate crimes rose sharply over the past year.', 'the past year')).toBe('2018');
  });

  it('halves in other words', () => {
    expect(valueOf('Deliveries resume in the first two quarters of 2020.', 'the first two quarters of 2020')).toBe(
      '2020-H1',
    );
    expect(valueOf('Output rose in the last half of 1989.', 'the last half of 1989')).toBe('1989-H2');
    expect(find("Output rose in the last half of the '80s.").map((t) => t.text)).toEqual(["the '80s"]);
  });

  it('"this century" is the article\'s', () => {
    expect(one('Wars defined this century.', 'this century', '1999-03-12')).toMatchObject({
      value: '19',
      precision: 'century',
    });
  });
});

describe('the quarter a results story reports', () => {
  const NOVEMBER = '1989-11-02';
  const values = (text: string) => find(text, NOVEMBER).map((t) => [t.text, t.value]);

  it('"this quarter" is the reported quarter in a report, the current one in a forecast', () => {
    expect(
      valueOf("Net fell in the third quarter. This quarter's loss includes a charge.", 'This quarter', NOVEMBER),
    ).toBe('1989-Q3');
    expect(valueOf('Sales will improve this quarter.', 'this quarter', NOVEMBER)).toBe('1989-Q4');
    expect(valueOf('Net fell in the third quarter. Orders are strong this quarter.', 'this quarter', NOVEMBER)).toBe(
      '1989-Q4',
    );
    expect(find('The quarter-to-quarter comparison improved.', NOVEMBER)).toEqual([]);
  });

  it('year-ago periods of the reported quarter', () => {
    expect(
      valueOf(
        'Profit rose in the third quarter from the corresponding period last year.',
        'the corresponding period last year',
        NOVEMBER,
      ),
    ).toBe('1988-Q3');
    expect(
      valueOf('Sales rose in the third quarter from the quarter a year ago.', 'the quarter a year ago', NOVEMBER),
    ).toBe('1988-Q3');
    expect(valueOf("Sales in the third quarter rose from last year's $1.5 billion.", 'last year', NOVEMBER)).toBe(
      '1988-Q3',
    );
  });

  it('the nine months take over from the quarter', () => {
    const text =
      'Profit rose in the third quarter from a year earlier. For the nine months, profit was flat against a year earlier.';
    expect(values(text)).toEqual([
      ['the third quarter', '1989-Q3'],
      ['a year earlier', '1988-Q3'],
      ['a year earlier', '1988'],
    ]);
  });

  it("a quarter passed in comparison does not become the story's", () => {
    const text =
      'Profit rose in the third quarter. After a weak second quarter, demand recovered. Sales topped those of a year ago.';
    expect(valueOf(text, 'a year ago', NOVEMBER)).toBe('1988-Q3');
  });

  it("a fiscal quarter reported within its own calendar quarter is the story's", () => {
    expect(
      valueOf(
        'The company reported fourth-quarter earnings that fell 47% from a year earlier.',
        'a year earlier',
        NOVEMBER,
      ),
    ).toBe('1988-Q4');
  });

  it('keeps the quarter in view over a longer story', () => {
    const filler = ' The company also said its outlook was unchanged and its dividend would stay the same.'.repeat(8);
    const text = `Net income rose in the third quarter.${filler} Sales were higher than a year ago.`;
    expect(valueOf(text, 'a year ago', NOVEMBER)).toBe('1988-Q3');
  });
});
