import { createHash } from 'node:crypto';
import type { Article } from '../../src/corpus/types.ts';

/** An article of our own writing, shaped as the loader would hand it over. */
export function article(
  id: string,
  date: string | null,
  title: string,
  body: string,
  source: string | null = null,
): Article {
  return {
    id,
    title,
    body,
    date,
    source,
    url: null,
    words: body.split(/\s+/).filter(Boolean).length,
    path: `${id}.txt`,
    contentHash: createHash('sha1').update(`${title}\n${body}`).digest('hex'),
    groupId: id,
  };
}

export const CLI_INVOKER = {
  platform: 'cli',
  userId: 'test',
  channelId: null,
  isDirectMessage: true,
  canManageChannel: false,
} as const;

/** A small corpus about an invented country, written for these tests: nothing in it comes from the sample articles. */
export const INVENTED: Article[] = [
  article(
    'kor-1',
    '2021-03-15',
    'Veloria minister meets rebels',
    `Veloria's Foreign Minister Amira Haddad met leaders of the National Salvation Front (NSF) in Port Alden on Saturday, her office said.

The talks were the first since January, when fighting around Port Alden forced thousands from their homes.

"We are ready to sign a ceasefire within days," Haddad told reporters after the meeting.

NSF commander Tomas Verhoeven, who controls much of the northern province, said his forces would observe a truce.

Dr. Haddad will travel to Geneva next week for talks with United Nations envoy Lena Sorensen.

The fighting has killed at least 120 people and wounded over 900, according to the Red Crescent.`,
    'Veloria Times',
  ),
  article(
    'kor-2',
    '2021-03-22',
    'Truce holds in Port Alden',
    `A truce between the government and the NSF held for a third day on Monday in Port Alden, officials said.

Foreign Minister Amira Hadad, who returned from Geneva on Friday, said the agreement would be signed in April.

Her brother Omar Haddad, a businessman in the capital Velor, was arrested on Thursday on fraud charges, police said.

The death toll from the clashes rose to 135, the Red Crescent said.`,
    'Northern Courier',
  ),
  article(
    'kor-3',
    null,
    'Analysis: what the truce means',
    `The National Salvation Front has fought the government since 2015.

Analysts say Tomas Verhoeven, the NSF commander, gains most from the truce signed on Wednesday.

Verhoeven was born in Port Alden in the 1970s.`,
  ),
];
