import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/commands/registry.ts';
import type { CommandDefinition } from '../../../src/commands/types.ts';
import { decodePageId, encodePageId, optionMaxLengths } from '../../../src/platforms/discord/custom-ids.ts';
import { toDiscordCommands } from '../../../src/platforms/discord/definitions.ts';
import {
  registerCommands,
  registerIfChanged,
  REGISTRATION_STATE_FILE,
} from '../../../src/platforms/discord/register.ts';
import { createDiscordRest } from '../../../src/platforms/discord/rest.ts';
import { FAKE_APPLICATION_ID, FakeDiscord } from '../../fakes/discord-api.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.Gfake1.abcdefghijklmnopqrstuvwxyz0123456789AB';

let fake: FakeDiscord;
let definitions: CommandDefinition[];
let dataDir: string;

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  definitions = await loadCommands();
  dataDir = await mkdtemp(path.join(tmpdir(), 'briefbot-discord-'));
});
afterAll(async () => {
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Discord command registration', () => {
  it('maps every definition to a slash command with typed options, required first, for servers and DMs', () => {
    const commands = toDiscordCommands(definitions);
    expect(commands.map((c) => c.name)).toEqual(definitions.map((d) => d.name));
    const timeline = commands.find((c) => c.name === 'timeline')!;
    expect(timeline.options.map((o) => [o.name, o.required, !!o.autocomplete])).toEqual([
      ['topic', true, true],
      ['from', false, false],
      ['to', false, false],
      ['dates', false, false],
      ['sentences', false, false],
    ]);
    for (const c of commands) {
      expect(c.contexts).toEqual([0, 1]);
      expect(c.integration_types).toEqual([0, 1]);
      expect(c.description.length).toBeLessThanOrEqual(100);
      const firstOptional = c.options.findIndex((o) => !o.required);
      if (firstOptional >= 0) expect(c.options.slice(firstOptional).every((o) => !o.required)).toBe(true);
    }
  });

  it('registers exactly the commands commands/ defines, to the guild when one is configured, and not again when nothing changed', async () => {
    const rest = createDiscordRest({ token: TOKEN, apiUrl: fake.apiUrl });
    const guildId = '200000000000000001';
    const first = await registerIfChanged({ rest, definitions, guildId, dataDir });
    expect(first).toMatchObject({ applicationId: FAKE_APPLICATION_ID, scope: 'guild', registered: true });
    const puts = fake.requestsTo(/commands$/, 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0].path).toBe(`/applications/${FAKE_APPLICATION_ID}/guilds/${guildId}/commands`);
    expect(puts[0].authorization).toBe(`Bot ${TOKEN}`);
    expect((puts[0].body as { name: string }[]).map((c) => c.name).sort()).toEqual(
      definitions.map((d) => d.name).sort(),
    );
    expect(puts[0].body).toEqual(toDiscordCommands(definitions));

    const again = await registerIfChanged({ rest, definitions, guildId, dataDir });
    expect(again.registered).toBe(false);
    expect(fake.requestsTo(/commands$/, 'PUT')).toHaveLength(1);
    const state = JSON.parse(await readFile(path.join(dataDir, REGISTRATION_STATE_FILE), 'utf8'));
    expect(state).toMatchObject({ scope: 'guild', guildId });
    expect(JSON.stringify(state)).not.toContain(TOKEN);

    // A changed description, or a move to global scope, registers again.
    const changed = definitions.map((d) => (d.name === 'help' ? { ...d, description: 'How to use briefbot' } : d));
    expect((await registerIfChanged({ rest, definitions: changed, guildId, dataDir })).registered).toBe(true);
    const global = await registerIfChanged({ rest, definitions: changed, dataDir, applicationId: FAKE_APPLICATION_ID });
    expect(global).toMatchObject({ scope: 'global', registered: true });
    expect(fake.requestsTo(/commands$/, 'PUT').map((r) => r.path)).toEqual([
      `/applications/${FAKE_APPLICATION_ID}/guilds/${guildId}/commands`,
      `/applications/${FAKE_APPLICATION_ID}/guilds/${guildId}/commands`,
      `/applications/${FAKE_APPLICATION_ID}/commands`,
    ]);
  });

  it('fails clearly when Discord refuses the token', async () => {
    const rest = createDiscordRest({ apiUrl: fake.apiUrl });
    await expect(registerCommands({ rest, definitions, applicationId: FAKE_APPLICATION_ID })).rejects.toThrow();
  });
});

describe('button ids', () => {
  it('carry command, page and arguments within 100 characters, and come back unchanged', () => {
    const timeline = definitions.find((d) => d.name === 'timeline')!;
    const max = optionMaxLengths(timeline);
    const args = { topic: 'Libya | Tripoli 100%', from: '2019-05-27', to: '2019-06-30' };
    const id = encodePageId({ command: 'timeline', page: 12, args }, timeline);
    expect(id).not.toBeNull();
    expect(id!.length).toBeLessThanOrEqual(100);
    expect(decodePageId(id!, definitions)).toEqual({ command: 'timeline', page: 12, args });
    // An id that cannot fit is refused (the answer then has no page buttons) rather than cut.
    expect(encodePageId({ command: 'timeline', page: 1, args: { topic: '|'.repeat(max.topic) } }, timeline)).toBeNull();
    expect(decodePageId('bb|p|1|nosuchcommand|x', definitions)).toBeNull();
    expect(decodePageId('something else', definitions)).toBeNull();
  });

  it('leaves room in every command for its longest arguments', () => {
    for (const d of definitions) {
      const max = optionMaxLengths(d);
      const args = Object.fromEntries(d.options.map((o) => [o.name, 'y'.repeat(max[o.name])]));
      expect(encodePageId({ command: d.name, page: 999, args }, d), d.name).not.toBeNull();
    }
  });
});
