import type { Engine } from '../index/types.ts';
import type { Precision } from '../understanding/types.ts';
import type { Citation } from './types.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const SEASONS: Record<string, string> = { SP: 'spring', SU: 'summer', FA: 'autumn', AU: 'autumn', WI: 'winter' };

/** A date as a reader scans it, at its precision: "25 May 2019", "May 2019", "week 21, 2019", "2019", "the 1990s". */
export function formatDate(value: string | null, precision?: Precision): string {
  if (!value) return 'date unknown';
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m) return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}`;
  m = /^(\d{4})-W(\d{2})(-WE)?$/.exec(value);
  if (m) return `${m[3] ? 'the weekend of ' : ''}week ${+m[2]}, ${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return `${MONTHS[+m[2] - 1]} ${m[1]}`;
  m = /^(\d{4})-(SP|SU|FA|AU|WI)$/.exec(value);
  if (m) return `${SEASONS[m[2]]} ${m[1]}`;
  m = /^(\d{4})-Q(\d)$/.exec(value);
  if (m) return `Q${m[2]} ${m[1]}`;
  if (/^\d{3}$/.test(value) || precision === 'decade') return `the ${value.slice(0, 3)}0s`;
  if (/^\d{2}$/.test(value)) return `the ${+value + 1}th century`;
  return value;
}

/** The citation record of an article, for a briefing's citations table. */
export function citationOf(engine: Engine, articleId: string): Citation {
  const a = engine.article(articleId);
  return {
    articleId,
    title: a?.title ?? articleId,
    date: a?.date ?? null,
    source: a?.source ?? null,
    url: a?.url ?? null,
  };
}

export function citationsFor(engine: Engine, ids: Iterable<string>): Record<string, Citation> {
  const out: Record<string, Citation> = {};
  for (const id of ids) out[id] = citationOf(engine, id);
  return out;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
