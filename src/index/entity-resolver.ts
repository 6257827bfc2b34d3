import type { ArticleAnalysis, LocalEntity } from '../understanding/analysis-types.ts';
import { coreWords, editDistance, samePhonetic, similarWord, typoAllowance } from '../understanding/names.ts';
import type { EntityType } from '../understanding/types.ts';
import { TimeSlices } from '../util/time-slices.ts';
import { RootMembers } from './root-members.ts';

/**
 * Cross-document resolution: every article's local entities joined into one entity per real-world referent.
 * Union-find over local entities, with rules that hold for news names in general:
 *  - the same name key (titles, accents, "al-"/"el-" particles ignored): "Fayez al-Sarraj" = "Fayez Al Sarraj";
 *  - a full name with one slip or transliteration in either part: "Fayez al-Serraj", "Khalifa Hafta";
 *  - a surname alone, when exactly one person of that surname is known: "Sarraj";
 *  - an acronym an article defines: "LNA" = "Libyan National Army";
 *  - a body named with a leading adjective: "Libyan Government of National Accord" = "Government of National Accord".
 * Two people who share a surname stay apart: a bare surname shared by several known people is left alone.
 */

/**
 * What resolution knows of a local entity besides its article and mentions: its name as the article used it. The
 * same names recur across thousands of articles ("U.S.", a minister in every story of his ministry), so each
 * distinct shape is kept once and a node is two numbers: 200,000 articles hold some 2.7 million local entities.
 */
export interface NameShape {
  type: EntityType;
  /** The fullest form the article uses. */
  name: string;
  /** Every surface form the article uses. */
  forms: string[];
  acronym?: string;
  /** coreWords(name): every rule below compares these. Never mutated (shared). */
  words: string[];
}

/** Each placement index read when called (a part of a saved state each): a background fill reads one at a time. */
export type PlacementReaders = { readonly [K in keyof PlacementIndexes]: () => PlacementIndexes[K] };

/** A resolver's state as fromState takes it: the placement indexes may be read when first needed. */
export type SavedResolution = Omit<ResolverState, 'indexes'> & { indexes: PlacementIndexes | PlacementReaders };

/** A shape as a snapshot keeps it. */
type SavedShape = [type: EntityType, name: string, forms: string[], acronym?: string];

/** A per-node column of a saved resolution: a JSON array, or a view of the binary part (see exportColumns). */
type NodeColumn = number[] | Int32Array;

export interface ResolverState {
  runs: [string, number][];
  parent: NodeColumn;
  size: NodeColumn;
  shapes: SavedShape[];
  nodeShape: NodeColumn;
  nodeMentions: NodeColumn;
  /** Given to fromState as a function, they are read only when a name is next placed. */
  indexes: PlacementIndexes;
}

/** The indexes that place a new name: only adding articles needs them, so a restored resolver fills them then. */
export interface PlacementIndexes {
  byKey: [string, number][];
  personsByFirst: [string, number[]][];
  personsByLast: [string, number[]][];
  surnameIndex: [string, string[]][];
  acronyms: [string, number][];
  loneSurnames: [string, number[]][];
  loneOthers: [string, number[]][];
}

/** The placement indexes by name (a saved state keeps each as a part of its own). */
export const PLACEMENT_INDEXES = [
  'byKey',
  'personsByFirst',
  'personsByLast',
  'surnameIndex',
  'acronyms',
  'loneSurnames',
  'loneOthers',
] as const satisfies readonly (keyof PlacementIndexes)[];

