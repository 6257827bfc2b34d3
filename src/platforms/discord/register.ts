import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Routes, type REST } from 'discord.js';
import type { CommandDefinition } from '../../commands/types.ts';
import { commandsHash, toDiscordCommands } from './definitions.ts';

export interface RegisterOptions {
  rest: REST;
  definitions: readonly CommandDefinition[];
  /** Found with GET /applications/@me when absent. */
  applicationId?: string;
  /** DISCORD_GUILD_ID: register to one server (updates at once; for development); global otherwise. */
  guildId?: string;
}

export interface RegisterResult {
  applicationId: string;
  scope: 'guild' | 'global';
  commands: string[];
  /** False when the definitions had not changed since the last registration and nothing was sent. */
  registered: boolean;
}

/** The file under DATA_DIR that remembers what was last registered. */
export const REGISTRATION_STATE_FILE = 'discord-commands.json';

/** Replaces the application's commands with exactly these (one bulk overwrite: removed commands disappear too). */
export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const applicationId = options.applicationId ?? (await fetchApplicationId(options.rest));
  const body = toDiscordCommands(options.definitions);
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  await options.rest.put(route, { body });
  return {
    applicationId,
    scope: options.guildId ? 'guild' : 'global',
    commands: body.map((c) => c.name),
    registered: true,
  };
}

/**
 * Registers only when the definitions (or the scope) changed since the last registration recorded in dataDir,
 * or always with force; either way the record is brought up to date.
 */
export async function registerIfChanged(
  options: RegisterOptions & { dataDir: string; force?: boolean },
): Promise<RegisterResult> {
  const applicationId = options.applicationId ?? (await fetchApplicationId(options.rest));
  const body = toDiscordCommands(options.definitions);
  const scope = options.guildId ? 'guild' : 'global';
  const hash = commandsHash(body, `${applicationId}:${scope}:${options.guildId ?? ''}`);
  const stateFile = path.join(options.dataDir, REGISTRATION_STATE_FILE);
  if (!options.force && (await readState(stateFile))?.hash === hash)
    return { applicationId, scope, commands: body.map((c) => c.name), registered: false };
  const result = await registerCommands({ ...options, applicationId });
  await writeState(stateFile, {
    hash,
    scope,
    guildId: options.guildId ?? null,
    commands: result.commands,
    registeredAt: new Date().toISOString(),
  });
  return result;
}

async function fetchApplicationId(rest: REST): Promise<string> {
  const app = (await rest.get(Routes.currentApplication())) as { id?: string };
  if (!app?.id)
    throw new Error('Discord did not say which application this token belongs to; set DISCORD_APPLICATION_ID');
  return app.id;
}

async function readState(file: string): Promise<{ hash?: string } | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { hash?: string };
  } catch {
    return null; // absent or unreadable: register, and write a fresh one
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a state file. */
async function writeState(file: string, state: Record<string, unknown>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state, null, 2) + '\n');
  await rename(temporary, file);
}
