/** FEEDS_FILE (default feeds.yaml; absent means no feeds): the feeds to follow, checked with one clear line per problem. */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { NewFeed } from './store.ts';
import { POLL_TIMING, parseEvery } from './timing.ts';

export class FeedsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedsFileError';
  }
}

const entry = z.object({
  url: z
    .string()
    .url('must be an http(s) address')
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) address'),
  name: z.string().min(1).max(200).optional(),
  every: z.union([z.string(), z.number()]).optional(),
});
const schema = z.object({ feeds: z.array(entry).max(10_000).default([]) }).nullable();

/** The file's feeds; [] when there is no file. Throws FeedsFileError naming the file and entry. */
export function readFeedsFile(file: string): NewFeed[] {
  if (!existsSync(file)) return [];
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: 50 });
  } catch (err) {
    throw new FeedsFileError(
      `${file}: not valid YAML (${String((err as Error).message)
        .split('\n')[0]
        .slice(0, 100)})`,
    );
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FeedsFileError(
      `${file}: ${issue.path.join('.') || 'top level'}: ${issue.message} (expected "feeds:" with a list of "- url: https://...")`,
    );
  }
  return (parsed.data?.feeds ?? []).map((f, i) => {
    const every = f.every === undefined ? POLL_TIMING.defaultEveryMinutes : parseEvery(String(f.every));
    if (every === null)
      throw new FeedsFileError(
        `${file}: feeds.${i}.every: "${String(f.every).slice(0, 20)}" is not an interval such as 15m, 2h (at least 1m)`,
      );
    return {
      url: new URL(f.url).href,
      name: f.name ?? null,
      everyMinutes: every,
      origin: 'file' as const,
      addedBy: null,
    };
  });
}
