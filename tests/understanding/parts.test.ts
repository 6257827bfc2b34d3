import { describe, expect, it } from 'vitest';
import { roleAfter, roleAs, roleBefore, roleOfPreviousSubject } from '../../src/understanding/descriptors.ts';
import { findFigures, findReporter } from '../../src/understanding/figures.ts';
import { coreWords, nameKey, similarWord } from '../../src/understanding/names.ts';
import { findQuotes } from '../../src/understanding/quotes.ts';
import { splitSentences, tokenize } from '../../src/understanding/tokenize.ts';

/** Descriptor helpers take the token index of a name inside a sentence. */
function roles(text: string, name: string) {
  const tokens = tokenize(text);
  const [sentence] = splitSentences(text, tokens);
  const at = text.indexOf(name);
  const first = tokens.findIndex((t) => t.start === at);
  const last = tokens.findIndex((t) => t.end === at + name.length);
  return {
    before: roleBefore(text, tokens, first, sentence.tokenStart),
    after: roleAfter(text, tokens, last + 1, sentence.tokenEnd),
    as: roleAs(text, tokens, last + 1, sentence.tokenEnd),
  };
}

describe('names', () => {
  it('meets spellings of one name under one key', () => {
    expect(nameKey('Fayez al-Sarraj')).toBe('fayez sarraj');
    expect(nameKey('Fayez Al Sarraj')).toBe('fayez sarraj');
    expect(nameKey('General Khalifa Haftar')).toBe('khalifa haftar');
    expect(nameKey('José Álvarez')).toBe('jose alvarez');
    expect(coreWords('Dr Amira El-Masri')).toEqual(['amira', 'masri']);
  });
  it('forgives one slip or a transliteration, not a different name', () => {
    expect(similarWord('serraj', 'sarraj')).toBe(true);
    expect(similarWord('marcon', 'macron')).toBe(true);
    expect(similarWord('gaddafi', 'qaddafi')).toBe(true);
    expect(similarWord('hafta', 'haftar')).toBe(true);
    expect(similarWord('david', 'edward')).toBe(false);
    expect(similarWord('ed', 'al')).toBe(false);
  });
});

describe('descriptors', () => {
  it('takes the role phrase before a name', () => {
    expect(roles('Talks were held with Italian Prime Minister Giuseppe Conte in Rome.', 'Giuseppe Conte').before).toBe(
      'Italian Prime Minister',
    );
    expect(roles('The mayor met eastern Libyan commander Omar Tarek on Friday.', 'Omar Tarek').before).toBe(
      'eastern Libyan commander',
    );
    expect(roles('Later, Permanent Secretary at the Ministry of Health Anna Borg spoke.', 'Anna Borg').before).toBe(
      'Permanent Secretary at the Ministry of Health',
    );
  });
  it('keeps honorifics and verbs out', () => {
    expect(roles('On his part, Dr Paul Grech said little.', 'Paul Grech').before).toBeNull();
    expect(roles('The minister urged Paul Grech to stay.', 'Paul Grech').before).toBeNull();
  });
  it('takes an appositive after the name and a role after "as"', () => {
    expect(roles('They met Sara Lind, Head of Coast Guard, in the port.', 'Sara Lind').after).toBe(
      'Head of Coast Guard',
    );
    expect(
      roles('Five officers were chosen by Ivan Petrov as leader of the Northern Alliance.', 'Ivan Petrov').as,
    ).toBe('leader of the Northern Alliance');
  });
  it('takes an appositive whose role noun has plain words before it, not a clause', () => {
    expect(roles('Lena Varga, the port director of Castrel, said trade fell.', 'Lena Varga').after).toBe(
      'port director of Castrel',
    );
    expect(roles('Omar Sato, a senior loan officer at Delta Bank, declined to comment.', 'Omar Sato').after).toBe(
      'senior loan officer at Delta Bank',
    );
    expect(roles('Lena Varga, who runs the port, said trade fell.', 'Lena Varga').after).toBeNull();
    expect(roles('Lena Varga, the port was told, would resign.', 'Lena Varga').after).toBeNull();
  });
});

