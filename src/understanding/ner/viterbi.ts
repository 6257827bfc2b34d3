/** First-order Viterbi over BILOU tags with the tag grammar built into the transition scores (-Infinity = forbidden). */
import { mayEnd, TAG_COUNT } from './tags.ts';

const T = TAG_COUNT;
const START = T;

/**
 * emissions: n*T scores; transitions: (T+1)*T, row START for the sentence start. Returns the best tag per token.
 * Scratch buffers are reused between calls (the tagger is synchronous, one sentence at a time).
 */
let scoreBuf = new Float64Array(0);
let backBuf = new Uint8Array(0);

/** For each tag, the tags allowed before it (the BILOU grammar leaves about a third), cached per transition table. */
const predecessorCache = new WeakMap<Float32Array, Uint8Array[]>();

function predecessors(transitions: Float32Array): Uint8Array[] {
  let lists = predecessorCache.get(transitions);
  if (!lists) {
    lists = [];
    for (let t = 0; t < T; t++) {
      const allowed: number[] = [];
      for (let p = 0; p < T; p++) if (transitions[p * T + t] !== -Infinity) allowed.push(p);
      lists.push(Uint8Array.from(allowed));
    }
    predecessorCache.set(transitions, lists);
  }
  return lists;
}

export function viterbi(emissions: Float64Array, n: number, transitions: Float32Array): Uint8Array {
  const tags = new Uint8Array(n);
  if (n === 0) return tags;
  if (scoreBuf.length < n * T) {
    scoreBuf = new Float64Array(n * T * 2);
    backBuf = new Uint8Array(n * T * 2);
  }
  const score = scoreBuf;
  const back = backBuf;
  const before = predecessors(transitions);
  for (let t = 0; t < T; t++) score[t] = transitions[START * T + t] + emissions[t];
  for (let i = 1; i < n; i++) {
    const row = i * T;
    const prevRow = row - T;
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let arg = 0;
      const allowed = before[t];
      for (let k = 0; k < allowed.length; k++) {
        const p = allowed[k];
        const s = score[prevRow + p] + transitions[p * T + t];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[row + t] = best + emissions[row + t];
      back[row + t] = arg;
    }
  }
  let best = -Infinity;
  let arg = 0;
  const last = (n - 1) * T;
  for (let t = 0; t < T; t++) {
    if (mayEnd(t) && score[last + t] > best) {
      best = score[last + t];
      arg = t;
    }
  }
  tags[n - 1] = arg;
  for (let i = n - 1; i > 0; i--) tags[i - 1] = back[i * T + tags[i]];
  return tags;
}