export class EntityResolver {
  /** Per node: its article, its index among the article's local entities, its name shape and its mentions. */
  private nodeArticle: string[] = [];
  private nodeLocal: IntColumn;
  private nodeShape: IntColumn;
  private nodeMentions: IntColumn;
  private readonly shapes: NameShape[] = [];
  /** Each shape's id by its key; made when a name is first added after a restore (a restore takes the shapes as saved). */
  private shapeIds: Map<string, number> | null = new Map();
  /** Index of each article's first node: an article's nodes are added together, in local order. */
  private readonly firstNode = new Map<string, number>();
  /** Nodes of articles taken out (removeArticle): kept in the forest, in no entity's members. */
  private readonly removed = new Set<number>();
  /** Short names added but not placed yet: they are placed once every full name of their batch is (placeShortNames). */
  private shortPending: number[] = [];
  /** How many of shortPending are placed (placeShortNames with a limit places them a part at a time). */
  private shortPlaced = 0;
  private pendingIndexes: PlacementIndexes | PlacementReaders | null = null;
  private parent: IntColumn;
  private size: IntColumn;
  /** Members of each entity by its root, kept as unions happen so that nothing needs a full pass. */
  private membersOf = new RootMembers();
  /** Roots created or grown since the last takeChanges(), and roots absorbed into others. */
  private touched = new Set<number>();
  /** Every root counts as touched (a restored resolution, until its entity table is taken): no set of them all. */
  private everyRootTouched = false;
  private absorbed = new Set<number>();
  private readonly byKey = new Map<string, number>();
  /** Multi-word persons by normalised first and by last word, for one-slip matching. */
  private readonly personsByFirst = new Map<string, number[]>();
  private readonly personsByLast = new Map<string, number[]>();
  /** Surnames of multi-word persons and their one-letter deletions (symmetric-delete index for typos). */
  private readonly surnameIndex = new Map<string, string[]>();
  private readonly acronyms = new Map<string, number>();
  /** Single-word persons waiting for a full name ("Sarraj" before "Fayez al-Sarraj" is read). */
  private readonly loneSurnames = new Map<string, number[]>();
  /** Single-word non-person nodes by key, to re-type a surname the tagger called a place. */
  private readonly loneOthers = new Map<string, number[]>();

  /**
   * @param expectedNodes how many names it will hold, when known (a resolution made afresh over the articles of one
   *   held now): its node columns are made that large (and an eighth more), not grown by doubling, each doubling a
   *   copy of five columns at once (0.5 s of one turn at 2.7 million nodes).
   */
  constructor(expectedNodes = 0) {
    const capacity = Math.max(1024, Math.ceil(expectedNodes * (1 + RESTORED_ROOM)));
    [this.nodeLocal, this.nodeShape, this.nodeMentions, this.parent, this.size] = Array.from(
      { length: 5 },
      () => new IntColumn(capacity),
    );
  }

  /**
   * Everything the resolver has worked out, as plain data for a snapshot: restoring it skips the work of placing
   * every name again. Nodes are kept as runs of (article id, number of local entities), in the order they were added.
   */
  exportState(): ResolverState {
    return { ...this.exportNodes(), indexes: this.exportIndexes() };
  }

  /** The state without its placement indexes (written apart, read only when a name is next placed). */
  exportNodes(): Omit<ResolverState, 'indexes'> {
    return {
      ...this.exportNames(),
      parent: this.roots(),
      size: this.size.toArray(),
      nodeShape: this.nodeShape.toArray(),
      nodeMentions: this.nodeMentions.toArray(),
    };
  }

  /** The state's names (articles' runs of nodes, name shapes): JSON; the per-node columns go in exportColumns. */
  exportNames(): Pick<ResolverState, 'runs' | 'shapes'> {
    const runs: [string, number][] = [];
    for (const articleId of this.nodeArticle) {
      const last = runs[runs.length - 1];
      if (last && last[0] === articleId) last[1]++;
      else runs.push([articleId, 1]);
    }
    const shapes = this.shapes.map(
      ({ type, name, forms, acronym }): SavedShape =>
        acronym === undefined ? [type, name, forms] : [type, name, forms, acronym],
    );
    return { runs, shapes };
  }

  /**
   * The four per-node columns (each node's root, its set's size, its name shape, its mentions) as one Int32Array of
   * four equal runs, for a binary part: made by copying integers, where the JSON of millions of them held the event
   * loop (the resolution's part took 135 ms to make at 21k articles).
   */
  exportColumns(): Int32Array {
    const n = this.parent.length;
    const out = new Int32Array(4 * n);
    for (let i = 0; i < n; i++) out[i] = this.find(i);
    out.set(this.size.view(), n);
    out.set(this.nodeShape.view(), 2 * n);
    out.set(this.nodeMentions.view(), 3 * n);
    return out;
  }

