import type { CommandDefinition } from '../src/commands/types.ts';
import { loadCommands } from '../src/commands/registry.ts';

/** /help: every command with an example, written the way this platform expects it. */
const help: CommandDefinition = {
  name: 'help',
  description: 'How to use the bot',
  options: [],
  examples: ['help'],
  async run(_args, ctx) {
    const commands = await loadCommands();
    const syntax = ctx.syntax ?? ((s: string) => `/${s}`);
    const items = commands.map((c) => ({ label: syntax(c.examples[0]), text: c.description, cites: [] }));
    const s = ctx.engine.stats;
    return {
      data: {
        command: 'help',
        commands: commands.map((c) => ({ name: c.name, description: c.description, examples: c.examples.map(syntax) })),
      },
      briefing: {
        title: 'briefbot: news briefings from the articles',
        summary: `${s.articles} articles, ${s.entities} names. Every answer cites its articles.`,
        sections: [{ heading: 'Commands', items }],
        citations: {},
        note: 'Names are forgiving of case, accents, "al-" prefixes, transliterations and typos. Dates: 2019, 2019-05 or 2019-05-27.',
      },
    };
  },
};

export default help;
