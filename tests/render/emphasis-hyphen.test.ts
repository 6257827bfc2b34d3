import { describe, expect, it } from 'vitest';
import { emphasize } from '../../src/render/fit.ts';

/** Found by the renderer property test: a hyphenated search word threw "Invalid escape" and lost the answer. */
describe('emphasize', () => {
  it('bolds hyphenated and dated words without throwing', () => {
    expect(emphasize('talks on 2019-05-27 in al-Bayda', ['2019-05-27', 'al-Bayda'], '*')).toBe(
      'talks on *2019-05-27* in *al-Bayda*',
    );
  });
});
