import { describe, expect, it } from 'vitest';
import { RootMembers } from '../../src/index/root-members.ts';

function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The same groups as a plain Map of arrays, as the resolver kept them before. */
function mapOfRoots(parent: number[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  parent.forEach((root, i) => {
    const members = map.get(root);
    if (members) members.push(i);
    else map.set(root, [i]);
  });
  return map;
}

const sorted = (keys: Iterable<number>) => [...keys].sort((a, b) => a - b);

describe('the members of each root, packed', () => {
  it('answers as a Map of arrays does, through unions, removals, new nodes and a clear', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = generator(seed);
      const n = 1 + Math.floor(random() * 80);
      // A forest in which every node points at its root.
      const roots = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.3);
      if (!roots.length) roots.push(0);
      const parent = Array.from({ length: n }, (_, i) =>
        roots.includes(i) ? i : roots[Math.floor(random() * roots.length)],
      );
      for (const r of roots) parent[r] = r;
      const packed = RootMembers.fromRoots(Int32Array.from(parent));
      const model = mapOfRoots(parent);
      let next = n;
      for (let step = 0; step < 60; step++) {
        const keys = sorted(model.keys());
        const pick = () => keys[Math.floor(random() * keys.length)];
        const op = random();
        if (op < 0.3 && keys.length >= 2) {
          // union: b's members join a's list (changed in place), b goes
          const [a, b] = [pick(), pick()];
          if (a === b) continue;
          packed.get(a)!.push(...packed.get(b)!);
          model.get(a)!.push(...model.get(b)!);
          packed.delete(b);
          model.delete(b);
        } else if (op < 0.5 && keys.length) {
          // removal of some members
          const r = pick();
          const left = model.get(r)!.filter(() => random() < 0.5);
          if (left.length) {
            packed.set(r, [...left]);
            model.set(r, [...left]);
          } else {
            expect(packed.delete(r)).toBe(true);
            model.delete(r);
          }
        } else if (op < 0.7) {
          packed.set(next, [next]);
          model.set(next, [next]);
          next++;
        } else if (op < 0.72) {
          packed.clear();
          model.clear();
        }
        expect(packed.size, `seed ${seed}`).toBe(model.size);
        expect(sorted(packed.keys()), `seed ${seed}`).toEqual(sorted(model.keys()));
        for (let r = -1; r <= next; r++) {
          expect(packed.has(r)).toBe(model.has(r));
          expect(packed.copyOf(r)).toEqual(model.get(r));
        }
      }
    }
  });
});
