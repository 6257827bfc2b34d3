/**
 * The words a topic's story is told with besides its own name (pseudo-relevance feedback): a trial's sentences name
 * "Dr Murray" where the topic says "michael jackson", a spill's name the "rig" and the "Gulf". Rules as data.
 */
export const TOPIC_EXPANSION = {
  /** At most this many words are added to the topic's. */
  words: 10,
  /** A word added is used by at least this share of the sentences naming the topic... */
  minShare: 0.05,
  /** ...and at least this share of the sentences using it name the topic: it belongs to the story, not to the news. */
  minPrecision: 0.5,
};

/**
 * The words to add to a topic's, given each candidate sentence's words and whether it names the topic: the commonest
 * words of the naming sentences that mostly occur in them; most used first, alphabetical on ties. Linear in the words.
 */
export function expansionTerms(
  sentences: readonly ReadonlyMap<string, number>[],
  naming: readonly boolean[],
  topicTerms: readonly string[],
): string[] {
  const inNaming = new Map<string, number>();
  const inAll = new Map<string, number>();
  let namingCount = 0;
  sentences.forEach((terms, i) => {
    if (naming[i]) namingCount++;
    for (const w of terms.keys()) {
      inAll.set(w, (inAll.get(w) ?? 0) + 1);
      if (naming[i]) inNaming.set(w, (inNaming.get(w) ?? 0) + 1);
    }
  });
  const own = new Set(topicTerms);
  return [...inNaming]
    .filter(
      ([w, n]) =>
        !own.has(w) && n >= TOPIC_EXPANSION.minShare * namingCount && n / inAll.get(w)! >= TOPIC_EXPANSION.minPrecision,
    )
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOPIC_EXPANSION.words)
    .map(([w]) => w);
}
