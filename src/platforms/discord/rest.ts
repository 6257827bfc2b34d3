import { REST } from 'discord.js';
import { trimEndWhere } from '../../util/trim-end.ts';

export interface DiscordRestOptions {
  /** Bot token; without it only interaction callbacks and webhook edits work (they are authorised by the interaction token). */
  token?: string;
  /** DISCORD_API_URL: another base URL (a rate-limit proxy, a local fake). Requests go to `${apiUrl}/v10/...`. */
  apiUrl?: string;
}

/** discord.js's REST client: rate limits (buckets, 429 Retry-After, the global limit) are its job. */
export function createDiscordRest(options: DiscordRestOptions): REST {
  const rest = new REST({ version: '10', ...(options.apiUrl ? { api: trimEndWhere(options.apiUrl, /\//) } : {}) });
  if (options.token) rest.setToken(options.token);
  return rest;
}
