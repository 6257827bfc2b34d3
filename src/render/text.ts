import { formatDate } from '../briefing/format.ts';
import type { Briefing } from '../briefing/types.ts';
import { moreLine } from './fit.ts';

/** Plain text for the console, the CLI and logs: numbered citations [1] and a sources list at the end. */
export function renderText(b: Briefing): string {
  const numbers = new Map<string, number>();
  const ref = (id: string) => {
    if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
    return numbers.get(id)!;
  };
  const lines: string[] = [b.title];
  if (b.summary) lines.push(b.summary);
  for (const s of b.sections) {
    lines.push('', s.heading.toUpperCase());
    for (const item of s.items) {
      const cites = item.cites.length ? ' ' + item.cites.map((id) => `[${ref(id)}]`).join('') : '';
      lines.push(`- ${item.label ? `${item.label}: ` : ''}${item.text}${cites}`);
    }
    if (s.omitted) lines.push(`  ${moreLine(s.omitted, s.omittedNoun)}`);
  }
  if (b.note) lines.push('', b.note);
  if (numbers.size) {
    lines.push('', 'SOURCES');
    for (const [id, n] of numbers) {
      const c = b.citations[id];
      const meta = [c?.source, c?.date ? formatDate(c.date) : null].filter(Boolean).join(', ');
      lines.push(`[${n}] ${c?.title ?? id}${meta ? ` (${meta})` : ''} · ${id}`);
    }
  }
  return lines.join('\n');
}
