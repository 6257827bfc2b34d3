import { describe, expect, it } from 'vitest';
import { phoneticKey, samePhonetic } from '../../src/understanding/names.ts';

describe('phoneticKey (issue 15, item 9)', () => {
  it('is empty, never "undefined", for words without letters', () => {
    for (const word of ['', '1234567', '2019-05-27', '—', '٣٤٥']) expect(phoneticKey(word)).toBe('');
  });

  it('no two letterless words sound alike; spellings of one name still do', () => {
    expect(samePhonetic('1234567', '7654321')).toBe(false);
    expect(samePhonetic('', '')).toBe(false);
    expect(samePhonetic('Khalifa', 'Halifa')).toBe(true);
    expect(samePhonetic('Sarraj', 'Serraj')).toBe(true);
  });
});
