import { describe, expect, it } from 'vitest';
import {
  deletions,
  EntityResolver,
  PLACEMENT_INDEXES,
  type PlacementIndexes,
  type PlacementReaders,
} from '../../src/index/entity-resolver.ts';
import { TimeSlices } from '../../src/util/time-slices.ts';
import { NamesIndex, shareDeletion } from '../../src/index/names-index.ts';
import type { ArticleAnalysis, LocalEntity } from '../../src/understanding/analysis-types.ts';
import type { EntityType } from '../../src/understanding/types.ts';

/** Articles reduced to the local entities the understanding stage would hand over. */
function article(id: string, entities: [string, EntityType, string?][]): ArticleAnalysis {
  const locals: LocalEntity[] = entities.map(([name, type, acronym], local) => ({
    local,
    type,
    name,
    forms: [name],
    mentions: 1,
    sentences: [0],
    descriptors: [],
    ...(acronym ? { acronym } : {}),
  }));
  return {
    articleId: id,
    tokens: 0,
    lead: 0,
    leadSpan: null,
    entities: locals,
    statements: [],
    quotes: [],
    figures: [],
  };
}

function resolve(...articles: ArticleAnalysis[]): string[][] {
  const r = new EntityResolver();
  r.addAnalyses(articles);
  return [...r.groups().values()]
    .map((members) => members.map((i) => `${r.articleOf(i)}:${r.shape(i).name}`).sort())
    .sort();
}

describe('cross-document resolution', () => {
  it('joins spellings, slips and transliterations of one full name', () => {
    const groups = resolve(
      article('a', [['Fayez al-Sarraj', 'person']]),
      article('b', [['Fayez Al Sarraj', 'person']]),
      article('c', [['Fayez al-Serraj', 'person']]),
      article('d', [
        ['Khalifa Hafta', 'person'],
        ['Khalifa Haftar', 'person'],
      ]),
    );
    expect(groups).toContainEqual(['a:Fayez al-Sarraj', 'b:Fayez Al Sarraj', 'c:Fayez al-Serraj']);
    expect(groups).toContainEqual(['d:Khalifa Hafta', 'd:Khalifa Haftar']);
  });

  it('gives a lone surname to the one person of that name, whichever article comes first', () => {
    const groups = resolve(
      article('a', [['Sarraj', 'person']]),
      article('b', [['Fayez al-Sarraj', 'person']]),
      article('c', [['Sarraj', 'place']]),
    );
    expect(groups).toEqual([['a:Sarraj', 'b:Fayez al-Sarraj', 'c:Sarraj']]);
  });

  it('keeps two people of one surname apart, and a bare surname with neither', () => {
    const groups = resolve(
      article('a', [['Ed Miliband', 'person']]),
      article('b', [['David Miliband', 'person']]),
      article('c', [['Miliband', 'person']]),
    );
    expect(groups).toEqual([['a:Ed Miliband'], ['b:David Miliband'], ['c:Miliband']]);
  });

  it('joins an acronym to the body an article defined it for', () => {
    const groups = resolve(
      article('a', [['Northern Defence Front', 'organization', 'NDF']]),
      article('b', [['NDF', 'organization']]),
      article('c', [['Northern Defence Front', 'organization']]),
    );
    expect(groups).toEqual([['a:Northern Defence Front', 'b:NDF', 'c:Northern Defence Front']]);
  });

  it('joins a body named with a leading adjective to the body itself', () => {
    const groups = resolve(
      article('a', [['Government of National Unity', 'organization']]),
      article('b', [['Chadian Government of National Unity', 'organization']]),
    );
    expect(groups).toHaveLength(1);
  });
});

