import fc from 'fast-check';

/** How many generated inputs each property gets: a few hundred in `npm test`, FUZZ_RUNS (100,000) in `npm run fuzz`. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** Inputs per fc.assert call: a long run is cut into chunks (each with its own seed) so the test worker can answer its runner. */
const CHUNK = 2000;

/** Checks a property on RUNS inputs, yielding to the event loop between chunks. */
export async function checkProperty(property: fc.IProperty<unknown>): Promise<void> {
  const seed = Date.now() ^ (Math.random() * 0x7fffffff);
  for (let done = 0, chunk = 0; done < RUNS; done += CHUNK, chunk++) {
    fc.assert(property, { numRuns: Math.min(CHUNK, RUNS - done), seed: (seed + chunk) | 0 });
    await new Promise((resolve) => setImmediate(resolve));
  }
}
/** Vitest's own bound for one property: generous, since `npm run fuzz` runs 100,000 inputs in it. */
export const PROPERTY_TIMEOUT_MS = Math.max(30_000, RUNS * 20);

/** Pieces that break parsers, escapers and mention filters, mixed with arbitrary code units. */
const HOSTILE_PIECES = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U12345>',
  '<@!1234567890>',
  '<@&987654321>',
  '<#C0123>',
  '<!subteam^S1|team>',
  '@everyone',
  '@here',
  '@\u200beveryone',
  '&',
  '&lt;',
  '<',
  '>',
  '*',
  '_',
  '~',
  '`',
  '```',
  '|',
  '\\',
  '\u200b',
  '\u202e',
  '\u2066',
  '\n',
  '\r\n',
  '\t',
  '  ',
  '[x](http://a)',
  '![i](u)',
  '**',
  '__',
  '# ',
  '> ',
  '- ',
  '<!--',
  '-->',
  '<div>',
  '</p>',
  '<script>',
  '{"text":',
  '"',
  ',',
  '}',
  ']',
  '[',
  '---\n',
  'Haftar',
  'said on Saturday',
  'in January 2019',
  '2019-05-27',
  '/brief',
  'who',
  'timeline',
  'from',
  'to',
  'since',
  ':',
  '2019',
  '31',
  'May',
  'next',
  'last',
  'week',
];

export const hostileText = (maxPieces = 40) =>
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ unit: 'binary', maxLength: 12 })), {
      maxLength: maxPieces,
    })
    .map((parts) => parts.join(''));

/** Mentions that would notify people if they reached Slack live. */
export const LIVE_SLACK_MENTION = /<(?:!(?:channel|here|everyone|subteam)|@[A-Z0-9])/i;
/** Mentions that would notify people if they reached Discord live (an @ followed directly by the word, or <@…>); a backslash before them makes them text. */
export const LIVE_DISCORD_MENTION = /(?<!\\)@(?:everyone|here)|(?<!\\)<(?:@[!&]?|#)\d/i;
