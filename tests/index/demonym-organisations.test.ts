import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/app/bot.ts';
import { article, CLI_INVOKER } from '../helpers/articles.ts';

/** An organisation named with a country adjective is the organisation: in whichever order the two forms are read. */
const LONG_FIRST = article(
  'd1',
  '2022-05-01',
  'Council meets',
  'The Veloran Council of Harbour Trustees met in Port Alden on Monday to discuss the new quay. Its members voted to delay the works.',
);
const SHORT_AFTER = article(
  'd2',
  '2022-05-03',
  'Trustees vote',
  'The Council of Harbour Trustees approved a loan for the quay on Wednesday. The vote was close.',
);

describe('demonym-prefixed organisations', () => {
  for (const [label, articles] of [
    ['long form first', [LONG_FIRST, SHORT_AFTER]],
    ['short form first', [SHORT_AFTER, LONG_FIRST]],
  ] as const) {
    it(`joins "Veloran Council of Harbour Trustees" and "Council of Harbour Trustees" (${label})`, async () => {
      const bot = await createBot({ articles: [...articles] });
      const { entity } = (await bot.handleText('/who council of harbour trustees', { ...CLI_INVOKER })).data as {
        entity: { articles: { id: string }[] };
      };
      expect(entity.articles.map((a) => a.id).sort()).toEqual(['d1', 'd2']);
    });
  }
});