describe('a role named a sentence before the person', () => {
  const role = (text: string) => {
    const tokens = tokenize(text);
    const [prev] = splitSentences(text, tokens);
    return roleOfPreviousSubject(text, tokens, prev.tokenStart, prev.tokenEnd);
  };
  it('takes the subject role phrase of the sentence before', () => {
    expect(
      role(
        'The EU envoy for Kosovo warned on Monday that talks could fail. Maria Lind told the council that both sides must return.',
      ),
    ).toBe('EU envoy for Kosovo');
    expect(role('The interior minister resigned on Friday. Paul Grech said he would stay.')).toBe('interior minister');
  });
  it('leaves other subjects alone', () => {
    expect(role('The talks failed on Monday. Maria Lind said she was sad.')).toBeNull();
    expect(role('The army said it had retaken the town. Maria Lind denied it.')).toBeNull();
  });
});

describe('a body running into a name', () => {
  it('splits the person off the end of a body name, and leaves ordinary bodies whole', async () => {
    const { splitBodyFromName } = await import('../../src/understanding/analyze-article.ts');
    const text =
      'He met the Secretary at the Ministry of Health and Social Affairs Anna Borg and the Bank of Valletta.';
    const span = (t: string) => ({
      text: t,
      type: 'organization' as const,
      start: text.indexOf(t),
      end: text.indexOf(t) + t.length,
    });
    const spans = splitBodyFromName(text, [
      span('Ministry of Health and Social Affairs Anna Borg'),
      span('Bank of Valletta'),
    ]);
    expect(spans.map((m) => [m.type, text.slice(m.start, m.end)])).toEqual([
      ['organization', 'Ministry of Health and Social Affairs'],
      ['person', 'Anna Borg'],
      ['organization', 'Bank of Valletta'],
    ]);
  });
});

describe('words that are property names of JavaScript objects', () => {
  it('reads "constructor" and "__proto__" as words', async () => {
    const { extractFromText } = await import('../../src/understanding/analyze-article.ts');
    const { entities } = extractFromText(
      'The constructor of the __proto__ toString plan met Omar Tarek in Velor.',
      null,
    );
    expect(entities.map((e) => e.text)).toContain('Omar Tarek');
  });
});

describe('sorting dates of every precision', () => {
  it('puts weeks, weekends, quarters and seasons where they begin', async () => {
    const { isoSortKey } = await import('../../src/understanding/statements.ts');
    const values = ['2019-06', '2019-W21-WE', '2019-Q1', '2019-SU', '2019-05-01', '2019'];
    expect(
      [...values].sort((a, b) => (isoSortKey(a) < isoSortKey(b) ? -1 : isoSortKey(a) > isoSortKey(b) ? 1 : 0)),
    ).toEqual(['2019', '2019-Q1', '2019-05-01', '2019-W21-WE', '2019-06', '2019-SU']);
  });
});

describe('quotes', () => {
  it('attributes a quote to a named speaker after it', () => {
    const text = '"We want the fighting to stop at once," Mayor Lucia Bruni told reporters.';
    const [q] = findQuotes(text);
    expect(q.text).toBe('We want the fighting to stop at once');
    expect(text.slice(q.speakerStart!, q.speakerEnd!)).toContain('Lucia Bruni');
  });
  it('finds "said X" and pronoun speakers', () => {
    const a = findQuotes('“This is only the beginning of the talks,” said Omar Tarek.');
    expect(a).toHaveLength(1);
    const b = findQuotes('“The port will reopen within a week,” he said.');
    expect(b[0].speakerStart).toBeNull();
  });
  it('ignores scare quotes', () => {
    expect(findQuotes('He called it a "farce" and left.')).toHaveLength(0);
  });
});

describe('figures', () => {
  it('reads casualty counts and who reported them', () => {
    const s = 'The clashes have killed at least 120 people and wounded over 1,400, according to the Red Crescent.';
    const f = findFigures(s);
    expect(f.map((x) => [x.measure, x.value])).toEqual([
      ['killed', 120],
      ['wounded', 1400],
    ]);
    expect(findReporter(s, [])).toBe('Red Crescent');
  });
  it('does not take years, money or percentages for figures', () => {
    expect(
      findFigures('In 2011, 40% of the $300 budget was spent and 12 people died.').map((f) => [f.measure, f.value]),
    ).toEqual([['killed', 12]]);
  });
});