  /** The columns of exportColumns, as fromState takes them; null when the bytes cannot be four equal runs. */
  static columnsOf(packed: Int32Array): Pick<ResolverState, 'parent' | 'size' | 'nodeShape' | 'nodeMentions'> | null {
    if (packed.length % 4 !== 0) return null;
    const n = packed.length / 4;
    const [parent, size, nodeShape, nodeMentions] = [0, 1, 2, 3].map((k) => packed.subarray(k * n, (k + 1) * n));
    return { parent, size, nodeShape, nodeMentions };
  }

  /** Each node's root, in node order. */
  private roots(): number[] {
    const out = new Array<number>(this.parent.length);
    for (let i = 0; i < out.length; i++) out[i] = this.find(i);
    return out;
  }

  exportIndexes(): PlacementIndexes {
    this.fillPendingIndexes();
    return {
      byKey: [...this.byKey],
      personsByFirst: [...this.personsByFirst],
      personsByLast: [...this.personsByLast],
      surnameIndex: [...this.surnameIndex],
      acronyms: [...this.acronyms],
      loneSurnames: [...this.loneSurnames],
      loneOthers: [...this.loneOthers],
    };
  }

  /**
   * A resolver as exportState() left it, over the same articles; null when the state does not fit them (then
   * rebuild). No analysis is read: the nodes' names are in the state. The placement indexes may come as a function,
   * called when a name is next placed (a restart that adds nothing never reads them). Every root counts as changed,
   * unless the caller restores the entity table too (takeChanges()).
   */
  static fromState(
    entityCount: (articleId: string) => number | undefined,
    state: SavedResolution,
  ): EntityResolver | null {
    try {
      return EntityResolver.rebuild(entityCount, state);
    } catch {
      return null; // not a state this version wrote: the caller resolves afresh
    }
  }

  private static rebuild(
    entityCount: (articleId: string) => number | undefined,
    state: SavedResolution,
  ): EntityResolver | null {
    const r = new EntityResolver();
    const { parent, size, shapes, nodeShape, nodeMentions } = state;
    const nodes = parent.length;
    // addAddress, a run at a time (2.7 million nodes at 200k articles): the local numbers into a column of its final
    // length; the article ids pushed, so that the array keeps room to grow (one made at its final length copied all of
    // itself at the first name added after the restart, ~0.1 s).
    const nodeArticle: string[] = [];
    const nodeLocal = new Int32Array(nodes);
    let at = 0;
    for (const [articleId, count] of state.runs) {
      // A run continues an article when nodes of it were added in two batches.
      const already = at > 0 && nodeArticle[at - 1] === articleId ? nodeLocal[at - 1] + 1 : 0;
      if (!(count > 0 && already + count <= (entityCount(articleId) ?? 0) && at + count <= nodes)) return null;
      // The article's first node is set once.
      if (!r.firstNode.has(articleId)) r.firstNode.set(articleId, at);
      for (let k = already; k < already + count; k++) {
        nodeArticle.push(articleId);
        nodeLocal[at++] = k;
      }
    }
    if (at !== nodes) return null;
    r.nodeArticle = nodeArticle;
    r.nodeLocal = IntColumn.from(nodeLocal, RESTORED_ROOM);
    if (size.length !== nodes || nodeShape?.length !== nodes || nodeMentions?.length !== nodes) return null;
    if (
      !parent.every((p) => parent[p] === p) ||
      !(typeof state.indexes?.byKey === 'function' || Array.isArray(state.indexes?.byKey))
    )
      return null;
    // Saved as made: one shape a key, in id order; their ids by key are worked out when a new name comes.
    r.shapeIds = null;
    for (const [type, name, forms, acronym] of shapes) r.shapes.push(r.newShape(type, name, forms, acronym));
    if (!nodeShape.every((k) => k >= 0 && k < r.shapes.length)) return null;
    [r.nodeShape, r.nodeMentions, r.parent, r.size] = [
      IntColumn.from(nodeShape, RESTORED_ROOM),
      IntColumn.from(nodeMentions, RESTORED_ROOM),
      IntColumn.from(parent, RESTORED_ROOM),
      IntColumn.from(size, RESTORED_ROOM),
    ];
    r.membersOf = RootMembers.fromRoots(r.parent.view());
    r.everyRootTouched = true;
    r.pendingIndexes = state.indexes;
    return r;
  }

