// `npm run eval -- ner FILE`, `npm run eval -- time DIR` or `npm run eval -- tls DIR`: measures the understanding on a public benchmark.
const [kind, ...rest] = process.argv.slice(2);
const evaluators: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  ner: () => import('./eval/ner.ts'),
  time: () => import('./eval/time.ts'),
  extract: () => import('./eval/extract.ts'),
  tls: () => import('./eval/tls.ts'),
  'tls-dates': () => import('./eval/tls-dates.ts'),
};
const load = kind ? evaluators[kind] : undefined;
if (!load) {
  console.error(
    'usage: npm run eval -- ner ../shared/datasets/conll2003/dev.txt | time ../shared/datasets/tbaq | extract ../shared/datasets/article-extraction | tls ../shared/datasets/t17',
  );
  process.exit(2);
}
await (await load()).main(rest);
