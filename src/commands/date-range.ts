import { formatDate } from '../briefing/format.ts';
import type { CommandOption } from './types.ts';

/** The [from DATE] [to DATE] options commands over a span of time share (/timeline, /trend). */
export const DATE_RANGE_OPTIONS: readonly CommandOption[] = [
  { name: 'from', description: 'Earliest date (2019, 2019-05 or 2019-05-27)', keyword: 'from', kind: 'date' },
  { name: 'to', description: 'Latest date (2019, 2019-05 or 2019-05-27)', keyword: 'to', kind: 'date' },
];

/** " (from May 2019 to 2020)", or "" without bounds: what a title says of its span. */
export function rangeText(from?: string, to?: string): string {
  return from || to
    ? ` (${from ? `from ${formatDate(from)}` : ''}${from && to ? ' ' : ''}${to ? `to ${formatDate(to)}` : ''})`
    : '';
}
