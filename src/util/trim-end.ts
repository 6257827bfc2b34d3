/**
 * Drops the characters at the end of a text that `drop` matches, one at a time from the end: linear, where
 * `text.replace(/[...]+$/, '')` retries from every position of a long run that is not at the end (quadratic).
 */
export function trimEndWhere(text: string, drop: RegExp): string {
  let end = text.length;
  while (end > 0 && drop.test(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}
