import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandDefinition } from './types.ts';

/** The repository's commands/ folder: one module per command, each exporting its definition as default. */
export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

/** Loads every command module of a folder, in a stable order (help last), checking each definition's shape. */
export async function loadCommands(dir = COMMANDS_DIR): Promise<CommandDefinition[]> {
  const files = (await readdir(dir))
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.startsWith('_') && !f.endsWith('.d.ts'))
    .sort();
  const commands: CommandDefinition[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: CommandDefinition };
    const def = mod.default;
    if (!def || typeof def.name !== 'string' || typeof def.run !== 'function')
      throw new Error(`${file}: a command module must export a command definition as default`);
    if (!/^[a-z][a-z0-9_-]{0,31}$/.test(def.name))
      throw new Error(`${file}: command name “${def.name}” must be 1-32 characters of a-z, 0-9, - and _`);
    if (commands.some((c) => c.name === def.name)) throw new Error(`${file}: a second command named “${def.name}”`);
    if (def.options.filter((o) => o.rest).length > 1)
      throw new Error(`${file}: at most one option may take the rest of the text`);
    commands.push(def);
  }
  return commands.sort((a, b) => Number(a.name === 'help') - Number(b.name === 'help'));
}
