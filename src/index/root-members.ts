/**
 * The members of each entity of the resolution, by root node: a Map's interface (the resolver's union, removal and
 * replay write it as one) over a packed base that a restore fills in one pass. At 200,000 articles a restore has
 * 2.7 million nodes: a Map of as many arrays took 0.66 s and hundreds of megabytes to build; the packed base is two
 * typed arrays, built by a counting sort of the parent column. A root's list is copied out of the base into the map
 * the first time it is read for writing (get), and the map's entry wins from then on.
 */
export class RootMembers {
  /** Base: the members of root r are order[start[r] .. start[r + 1]), ascending. Empty when nothing was restored. */
  private start = new Int32Array(1);
  private order = new Int32Array(0);
  /** Roots whose list was read or written since the base was built (their list lives here now). */
  private readonly overlay = new Map<number, number[]>();
  /** Base roots whose list is no longer the base's (moved to the overlay, or deleted). */
  private readonly gone = new Set<number>();
  /** Base roots still answered from the base. */
  private baseAlive = 0;

  /** Replaces everything with the groups of a parent column in which every node points at its root. */
  static fromRoots(parent: ArrayLike<number>): RootMembers {
    const members = new RootMembers();
    const n = parent.length;
    const start = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) start[parent[i] + 1]++;
    let roots = 0;
    for (let r = 0; r < n; r++) {
      if (start[r + 1] > 0) roots++;
      start[r + 1] += start[r];
    }
    const order = new Int32Array(n);
    const next = start.slice(0, n);
    for (let i = 0; i < n; i++) order[next[parent[i]]++] = i;
    members.start = start;
    members.order = order;
    members.baseAlive = roots;
    return members;
  }

  /** How many roots have members. */
  get size(): number {
    return this.overlay.size + this.baseAlive;
  }

  has(root: number): boolean {
    return this.overlay.has(root) || this.inBase(root);
  }

  /** The root's list, which the caller may change in place (it is the one kept); undefined when it has none. */
  get(root: number): number[] | undefined {
    const held = this.overlay.get(root);
    if (held || !this.inBase(root)) return held;
    const list = this.copyOfBase(root);
    this.leaveBase(root);
    this.overlay.set(root, list);
    return list;
  }

  /** A copy of the root's members, without moving them out of the base (reading every entity once: a restore). */
  copyOf(root: number): number[] | undefined {
    const held = this.overlay.get(root);
    if (held) return [...held];
    return this.inBase(root) ? this.copyOfBase(root) : undefined;
  }

  set(root: number, members: number[]): this {
    if (this.inBase(root)) this.leaveBase(root);
    this.overlay.set(root, members);
    return this;
  }

  delete(root: number): boolean {
    if (this.overlay.delete(root)) return true;
    if (!this.inBase(root)) return false;
    this.leaveBase(root);
    return true;
  }

  clear(): void {
    this.start = new Int32Array(1);
    this.order = new Int32Array(0);
    this.overlay.clear();
    this.gone.clear();
    this.baseAlive = 0;
  }

  /** Every root with members: the base's in node order, then those only in the overlay (callers sort if they need). */
  *keys(): Generator<number> {
    const baseRoots = this.start.length - 1;
    for (let r = 0; r < baseRoots; r++) {
      if (this.overlay.has(r) || this.inBase(r)) yield r;
    }
    for (const r of this.overlay.keys()) if (r >= baseRoots) yield r;
  }

  /** Every root's members (copies), in the order of keys(). */
  *values(): Generator<number[]> {
    for (const r of this.keys()) yield this.copyOf(r)!;
  }

  /** Whether the root's list is the base's (false at once for a resolver that restored nothing). */
  private inBase(root: number): boolean {
    return (
      this.baseAlive > 0 &&
      root >= 0 &&
      root + 1 < this.start.length &&
      this.start[root + 1] > this.start[root] &&
      !this.gone.has(root)
    );
  }

  private leaveBase(root: number): void {
    this.gone.add(root);
    this.baseAlive--;
  }

  private copyOfBase(root: number): number[] {
    const from = this.start[root];
    const to = this.start[root + 1];
    const list = new Array<number>(to - from);
    for (let k = from; k < to; k++) list[k - from] = this.order[k];
    return list;
  }
}
