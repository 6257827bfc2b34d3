import { buildDigest, digestJson } from '../src/briefing/digest.ts';
import type { CommandDefinition } from '../src/commands/types.ts';

/** /brief [TOPIC] [since DATE]: an on-demand briefing, in the same form as a scheduled digest. */
const brief: CommandDefinition = {
  name: 'brief',
  description: 'A briefing: top developments, people, key figures and what comes next',
  options: [
    { name: 'topic', description: 'A name or topic to brief on', rest: true, autocomplete: 'entity' },
    {
      name: 'since',
      description: 'Only articles from this date (2019-05 or 2019-05-27)',
      keyword: 'since',
      kind: 'date',
    },
  ],
  examples: ['brief', 'brief haftar', 'brief libya since 2019-05-01'],
  run({ topic, since }, { engine }) {
    const briefing = buildDigest(engine, { topic, since, maxTokens: 1500 });
    return { briefing, data: digestJson('brief', briefing) };
  },
};

export default brief;
