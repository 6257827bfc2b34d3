/**
 * Text gathered from blocks of a page, tidied: each line trimmed, runs of blank lines cut to one, the whole trimmed.
 * The corpus's HTML reader and the page extractor both end with it.
 */
export function tidyLines(parts: string[]): string {
  return parts
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
