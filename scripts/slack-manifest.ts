/**
 * `npm run slack:manifest`: writes slack-manifest.yml from the command definitions in commands/.
 *
 *   npm run slack:manifest                                   Socket Mode manifest (no public URL)
 *   npm run slack:manifest -- --request-url https://bot.example.com   HTTP mode: Slack calls https://…/slack/events
 *   npm run slack:manifest -- --stdout                       print instead of writing
 *   npm run slack:manifest -- --check                        exit 1 when slack-manifest.yml is out of date
 *
 * Names come from SLACK_COMMAND (default brief) and SLACK_DIRECT_COMMANDS, as at run time.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { loadCommands } from '../src/commands/registry.ts';
import { manifestYaml } from '../src/platforms/slack/manifest.ts';

const DEFAULT_OUT = fileURLToPath(new URL('../slack-manifest.yml', import.meta.url));

async function main(): Promise<number> {
  dotenv.config({ quiet: true } as dotenv.DotenvConfigOptions);
  const { values } = parseArgs({
    options: {
      'request-url': { type: 'string' },
      'app-name': { type: 'string' },
      out: { type: 'string', default: DEFAULT_OUT },
      stdout: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
    },
  });
  const directCommands = (process.env.SLACK_DIRECT_COMMANDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const yaml = manifestYaml(await loadCommands(), {
    appCommand: process.env.SLACK_COMMAND?.trim() || 'brief',
    directCommands,
    requestUrl: values['request-url'],
    appName: values['app-name'],
  });
  if (values.stdout) {
    process.stdout.write(yaml);
    return 0;
  }
  if (values.check) {
    const current = await readFile(values.out!, 'utf8').catch(() => '');
    if (current === yaml) return 0;
    process.stderr.write(`slack-manifest: ${values.out} is out of date; run npm run slack:manifest\n`);
    return 1;
  }
  await writeFile(values.out!, yaml);
  process.stderr.write(`slack-manifest: wrote ${values.out}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`slack-manifest: ${err.message}\n`);
    process.exit(2);
  },
);
