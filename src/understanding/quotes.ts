/**
 * Quotes with their speaker, where the text attributes them:
 *   “…,” Conte told journalists.   “…,” said Conte.   Conte said: “…”   “…,” he said.  (he = the last person named before)
 */
import { trimEndWhere } from '../util/trim-end.ts';

const SPEECH_VERBS =
  'said|says|told|tells|added|adds|stated|warned|warns|declared|insisted|explained|wrote|tweeted|asked|noted|stressed|argued|announced|urged|claimed|replied|recalled|acknowledged|admitted|conceded|vowed|pledged|promised';
const OPEN = '["“]';
const CLOSE = '["”]';

export interface QuoteSpan {
  text: string;
  start: number;
  end: number;
  /** Where the speaker's name is, or null for a pronoun ("he said"). */
  speakerStart: number | null;
  speakerEnd: number | null;
}

const QUOTE_RE = new RegExp(`${OPEN}([^"“”]{12,1200})${CLOSE}`, 'g');
const AFTER_RE = new RegExp(
  // eslint-disable-next-line regexp/no-super-linear-backtracking -- bounded: run on the 80 characters after a quote only (findQuotes)
  `^\\s*,?\\s*(?:(${SPEECH_VERBS})\\s+)?([\\p{Lu}][\\p{L}\\p{M}'’.-]*(?:\\s+[\\p{Lu}][\\p{L}\\p{M}'’.-]*)*|he|she|they)\\b(?:\\s+(${SPEECH_VERBS}))?`,
  'u',
);
const BEFORE_RE = new RegExp(
  // eslint-disable-next-line regexp/no-super-linear-backtracking, regexp/no-super-linear-move -- bounded: run on at most the 300 characters before a quote (findQuotes)
  `([\\p{Lu}][\\p{L}\\p{M}'’.-]*(?:\\s+[\\p{Lu}][\\p{L}\\p{M}'’.-]*)*|he|she)\\s+(?:${SPEECH_VERBS})(?:\\s+\\w+){0,3}?\\s*[:,]?\\s*$`,
  'u',
);

/** Finds attributed quotes in a text. Speaker offsets point at a name in the text, or are null for a pronoun. */
export function findQuotes(text: string): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  for (const m of text.matchAll(QUOTE_RE)) {
    const inner = trimEndWhere(m[1].trim(), /[,\s]/u);
    if (inner.split(/\s+/).length < 4) continue;
    const start = m.index!;
    const end = start + m[0].length;
    const after = AFTER_RE.exec(text.slice(end, end + 80));
    if (after && (after[1] || after[3])) {
      const who = after[2];
      const pronoun = /^(he|she|they)$/i.test(who);
      const at = end + after[0].indexOf(who, after[1] ? after[1].length : 0);
      out.push({
        text: inner,
        start,
        end,
        speakerStart: pronoun ? null : at,
        speakerEnd: pronoun ? null : at + who.length,
      });
      continue;
    }
    const lineStart = Math.max(text.lastIndexOf('\n', start) + 1, start - 120);
    const before = BEFORE_RE.exec(text.slice(Math.max(lineStart, start - 300), start)); // bounded: the pattern is quadratic in what it scans
    if (before) {
      const who = before[1];
      const pronoun = /^(he|she)$/i.test(who);
      const at = lineStart + before.index;
      out.push({
        text: inner,
        start,
        end,
        speakerStart: pronoun ? null : at,
        speakerEnd: pronoun ? null : at + who.length,
      });
    }
  }
  return out;
}