  /**
   * Fills the placement indexes of a restored resolver, the first time a name is to be placed. Should indexes read
   * late prove unreadable, they are worked out again from the nodes, whose names the resolver holds.
   */
  private fillPendingIndexes(): void {
    const pending = this.pendingIndexes;
    if (!pending) return;
    this.pendingIndexes = null;
    let saved: PlacementIndexes | null;
    try {
      saved = readAll(pending);
    } catch {
      saved = null;
    }
    if (!saved || !PLACEMENT_INDEXES.every((key) => Array.isArray(saved[key]))) {
      this.replay();
      return;
    }
    const maps = this.placementMaps();
    for (const key of PLACEMENT_INDEXES) {
      const map = maps[key];
      for (const [k, v] of saved[key] as [string, unknown][]) map.set(k, v);
    }
  }

  /**
   * Fills the placement indexes of a restored resolver in the background, in time slices (the service does it once
   * ready), so that the first name placed after a restart does not wait for them (2.6 s at 200k articles). The saved
   * indexes are read one at a time (in one step, all seven held the loop 0.67 s at 200k), each then set entry by
   * entry; should a name be placed meanwhile, fillPendingIndexes sets them all at once (those read already are not
   * read again; setting an entry twice changes nothing) and this stops.
   */
  async fillIndexesInBackground(slices = new TimeSlices()): Promise<void> {
    const pending = this.pendingIndexes;
    if (!pending) return;
    const read: Partial<Record<keyof PlacementIndexes, [string, unknown][]>> = {};
    // From here on, a fill on demand takes what this has read and reads the rest.
    const readers = Object.fromEntries(
      PLACEMENT_INDEXES.map((key) => [key, () => (read[key] ??= readOne(pending, key) as [string, unknown][])]),
    ) as unknown as PlacementReaders;
    this.pendingIndexes = readers;
    const maps = this.placementMaps();
    for (const key of PLACEMENT_INDEXES) {
      await slices.tick();
      if (this.pendingIndexes !== readers) return; // filled on demand meanwhile
      let entries: [string, unknown][];
      try {
        entries = readers[key]() as [string, unknown][];
      } catch {
        return; // unreadable: fillPendingIndexes works them out when a name is placed
      }
      if (!Array.isArray(entries)) return;
      for (let i = 0; i < entries.length; i++) {
        if (i % 1024 === 0) {
          await slices.tick();
          if (this.pendingIndexes !== readers) return;
        }
        maps[key].set(entries[i][0], entries[i][1]);
      }
    }
    if (this.pendingIndexes === readers) this.pendingIndexes = null;
  }

  /** The map each placement index fills, by its name. */
  private placementMaps(): Record<keyof PlacementIndexes, Map<string, unknown>> {
    return {
      byKey: this.byKey,
      personsByFirst: this.personsByFirst,
      personsByLast: this.personsByLast,
      surnameIndex: this.surnameIndex,
      acronyms: this.acronyms,
      loneSurnames: this.loneSurnames,
      loneOthers: this.loneOthers,
    };
  }

  /** Resolves every node again, in the order read: full names, then short ones. */
  private replay(): void {
    for (const map of [
      this.membersOf,
      this.byKey,
      this.personsByFirst,
      this.personsByLast,
      this.surnameIndex,
      this.acronyms,
      this.loneSurnames,
      this.loneOthers,
    ])
      map.clear();
    const n = this.nodeArticle.length;
    this.parent = IntColumn.from(Array.from({ length: n }, (_, i) => i));
    this.size = IntColumn.from(new Array<number>(n).fill(1));
    const live = (i: number) => !this.removed.has(i);
    for (let i = 0; i < n; i++) {
      if (!live(i)) continue;
      this.membersOf.set(i, [i]);
      this.touched.add(i);
    }
    for (let i = 0; i < n; i++) if (live(i) && this.shape(i).words.length >= 2) this.placeFullName(i);
    for (let i = 0; i < n; i++) if (live(i) && this.shape(i).words.length < 2) this.placeShortName(i);
  }