describe('a batch taken in parts', () => {
  const batch = () => [
    article('a', [
      ['Sarraj', 'person'],
      ['LNA', 'organization'],
    ]),
    article('b', [
      ['Fayez al-Sarraj', 'person'],
      ['Libyan National Army', 'organization', 'LNA'],
    ]),
    article('c', [
      ['Serraj', 'person'],
      ['Tripoli', 'place'],
    ]),
    article('d', [
      ['Fayez Al Sarraj', 'person'],
      ['Haftar', 'place'],
    ]),
    article('e', [
      ['Khalifa Haftar', 'person'],
      ['Tripoli', 'place'],
    ]),
  ];
  const groupsOf = (r: EntityResolver) =>
    [...r.groups().values()].map((m) => m.map((i) => `${r.articleOf(i)}:${r.shape(i).name}`).sort()).sort();

  it('resolves as the whole batch does: short names wait for every full name', () => {
    const whole = new EntityResolver();
    whole.addAnalyses(batch());
    for (const cut of [1, 2, 3, 4]) {
      const parts = new EntityResolver();
      parts.takeNames(batch().slice(0, cut));
      parts.takeNames(batch().slice(cut));
      parts.placeShortNames();
      expect(groupsOf(parts)).toEqual(groupsOf(whole));
      expect(parts.exportState()).toEqual(whole.exportState());
    }
    // "Sarraj", read before the full name, still joins him; the place-tagged "Haftar" joins the one Haftar.
    expect(groupsOf(whole)).toContainEqual(['a:Sarraj', 'b:Fayez al-Sarraj', 'c:Serraj', 'd:Fayez Al Sarraj']);
    expect(groupsOf(whole)).toContainEqual(['d:Haftar', 'e:Khalifa Haftar']);
  });

  it('keeps one name shape for a name used alike in many articles, and restores without the analyses', () => {
    const r = new EntityResolver();
    r.addAnalyses(batch());
    const state = JSON.parse(JSON.stringify(r.exportState()));
    expect(state.shapes.filter((s: [string, string]) => s[1] === 'Tripoli')).toHaveLength(1);
    const counts = new Map(batch().map((a) => [a.articleId, a.entities.length]));
    const restored = EntityResolver.fromState((id) => counts.get(id), state)!;
    expect(groupsOf(restored)).toEqual(groupsOf(r));
    expect(restored.shape(restored.nodeOf('b', 1)!)).toMatchObject({
      name: 'Libyan National Army',
      acronym: 'LNA',
      type: 'organization',
    });
    expect(
      EntityResolver.fromState((id) => counts.get(id), { ...state, nodeShape: state.nodeShape.slice(1) }),
    ).toBeNull();
  });

  it('fills saved placement indexes in the background one index at a time, and places names as a fresh resolver does', async () => {
    const r = new EntityResolver();
    r.addAnalyses(batch());
    const state = JSON.parse(JSON.stringify(r.exportState()));
    const counts = new Map(batch().map((a) => [a.articleId, a.entities.length]));
    const slices = new TimeSlices(0);
    const readAt: [keyof PlacementIndexes, number][] = [];
    const readers = Object.fromEntries(
      PLACEMENT_INDEXES.map((key) => [
        key,
        () => {
          readAt.push([key, slices.yields]);
          return state.indexes[key];
        },
      ]),
    ) as unknown as PlacementReaders;
    const restored = EntityResolver.fromState((id) => counts.get(id), { ...state, indexes: readers })!;
    await restored.fillIndexesInBackground(slices);
    // Each index read once, in order, the event loop turning between two reads.
    expect(readAt.map(([key]) => key)).toEqual([...PLACEMENT_INDEXES]);
    for (let k = 1; k < readAt.length; k++) expect(readAt[k][1]).toBeGreaterThan(readAt[k - 1][1]);
    // A name placed after the fill goes where it goes in the resolver the state was saved from.
    const more = article('z', [
      ['Khalifa Haftar', 'person'],
      ['Sarraj', 'person'],
    ]);
    restored.addAnalyses([more]);
    r.addAnalyses([more]);
    expect(groupsOf(restored)).toEqual(groupsOf(r));
  });

  it('restores a state of more nodes than a function call can take as arguments', () => {
    const many = Array.from({ length: 3000 }, (_, n) =>
      article(
        `m${n}`,
        Array.from({ length: 100 }, (): [string, EntityType] => ['Tripoli', 'place']),
      ),
    );
    const r = new EntityResolver();
    r.addAnalyses(many);
    expect(r.nodeCount).toBe(300_000);
    const restored = EntityResolver.fromState(() => 100, r.exportState());
    expect(restored?.nodeCount).toBe(300_000);
    expect(restored?.groups().size).toBe(1);
  });
});

describe('name lookup', () => {
  const index = new NamesIndex();
  index.add({ id: 1, mentions: 40, names: ['Khalifa Haftar', 'Haftar', 'Khalifa Hafta'] });
  index.add({ id: 2, mentions: 12, names: ['Fayez al-Sarraj', 'Sarraj', 'Fayez al-Serraj'] });
  index.add({ id: 3, mentions: 9, names: ['Emmanuel Macron', 'Macron'] });
  index.add({ id: 4, mentions: 3, names: ['Ed Miliband'] });
  index.add({ id: 5, mentions: 5, names: ['David Miliband'] });

  it('finds by any alias, case and accents aside', () => {
    expect(index.lookup('HAFTAR')[0]).toMatchObject({ id: 1, exact: true });
    expect(index.lookup('al-sarraj')[0].id).toBe(2);
    expect(index.lookup('Sarráj')[0].id).toBe(2);
  });
  it('forgives typos', () => {
    expect(index.lookup('marcon')[0]).toMatchObject({ id: 3, exact: false });
    expect(index.lookup('hafter')[0].id).toBe(1);
  });
  it('offers both people of a shared surname', () => {
    expect(
      index
        .lookup('miliband')
        .map((h) => h.id)
        .sort(),
    ).toEqual([4, 5]);
  });
  it('completes prefixes, most mentioned first', () => {
    expect(index.complete('haf', 5)[0].id).toBe(1);
    expect(index.complete('serraj', 5)[0].id).toBe(2);
  });
  it('finds typo candidates exactly as an index of one-letter deletions would', () => {
    const words: string[] = [];
    const spell = (prefix: string) => {
      if (prefix) words.push(prefix);
      if (prefix.length < 5) for (const letter of 'abc') spell(prefix + letter);
    };
    spell('');
    const disagreements: string[] = [];
    for (const a of words) {
      const ofA = new Set(deletions(a));
      for (const b of words)
        if (shareDeletion(a, b) !== deletions(b).some((d) => ofA.has(d))) disagreements.push(`${a} ~ ${b}`);
    }
    expect(disagreements).toEqual([]);
  });
  it('forgets a removed entity, and finds it again when added back', () => {
    const names = new NamesIndex();
    names.add({ id: 1, mentions: 4, names: ['Khalifa Haftar', 'Haftar'] });
    names.add({ id: 2, mentions: 2, names: ['Haftar Brigade'] });
    names.remove(1);
    expect(names.lookup('haftar').map((h) => h.id)).toEqual([2]);
    names.add({ id: 1, mentions: 4, names: ['Khalifa Haftar', 'Haftar'], keys: ['khalifa haftar', 'haftar'] });
    expect(names.lookup('hafter').map((h) => h.id)).toEqual([1, 2]);
  });
});
