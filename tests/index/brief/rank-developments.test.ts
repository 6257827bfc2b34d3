import { describe, expect, it } from 'vitest';
import { rankDevelopments } from '../../../src/index/brief/rank-developments.ts';
import type { Development } from '../../../src/index/types.ts';

const dev = (text: string, articleIds: string[]): Development => ({
  text,
  date: '2023-05-01',
  precision: 'day',
  articleIds,
});

describe('top developments of a brief', () => {
  it('puts the story most articles tell first, whatever its date', () => {
    const items = [
      dev('A bakery in Calder won a regional bread prize on Sunday.', ['a1']),
      dev('The ferry strike closed every harbour on the coast for a third day.', ['a2', 'a3', 'a4', 'a5']),
      dev('The ferry strike talks broke down after owners refused the harbour crews’ offer.', ['a6']),
    ];
    expect(rankDevelopments(items)[0].articleIds).toEqual(['a2', 'a3', 'a4', 'a5']);
  });

  it('puts a story central to the window before a side story told as often', () => {
    const items = [
      dev('A bakery in Calder won a regional bread prize on Sunday.', ['a1']),
      dev('Ferry crews extended the harbour strike along the coast.', ['a2']),
      dev('Harbour owners said the ferry strike cost the coast millions.', ['a3']),
      dev('Talks to end the ferry strike at the harbour resume on Monday.', ['a4']),
    ];
    expect(rankDevelopments(items).at(-1)!.articleIds).toEqual(['a1']);
  });

  it('keeps the order given between equals', () => {
    const items = [dev('One thing happened in Calder.', ['x']), dev('Another thing happened in Brennick.', ['y'])];
    expect(rankDevelopments(items).map((d) => d.articleIds[0])).toEqual(['x', 'y']);
  });
});
