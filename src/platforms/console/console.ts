import { createInterface } from 'node:readline';
import type { BotCore } from '../../app/types.ts';
import { renderText } from '../../render/text.ts';

/** The interactive console: the same commands as chat, typed on a terminal ("who haftar", "/timeline malta"). */
export function startConsole(
  bot: BotCore,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stdout,
  },
): Promise<void> {
  const interactive = Boolean((io.input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input: io.input, output: io.output, prompt: 'briefbot> ', terminal: interactive });
  const say = (text: string) => io.output.write(text + '\n');
  say(`briefbot console: ${bot.engine.stats.articles} articles loaded. Type "help", or "exit" to leave.`);
  rl.prompt();
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    // Answers are printed in the order asked, even when piped many at once.
    queue = queue.then(async () => {
      const text = line.trim();
      if (text === 'exit' || text === 'quit') return void rl.close();
      if (text) {
        const result = await bot.handleText(text, {
          platform: 'console',
          userId: 'console',
          channelId: 'console',
          isDirectMessage: true,
          canManageChannel: true,
        });
        say(renderText(result.briefing));
      }
      rl.prompt();
    });
  });
  return new Promise((resolve) => rl.on('close', () => void queue.then(resolve)));
}
