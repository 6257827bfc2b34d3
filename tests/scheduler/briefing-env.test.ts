import { describe, expect, it } from 'vitest';
import { BriefingFileError, parseBriefingFile } from '../../src/scheduler/briefing-files.ts';

/** A briefing file's ${VAR} must never put a secret from the environment into posted text (issue 15, item 9). */
const file = (channel: string, topic = 'harbour') => `
name: Harbour watch
schedule: "0 8 * * *"
target:
  platform: slack
  channel: "${channel}"
topics: ["${topic}"]
`;
const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-secret',
  DATABASE_URL: 'postgres://user:secret@db/briefbot',
  SLACK_DIGEST_CHANNEL: 'C0DIGEST',
  DISCORD_DIGEST_CHANNEL: '123456789012345678',
  BRIEFING_VAR_PORT_TOPIC: 'port authority',
};
const parse = (text: string) => parseBriefingFile(text, 'briefings/harbour.yaml', ENV, 'UTC');

describe('briefing files: ${VAR} from an allow-list only', () => {
  it('keeps ${SLACK_DIGEST_CHANNEL}, ${DISCORD_DIGEST_CHANNEL} and BRIEFING_VAR_ names working', () => {
    expect(parse(file('${SLACK_DIGEST_CHANNEL}')).target).toMatchObject({ channelId: 'C0DIGEST' });
    expect(parse(file('${DISCORD_DIGEST_CHANNEL}')).target).toMatchObject({ channelId: '123456789012345678' });
    expect(parse(file('${SLACK_DIGEST_CHANNEL}', '${BRIEFING_VAR_PORT_TOPIC}')).topics).toEqual(['port authority']);
  });

  it('refuses any other variable, secrets included, naming it but never showing its value', () => {
    for (const name of ['SLACK_BOT_TOKEN', 'DATABASE_URL', 'HOME']) {
      let error: unknown;
      try {
        parse(file('C0DIGEST', `\${${name}}`));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(BriefingFileError);
      expect((error as Error).message).toContain(`${name} may not be used in a briefing file`);
      expect((error as Error).message).not.toMatch(/secret|xoxb/);
    }
  });
});
