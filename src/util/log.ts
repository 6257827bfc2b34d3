import { pino, type Logger } from 'pino';
import { noteLogLine } from '../status/recent-errors.ts';

/** Every secret the service holds is registered here so no log line can ever carry it. */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

/** Replaces any registered secret, and anything shaped like a Slack or Discord token, with [redacted]. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out
    .replace(/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{8,}/g, '[redacted]')
    .replace(/\b[MN][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b/g, '[redacted]');
}

const redactingStream = {
  write(line: string) {
    const safe = redact(line);
    noteLogLine(safe); // errors with an id, for the status page
    process.stderr.write(safe);
  },
};

/** The service's logger: JSON lines on stderr (stdout is kept for answers), level from LOG_LEVEL. */
export const log: Logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: undefined }, redactingStream);

/** A short random id that ties an apology in chat to the log line with the cause. */
export function errorId(): string {
  return Math.random().toString(36).slice(2, 8).toUpperCase();
}
