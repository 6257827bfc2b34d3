import { beforeAll, describe, expect, it } from 'vitest';
import { parseInvocation, toIsoPrefix } from '../../src/commands/parse.ts';
import { loadCommands } from '../../src/commands/registry.ts';
import type { CommandDefinition } from '../../src/commands/types.ts';
import { UsageError } from '../../src/commands/types.ts';

let commands: CommandDefinition[];
beforeAll(async () => {
  commands = await loadCommands();
});

describe('command parsing', () => {
  it('reads slash commands, bare words and chat phrasing alike', () => {
    expect(parseInvocation('/who haftar', commands)).toEqual({ name: 'who', args: { name: 'haftar' } });
    expect(parseInvocation('who is Fayez al-Sarraj?', commands)).toEqual({
      name: 'who',
      args: { name: 'Fayez al-Sarraj' },
    });
    expect(parseInvocation('<@U123ABC> who is conte', commands)).toEqual({ name: 'who', args: { name: 'conte' } });
    expect(parseInvocation('tell me about the LNA', commands)).toEqual({ name: 'who', args: { name: 'the LNA' } });
    expect(parseInvocation('brief', commands)).toEqual({ name: 'brief', args: {} });
    expect(parseInvocation('HELP', commands)).toEqual({ name: 'help', args: {} });
  });

  it('takes keyword options only when a date follows', () => {
    expect(parseInvocation('/timeline malta from 2019-01 to May 2019', commands)).toEqual({
      name: 'timeline',
      args: { topic: 'malta', from: '2019-01', to: '2019-05' },
    });
    expect(parseInvocation('/brief libya since 27 May 2019', commands)).toEqual({
      name: 'brief',
      args: { topic: 'libya', since: '2019-05-27' },
    });
    expect(parseInvocation('/search flights from syria', commands)).toEqual({
      name: 'search',
      args: { query: 'flights from syria' },
    });
    expect(parseInvocation('/timeline topic:malta from:2019', commands)).toEqual({
      name: 'timeline',
      args: { topic: 'malta', from: '2019' },
    });
  });

  it('answers bad input with a short usage error', () => {
    expect(() => parseInvocation('/frobnicate', commands)).toThrow(UsageError);
    expect(() => parseInvocation('/who', commands)).toThrow(/needs/);
    expect(() => parseInvocation('   ', commands)).toThrow(UsageError);
    expect(() => parseInvocation('/timeline malta from:2019-13-45', commands)).toThrow(/date/);
    expect(() => parseInvocation('who ' + 'x'.repeat(3000), commands)).toThrow(/too long/);
    expect(() => parseInvocation('/sources haftar', commands)).not.toThrow();
  });

  it('says a range that ends before it starts is backwards, and takes ranges of mixed precision', () => {
    expect(() => parseInvocation('/timeline malta from 2023 to 2019', commands)).toThrow(
      'That range ends before it starts (from 2023 to 2019); did you mean from 2019 to 2023?',
    );
    expect(() => parseInvocation('/trend haftar from 2019-06-02 to 2019-06-01', commands)).toThrow(/ends before/);
    expect(() => parseInvocation('/timeline malta from 2020 to 2019-05', commands)).toThrow(/ends before/);
    for (const fine of ['from 2019-06 to 2019', 'from 2019 to 2019-06', 'from 2019-05-27 to 2019-05-27'])
      expect(parseInvocation(`/timeline malta ${fine}`, commands).name).toBe('timeline');
  });

  it('reads dates people type', () => {
    expect(toIsoPrefix('2019')).toBe('2019');
    expect(toIsoPrefix('May 27, 2019')).toBe('2019-05-27');
    expect(toIsoPrefix('2019-02-30')).toBeNull();
    expect(toIsoPrefix('soon')).toBeNull();
  });
});
