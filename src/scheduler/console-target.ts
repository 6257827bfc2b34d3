import type { Briefing } from '../briefing/types.ts';
import { renderText } from '../render/text.ts';
import type { DeliveryTarget } from './types.ts';

/** The console as a delivery target: digests and follow alerts printed to stdout (or any writer, for tests). */
export function consoleTarget(write: (text: string) => void = (t) => process.stdout.write(t)): DeliveryTarget {
  return {
    platform: 'console',
    async postBriefing(channelId: string, briefing: Briefing) {
      const where = channelId && channelId !== 'console' ? ` to ${channelId}` : '';
      write(`\n── scheduled digest${where} ──\n${renderText(briefing)}\n`);
    },
    async sendDirectMessage(userId: string, text: string) {
      write(`\n── message for ${userId} ──\n${text}\n`);
    },
  };
}
