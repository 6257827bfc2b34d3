/** briefbot on Discord: start it, register its commands, render briefings as embeds. */
export { startDiscord, type DiscordAdapter, type DiscordStartOptions } from './start.ts';
export { registerCommands, registerIfChanged, type RegisterOptions, type RegisterResult } from './register.ts';
export { createDiscordRest } from './rest.ts';
export { toDiscordCommands } from './definitions.ts';
export { INTERACTIONS_PATH } from './http-endpoint.ts';