  private addAddress(articleId: string, local: number): number {
    const i = this.nodeArticle.length;
    this.nodeArticle.push(articleId);
    this.nodeLocal.push(local);
    if (!this.firstNode.has(articleId)) this.firstNode.set(articleId, i);
    return i;
  }

  /** The one shape of this name as an article used it (made on first sight). */
  private shapeId(type: EntityType, name: string, forms: string[], acronym: string | undefined): number {
    const ids = (this.shapeIds ??= new Map(
      this.shapes.map((s, id) => [shapeKey(s.type, s.name, s.forms, s.acronym), id]),
    ));
    const key = shapeKey(type, name, forms, acronym);
    let id = ids.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push(this.newShape(type, name, forms, acronym));
      ids.set(key, id);
    }
    return id;
  }

  private newShape(type: EntityType, name: string, forms: string[], acronym: string | undefined): NameShape {
    return new Shape(type, name, forms, acronym, this.wordsByName);
  }

  get nodeCount(): number {
    return this.nodeArticle.length;
  }

  /** The name of a node as its article used it. */
  shape(i: number): NameShape {
    return this.shapes[this.nodeShape.at(i)];
  }

  mentionsOf(i: number): number {
    return this.nodeMentions.at(i);
  }

  articleOf(i: number): string {
    return this.nodeArticle[i];
  }

  /** The node's index among its article's local entities (ArticleAnalysis.entities). */
  localOf(i: number): number {
    return this.nodeLocal.at(i);
  }

  /** The node of an article's local entity, if it has one. */
  nodeOf(articleId: string, local: number): number | undefined {
    const first = this.firstNode.get(articleId);
    if (first === undefined) return undefined;
    const i = first + local;
    return this.nodeArticle[i] === articleId && this.nodeLocal.at(i) === local ? i : undefined;
  }

  /**
   * coreWords of a name, one array per distinct name: the same names recur across thousands of articles, and a
   * fresh array of fresh strings per mention of them was two fifths of the resolver's memory. Never mutated.
   */
  private readonly wordsByName = new Map<string, string[]>();

  find(i: number): number {
    const parent = this.parent;
    while (parent.at(i) !== i) {
      parent.set(i, parent.at(parent.at(i)));
      i = parent.at(i);
    }
    return i;
  }

  private union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size.at(ra) < this.size.at(rb)) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.size.set(ra, this.size.at(ra) + this.size.at(rb));
    // A group whose articles were all removed has no members left (removeArticle); it may still be joined.
    let into = this.membersOf.get(ra);
    if (!into) this.membersOf.set(ra, (into = []));
    for (const m of this.membersOf.get(rb) ?? []) into.push(m);
    this.membersOf.delete(rb);
    this.touched.add(ra);
    this.absorbed.add(rb);
    return ra;
  }

  /** Adds every local entity of these analyses; multi-word names first, so short forms find them. */
  addAnalyses(analyses: ArticleAnalysis[]): void {
    this.takeNames(analyses);
    this.placeShortNames();
  }

  /**
   * Adds the local entities of some articles of a batch and places their multi-word names; their short names wait
   * for placeShortNames(), so that they find every full name of the batch. Taking a large batch in parts keeps only
   * the nodes in memory, not the analyses, and gives the same entities as taking it whole: a full name is placed
   * against full names read before it and short names of earlier batches only.
   */
  takeNames(analyses: ArticleAnalysis[]): void {
    this.fillPendingIndexes();
    for (const a of analyses) {
      for (const local of a.entities) {
        const i = this.addNode(a.articleId, local);
        if (this.shape(i).words.length >= 2) this.placeFullName(i);
        else this.shortPending.push(i);
      }
    }
  }

  /**
   * Places the short names taken since the last call, in the order they were read; at most `limit` of them (the
   * rest stay pending for the next call). True when none is left pending.
   */
  placeShortNames(limit = Infinity): boolean {
    const pending = this.shortPending;
    const end = Math.min(pending.length, this.shortPlaced + limit);
    while (this.shortPlaced < end) this.placeShortName(pending[this.shortPlaced++]);
    if (this.shortPlaced < pending.length) return false;
    this.shortPending = [];
    this.shortPlaced = 0;
    return true;
  }

  /**
   * Takes an article's names out of the entities, in O(its names + the members of the entities they were in): its
   * nodes leave their entities' member lists, an entity left without members goes (reported as gone by
   * takeChanges), the others count as changed (their records lose the article). The nodes stay in the union-find
   * forest as removed: two entities that only this article joined stay joined, and a name it alone made ambiguous
   * stays so, until the resolution is built afresh (the engine does that in the background, see resolve-afresh.ts).
   */
  removeArticle(articleId: string): void {
    const first = this.firstNode.get(articleId);
    if (first === undefined) return;
    this.firstNode.delete(articleId);
    const byRoot = new Map<number, Set<number>>();
    for (let i = first; i < this.nodeArticle.length && this.nodeArticle[i] === articleId; i++) {
      if (this.removed.has(i)) break;
      this.removed.add(i);
      const root = this.find(i);
      const nodes = byRoot.get(root);
      if (nodes) nodes.add(i);
      else byRoot.set(root, new Set([i]));
    }
    for (const [root, nodes] of byRoot) {
      const left = (this.membersOf.get(root) ?? []).filter((m) => !nodes.has(m));
      if (left.length) {
        this.membersOf.set(root, left);
        this.touched.add(root);
      } else {
        this.membersOf.delete(root);
        this.touched.delete(root);
        this.absorbed.add(root);
      }
    }
  }

  /** Nodes of removed articles still in the forest: while there are any, the resolution is not one a fresh build gives. */
  get removedNodes(): number {
    return this.removed.size;
  }

  private addNode(articleId: string, local: LocalEntity): number {
    const i = this.addAddress(articleId, local.local);
    this.nodeShape.push(this.shapeId(local.type, local.name, local.forms, local.acronym));
    this.nodeMentions.push(local.mentions);
    this.parent.push(i);
    this.size.push(1);
    this.membersOf.set(i, [i]);
    this.touched.add(i);
    return i;
  }

  private placeFullName(i: number): void {
    const local = this.shape(i);
    const { words } = local;
    const key = words.join(' ');
    const same = this.byKey.get(key);
    if (same !== undefined) this.union(same, i);
    else this.byKey.set(key, i);
    if (local.acronym) this.registerAcronym(local.acronym, i);
    if (local.type === 'person') this.placePerson(i, words);
    else {
      // "Libyan Government of National Accord" = "Government of National Accord", whichever was read first: the long
      // form joins the short one met before it, and leaves its tail (under "tail:") for a short one met after it.
      const longer = this.byKey.get(`tail:${key}`);
      if (longer !== undefined && this.shape(longer).type === local.type) this.union(longer, i);
      if (words.length >= 4) {
        const tail = words.slice(1).join(' ');
        const shorter = this.byKey.get(tail);
        if (shorter !== undefined && this.shape(shorter).type === local.type) this.union(shorter, i);
        if (!this.byKey.has(`tail:${tail}`)) this.byKey.set(`tail:${tail}`, i);
      }
    }
  }

  private placePerson(i: number, words: string[]): void {
    const first = words[0];
    const last = words[words.length - 1];
    const candidates = [...(this.personsByFirst.get(first) ?? []), ...(this.personsByLast.get(last) ?? [])];
    for (const j of candidates) {
      const other = this.shape(j).words;
      if (other.length === words.length && similarWord(first, other[0]) && similarWord(last, other[other.length - 1])) {
        this.union(i, j);
        break;
      }
    }
    push(this.personsByFirst, first, i);
    push(this.personsByLast, last, i);
    for (const variant of deletions(last)) push(this.surnameIndex, variant, last);
    // Lone surnames met before this full name now have a person to join, if they have no other.
    if (
      (this.loneSurnames.has(last) || this.loneOthers.has(last)) &&
      this.personsWithSurname(last, false).length === 1
    ) {
      for (const j of this.loneSurnames.get(last) ?? []) this.union(i, j);
      for (const j of this.loneOthers.get(last) ?? []) if (this.rarelyOnItsOwn(last, j)) this.union(i, j);
    }
  }

  private registerAcronym(acronym: string, i: number): void {
    const known = this.acronyms.get(acronym);
    if (known === undefined) this.acronyms.set(acronym, i);
    else if (this.find(known) !== this.find(i)) this.union(known, i);
    const key = acronym.toLowerCase();
    const lone = this.byKey.get(key);
    if (lone !== undefined && this.shape(lone).type !== 'person') this.union(lone, i);
  }

  private placeShortName(i: number): void {
    const local = this.shape(i);
    const { words } = local;
    const key = words.join(' ');
    const acronymOf = /^\p{Lu}[\p{Lu}\d&]+$/u.test(local.name.replace(/\./g, ''))
      ? this.acronyms.get(local.name.replace(/\./g, ''))
      : undefined;
    if (acronymOf !== undefined) {
      this.union(acronymOf, i);
      return;
    }
    // Only a word the tagger called a person may carry a slip; a place or body must match a surname exactly.
    const persons = this.personsWithSurname(key, local.type === 'person');
    // A word that is the surname of exactly one known person is that person, even where the tagger called it a
    // place or body, unless it is often used as such on its own.
    if (
      persons.length === 1 &&
      (local.type === 'person' || (/^\p{Lu}\p{Ll}/u.test(local.name) && this.rarelyOnItsOwn(key, i)))
    ) {
      this.union(persons[0], i);
      return;
    }
    const same = this.byKey.get(`${local.type}:${key}`);
    if (same !== undefined) this.union(same, i);
    else this.byKey.set(`${local.type}:${key}`, i);
    const existing = this.byKey.get(key);
    if (existing === undefined) this.byKey.set(key, i);
    push(local.type === 'person' ? this.loneSurnames : this.loneOthers, key, i);
  }

  /**
   * Fewer than three other lone uses of the word as a place or body. Counts to three and stops: a common word has
   * tens of thousands at 200k articles, and counting them all for each of its uses was quadratic (one article's names
   * took 0.5-0.7 s in the background resolution after a removal).
   */
  private rarelyOnItsOwn(key: string, i: number): boolean {
    let others = 0;
    for (const j of this.loneOthers.get(key) ?? []) if (j !== i && ++others >= 3) return false;
    return true;
  }

  /** Distinct persons (roots) whose surname is this word, exactly or (fuzzy) with one slip ("Hafta" -> "Haftar"). */
  private personsWithSurname(word: string, fuzzy = true): number[] {
    const exact = this.personsByLast.get(word);
    const roots = new Set<number>();
    if (exact) {
      for (const j of exact) roots.add(this.find(j));
      // Keep one node per person: the list stays as short as the number of people of that surname.
      if (roots.size < exact.length) this.personsByLast.set(word, [...roots]);
    }
    if (fuzzy && roots.size === 0 && word.length >= 5) {
      const surnames = new Set<string>();
      for (const v of deletions(word)) for (const s of this.surnameIndex.get(v) ?? []) surnames.add(s);
      for (const s of surnames) {
        if (editDistance(word, s, 1) <= Math.min(1, typoAllowance(word.length)) || samePhonetic(s, word)) {
          for (const j of this.personsByLast.get(s) ?? []) roots.add(this.find(j));
        }
      }
    }
    return [...roots];
  }

  /** Members of every entity, by root. */
  groups(): RootMembers {
    return this.membersOf;
  }

  members(root: number): number[] {
    return this.membersOf.get(this.find(root)) ?? [];
  }

  /**
   * The roots of every entity in the order their first name was read, a slice at a time (for a table built afresh,
   * see tableInSlices): no sort and no pass over every node in one go. Forgets the changes so far.
   */
  *rootsInOrder(): Generator<number> {
    this.touched = new Set();
    this.everyRootTouched = false;
    this.absorbed = new Set();
    for (let i = 0; i < this.nodeArticle.length; i++) if (this.membersOf.has(i)) yield i;
  }

  /** What changed since the last call: entities to (re)build, by root, and former roots now part of another. */
  takeChanges(): { changed: number[]; gone: number[] } {
    const gone = [...this.absorbed];
    const changed = this.everyRootTouched
      ? [...this.membersOf.keys()].sort((a, b) => a - b)
      : [...new Set([...this.touched].map((r) => this.find(r)))].filter((r) => this.membersOf.has(r));
    this.touched = new Set();
    this.everyRootTouched = false;
    this.absorbed = new Set();
    return { changed, gone };
  }

  typeOf(members: number[]): EntityType {
    const votes = new Map<EntityType, number>();
    for (const i of members) {
      const { type, words } = this.shape(i);
      votes.set(type, (votes.get(type) ?? 0) + this.nodeMentions.at(i) * (words.length >= 2 ? 2 : 1));
    }
    return [...votes].sort((a, b) => b[1] - a[1])[0][0];
  }
}

