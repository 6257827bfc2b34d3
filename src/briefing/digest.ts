import type { BriefData, BriefQuery, Engine, KeyFigure } from '../index/types.ts';
import { fitBriefing } from './budget.ts';
import { citationsFor, formatDate, plural } from './format.ts';
import type { Briefing, BriefingItem, BriefingSection } from './types.ts';

export interface DigestOptions extends BriefQuery {
  title?: string;
  maxTokens?: number;
}

/**
 * The briefing of /brief and of every scheduled digest: top developments (one story told by several outlets once),
 * the people and organizations in the news, key figures with who reported them and how they changed, what comes next.
 */
export function buildDigest(engine: Engine, options: DigestOptions): Briefing {
  const data = engine.brief(options);
  const title = options.title ?? (options.topic ? `Briefing: ${options.topic}` : 'Briefing');
  if (data.articles.length === 0) {
    const what = options.topic ? ` about “${options.topic}”` : '';
    const since = options.since ? ` since ${formatDate(options.since)}` : '';
    return { title, sections: [], citations: {}, note: `Nothing new${what}${since}.` };
  }
  const sections: BriefingSection[] = [
    {
      heading: 'Top developments',
      items: data.developments.map((d) => ({
        label: d.date ? formatDate(d.date, d.precision) : undefined,
        text: d.text,
        cites: d.articleIds,
      })),
      omittedNoun: 'developments',
    },
    { heading: 'People and organizations in the news', items: peopleItems(data), omittedNoun: 'names' },
    { heading: 'Key figures', items: figureItems(data.figures), omittedNoun: 'figures' },
    {
      heading: 'Coming up',
      items: data.upcoming
        .filter((d) => !data.developments.some((x) => x.text === d.text))
        .map((d) => ({
          label: d.date ? formatDate(d.date, d.precision) : undefined,
          text: d.text,
          cites: d.articleIds,
        })),
      omittedNoun: 'items',
    },
  ].filter((s) => s.items.length > 0);
  const cited = new Set(sections.flatMap((s) => s.items.flatMap((i) => i.cites)));
  const dates = data.articles
    .map((a) => a.date)
    .filter((d): d is string => Boolean(d))
    .sort();
  const span = dates.length
    ? `, ${formatDate(dates[0])}${dates.length > 1 && dates[dates.length - 1] !== dates[0] ? ` to ${formatDate(dates[dates.length - 1])}` : ''}`
    : '';
  const briefing: Briefing = {
    title,
    summary: `${plural(data.articles.length, 'article')}${span}.`,
    sections,
    citations: citationsFor(engine, cited),
  };
  return options.maxTokens ? fitBriefing(briefing, options.maxTokens) : briefing;
}

function peopleItems(data: BriefData): BriefingItem[] {
  return data.people.map((p) => ({
    label: p.name,
    text: `${p.type}, ${plural(p.mentions, 'mention')} in ${plural(p.articleIds.length, 'article')}`,
    cites: p.articleIds.slice(0, 3),
  }));
}

const MEASURE_LABEL: Record<string, string> = {
  killed: 'Killed',
  wounded: 'Wounded',
  displaced: 'Displaced',
  arrested: 'Arrested',
  missing: 'Missing',
  migrants: 'Migrants',
  evacuated: 'Evacuated',
};

/** One line per measure: each report with its source, in the order reported ("430 (UN) → 510 (WHO)"). */
function figureItems(figures: KeyFigure[]): BriefingItem[] {
  const byMeasure = new Map<string, KeyFigure[]>();
  for (const f of figures) byMeasure.set(f.measure, [...(byMeasure.get(f.measure) ?? []), f]);
  return [...byMeasure].map(([measure, reports]) => ({
    label: MEASURE_LABEL[measure] ?? measure,
    text: reports
      .map(
        (r) =>
          `${r.value.toLocaleString('en-US')}${r.reportedBy ? ` (${r.reportedBy}${r.date ? `, ${formatDate(r.date)}` : ''})` : r.date ? ` (${formatDate(r.date)})` : ''}`,
      )
      .join(' → '),
    cites: [...new Set(reports.map((r) => r.articleId))],
  }));
}

/** The digest in the JSON shape of the contract. */
export function digestJson(command: string, b: Briefing): Record<string, unknown> {
  return {
    command,
    title: b.title,
    sections: b.sections.map((s) => ({
      heading: s.heading,
      items: s.items.map((i) => ({ text: i.label ? `${i.label}: ${i.text}` : i.text, articleIds: i.cites })),
    })),
  };
}
