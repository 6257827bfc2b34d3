// `npm run discord:register [-- --if-changed]`: registers briefbot's slash commands with Discord, from the same
// definitions as every platform. Guild-scoped (instant) when DISCORD_GUILD_ID is set, global otherwise.
import { loadCommands } from '../src/commands/registry.ts';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { registerIfChanged } from '../src/platforms/discord/register.ts';
import { createDiscordRest } from '../src/platforms/discord/rest.ts';

async function main(): Promise<number> {
  const ifChanged = process.argv.includes('--if-changed');
  const { env, dataDir } = loadConfig();
  if (!env.DISCORD_TOKEN) {
    console.error('discord:register: set DISCORD_TOKEN (the bot token from the Discord developer portal)');
    return 2;
  }
  const rest = createDiscordRest({ token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL });
  const result = await registerIfChanged({
    rest,
    definitions: await loadCommands(),
    applicationId: env.DISCORD_APPLICATION_ID,
    guildId: env.DISCORD_GUILD_ID,
    dataDir,
    force: !ifChanged,
  });
  const where = result.scope === 'guild' ? `server ${env.DISCORD_GUILD_ID}` : 'every server and DM (global)';
  if (result.registered)
    console.log(`Registered ${result.commands.length} commands (/${result.commands.join(', /')}) for ${where}.`);
  else console.log(`Commands unchanged for ${where}; nothing sent.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Errors from discord.js name the route and status, never the token.
    console.error(
      `discord:register: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