function push<K, V>(map: Map<K, V[]> | Map<K, Set<V>>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) (map as Map<K, V[]>).set(key, [value]);
  else if (Array.isArray(list)) list.push(value);
  else list.add(value);
}

/** The word and every form with one letter deleted. */
export function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** A growable column of 32-bit integers: a node costs 4 bytes in each, where a JS array of numbers costs 8. */
/**
 * A name shape whose words are worked out when first compared: a restart makes every saved shape (some 100,000 at
 * 200k articles, 0.29 s when each split its name at once) and compares few of them before the first answer. Shapes
 * with the same name share one words array (the resolver's cache).
 */
class Shape implements NameShape {
  readonly acronym?: string;
  #words: string[] | null = null;
  readonly #wordsByName: Map<string, string[]>;

  constructor(
    readonly type: EntityType,
    readonly name: string,
    readonly forms: string[],
    acronym: string | undefined,
    wordsByName: Map<string, string[]>,
  ) {
    if (acronym !== undefined) this.acronym = acronym;
    this.#wordsByName = wordsByName;
  }

  get words(): string[] {
    if (this.#words) return this.#words;
    let words = this.#wordsByName.get(this.name);
    if (!words) this.#wordsByName.set(this.name, (words = coreWords(this.name)));
    return (this.#words = words);
  }
}

/**
 * Room a restored resolver's node columns keep for names added while running: at 200k articles, 350,000 more nodes
 * before the five columns grow, which copied them all at the first name added after a restart (0.5 s of one turn).
 */
const RESTORED_ROOM = 1 / 8;

/** Every placement index, read now. */
function readAll(pending: PlacementIndexes | PlacementReaders): PlacementIndexes {
  return Object.fromEntries(
    PLACEMENT_INDEXES.map((key) => [key, readOne(pending, key)]),
  ) as unknown as PlacementIndexes;
}

function readOne<K extends keyof PlacementIndexes>(
  pending: PlacementIndexes | PlacementReaders,
  key: K,
): PlacementIndexes[K] {
  const value = pending[key];
  return (typeof value === 'function' ? (value as () => PlacementIndexes[K])() : value) as PlacementIndexes[K];
}

class IntColumn {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  /** A column of these values, with room for `room` times as many more before it must grow (and copy itself). */
  static from(values: ArrayLike<number>, room = 0): IntColumn {
    const column = new IntColumn(Math.max(1024, Math.ceil(values.length * (1 + room))));
    column.data.set(values);
    column.length = values.length;
    return column;
  }

  at(i: number): number {
    return this.data[i];
  }

  /** The column's values, without a copy (valid until it next grows). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** A plain array of the values (a loop: Array.from of millions of typed values is five times slower). */
  toArray(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.data[i];
    return out;
  }
}

/** A name shape's identity: its type, name, acronym and forms. */
function shapeKey(type: EntityType, name: string, forms: string[], acronym: string | undefined): string {
  return `${type}\u0000${name}\u0000${acronym ?? ''}\u0000${forms.join('\u0000')}`;
}
