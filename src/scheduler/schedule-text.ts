import { isTimeZone } from './cron.ts';

/**
 * Splits what follows "/schedule add": the schedule ("daily 08:00", a quoted or bare cron expression), then topics,
 * then an optional IANA time zone last. Topics are separated by commas ("haftar, tripoli"); without commas the words
 * are one topic, so "khalifa haftar" stays one name.
 */
export interface ParsedScheduleText {
  when: string;
  topics: string[];
  timeZone?: string;
}

const FRIENDLY = [
  /^(?:daily|every day|weekdays|every weekday)(?:\s+at)?\s+\d{1,2}(?::\d{2})?(?:\s*(?:am|pm))?/i,
  /^(?:weekly|every)\s+(?:sun|mon|tue|wed|thu|fri|sat)[a-z]*(?:\s+at)?\s+\d{1,2}(?::\d{2})?(?:\s*(?:am|pm))?/i,
  /^every\s+\d{1,2}\s+minutes?/i,
  /^(?:hourly|every hour)/i,
];

const CRON_FIELD =
  /^[\d*,\-/?#LW]+$|^(?:[\d*,\-/]*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)[\d*,\-/a-z]*)$/i;

export function parseScheduleText(text: string): ParsedScheduleText | null {
  let rest = text.trim().replace(/[“”]/g, '"');
  let when: string | null = null;
  const quoted = /^"([^"]+)"\s*/.exec(rest);
  if (quoted) {
    when = quoted[1].trim();
    rest = rest.slice(quoted[0].length);
  } else {
    for (const re of FRIENDLY) {
      const m = re.exec(rest);
      if (m && (rest.length === m[0].length || /\s/.test(rest[m[0].length]))) {
        when = m[0];
        rest = rest.slice(m[0].length);
        break;
      }
    }
  }
  if (!when) {
    const words = rest.split(/\s+/);
    const count =
      words.length >= 6 && words.slice(0, 6).every((w) => CRON_FIELD.test(w))
        ? 6
        : words.slice(0, 5).every((w) => CRON_FIELD.test(w))
          ? 5
          : 0;
    if (count === 0 || words.length < count) return null;
    when = words.slice(0, count).join(' ');
    rest = words.slice(count).join(' ');
  }
  const words = rest.trim().split(/\s+/).filter(Boolean);
  let timeZone: string | undefined;
  const last = words[words.length - 1];
  if (
    last &&
    (last.includes('/') || /^(?:UTC|GMT)$/i.test(last)) &&
    isTimeZone(last.replace(/^gmt$|^utc$/i, (z) => z.toUpperCase()))
  ) {
    timeZone = last.replace(/^gmt$|^utc$/i, (z) => z.toUpperCase());
    words.pop();
  } else if (last && last.includes('/')) {
    timeZone = last; // not valid: the service rejects it with the reason
    words.pop();
  }
  const topicText = words.join(' ');
  const topics = topicText.includes(',')
    ? topicText
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : topicText
      ? [topicText]
      : [];
  return { when, topics: topics.map((t) => t.replace(/^["']|["']$/g, '')), ...(timeZone ? { timeZone } : {}) };
}
