import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseInvocation } from '../../src/commands/parse.ts';
import { loadCommands } from '../../src/commands/registry.ts';
import { UsageError, type CommandDefinition } from '../../src/commands/types.ts';
import { hostileText, PROPERTY_TIMEOUT_MS, checkProperty } from './arbitraries.ts';

let commands: CommandDefinition[];
beforeAll(async () => {
  commands = [...(await loadCommands())];
});

describe('command parser (property)', () => {
  it(
    'any text: a command with string options, or a UsageError (the answer a person sees), nothing else',
    async () => {
      const typed = fc.oneof(
        hostileText(30),
        fc
          .tuple(fc.constantFrom('who ', 'timeline ', '/brief ', 'search ', 'sources ', 'who is '), hostileText(20))
          .map(([a, b]) => a + b),
      );
      await checkProperty(
        fc.property(typed, (text) => {
          try {
            const parsed = parseInvocation(text, commands);
            expect(commands.some((c) => c.name === parsed.name)).toBe(true);
            for (const value of Object.values(parsed.args))
              expect(['string', 'number', 'boolean']).toContain(typeof value);
          } catch (err) {
            expect(err).toBeInstanceOf(UsageError);
            expect((err as Error).message.length).toBeLessThan(400);
          }
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
