import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanArticle, MAX_ARTICLE_CHARS } from '../../src/corpus/clean.ts';
import { readDate } from '../../src/corpus/dates.ts';
import { groupNearDuplicates } from '../../src/corpus/dedupe.ts';
import { loadCorpus, loadFile } from '../../src/corpus/load.ts';
import type { Article, LoadProgress, LoadResult } from '../../src/corpus/types.ts';
import { article } from '../helpers/articles.ts';

const FIXTURES = path.resolve('tests/fixtures/corpus');
const byId = (result: LoadResult, id: string): Article => {
  const found = result.articles.find((a) => a.id === id);
  if (!found) throw new Error(`no article ${id} among ${result.articles.map((a) => a.id).join(', ')}`);
  return found;
};
const warningsFor = (result: LoadResult, file: string) => result.warnings.filter((w) => w.file === file);

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'briefbot-corpus-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('the sample corpus', () => {
  let sample: LoadResult;
  beforeAll(async () => {
    sample = await loadCorpus('corpus');
  });

  it('loads all five articles without warnings, in path order', () => {
    expect(sample.warnings).toEqual([]);
    expect(sample.articles.map((a) => a.id)).toEqual([
      '000_a81ada4c5e51fb79',
      '001_37fb0df26e81569a',
      '002_3397c7f522b2db98',
      '003_5a48e87f01208da1',
      '004_987d37d7975988a5',
    ]);
  });

  it('takes headlines where there is one and a short lead where there is none', () => {
    expect(byId(sample, '001_37fb0df26e81569a').title).toBe('Libyan strongman Haftar makes surprise visit to Italy');
    expect(byId(sample, '002_3397c7f522b2db98').title).toBe(
      'Libya: Emmanuel Macron To Meet Khalifa Haftar Next Week To Push For Ceasefire',
    );
    expect(byId(sample, '003_5a48e87f01208da1').title).toBe('Haftar to Macron: Conditions Not Met for Libya Truce');
    const lead = byId(sample, '000_a81ada4c5e51fb79').title;
    expect(lead.startsWith('Libyan Prime Minister Fayez al-Sarraj held talks')).toBe(true);
    expect(lead.length).toBeLessThanOrEqual(101);
    expect(byId(sample, '004_987d37d7975988a5').title.startsWith('A Maltese diplomatic mission')).toBe(true);
  });

  it('reads dates from the date marker only, and removes the marker', () => {
    expect(sample.articles.map((a) => a.date)).toEqual(['2019-05-27', null, null, null, '2023-06-01']);
    for (const a of sample.articles) expect(a.body).not.toMatch(/^\s*date \d{4}/);
    expect(byId(sample, '000_a81ada4c5e51fb79').body.startsWith('Libyan Prime Minister')).toBe(true);
  });

  it('names the outlet from bylines, datelines and repeated outlet lines', () => {
    expect(byId(sample, '000_a81ada4c5e51fb79').source).toBeNull();
    expect(byId(sample, '001_37fb0df26e81569a').source).toBe('AFP');
    expect(byId(sample, '002_3397c7f522b2db98').source).toBe('The Chief Observer');
    expect(byId(sample, '003_5a48e87f01208da1').source).toBe('Asharq Al-Awsat');
    expect(byId(sample, '004_987d37d7975988a5').source).toBe('ITALPRESS/MNA');
  });

  it('removes site furniture from every body', () => {
    const furniture = [
      'Sign up to read',
      '[email',
      'Related Articles',
      'Related Stories',
      'Get all your news',
      'premium titles',
      'One app',
      'Start reading',
      'Already a member',
      'Download the app',
      'Join the conversation',
      'Please keep comments civil',
      'Please log in',
      'READ ALSO',
      'See Also',
      'Photo: AFP',
      'AP Photo',
      'A professionnal journalist',
      'Caroline Finnegan',
      'Top stories',
      'Our Picks',
      'Fourteen days free',
    ];
    for (const a of sample.articles) {
      for (const f of furniture) expect(a.body, `${a.id} still holds "${f}"`).not.toContain(f);
      expect(a.body).not.toMatch(/^(World|Close|Asharq Al-Awsat)$/m);
    }
    for (const id of ['001_37fb0df26e81569a', '002_3397c7f522b2db98', '003_5a48e87f01208da1']) {
      const { title, body } = byId(sample, id);
      expect(body.split('\n\n'), `${id} repeats its headline`).not.toContain(title);
    }
  });

  it('keeps the story itself, with curly quotes and accents, in paragraphs', () => {
    const malta = byId(sample, '000_a81ada4c5e51fb79');
    expect(malta.body).toContain('Speaking during a tête-à-tête in the Auberge de Castille');
    expect(malta.body).toContain('“deep concern”');
    expect(malta.body.split('\n\n')).toHaveLength(14);
    expect(malta.body.endsWith('The Libyan prime minister was last in Malta in January.')).toBe(true);
    const rome = byId(sample, '001_37fb0df26e81569a');
    // A captioned photo keeps its sentence (it names people and roles) and loses its credit.
    expect(rome.body.startsWith('talian Prime Minister Giuseppe Conte (L) escorts')).toBe(true);
    expect(rome.body).toContain(
      'Chief of Staff, Khalifa Hafta on a previous visit to Italy.\n\nLibyan strongman Khalifa Haftar, who has launched',
    );
    expect(rome.body).not.toMatch(/Photo: AFP/);
    expect(rome.body.endsWith('a threat to international peace.')).toBe(true);
    expect(byId(sample, '003_5a48e87f01208da1').body.endsWith('a major conduit for migrants bound for Europe.')).toBe(
      true,
    );
    for (const a of sample.articles) {
      expect(a.body).not.toMatch(/\n{3,}|[ \t]\n|\n[ \t]| {2}/);
      expect(a.words).toBe(a.body.split(/\s+/).filter(Boolean).length);
      expect(a.contentHash).toBe(createHash('sha1').update(`${a.title}\n${a.body}`).digest('hex'));
      expect(a.path).toBe(`${a.id}.txt`);
      expect(a.groupId).toBe(a.id);
    }
  });

  it('gives the same ids and hashes on a second load', async () => {
    const again = await loadCorpus('corpus');
    expect(again.articles.map((a) => [a.id, a.contentHash])).toEqual(sample.articles.map((a) => [a.id, a.contentHash]));
  });
});

describe('each format, on files of our own writing', () => {
  let result: LoadResult;
  const progress: LoadProgress[] = [];
  beforeAll(async () => {
    result = await loadCorpus(path.join(FIXTURES, 'formats'), { onProgress: (p) => progress.push(p) });
  });

  it('reads folders recursively, skipping hidden folders, node_modules and other extensions', () => {
    expect(result.articles.map((a) => a.path)).toEqual([
      'batch.json#1',
      'batch.json#2',
      'feed.jsonl#1',
      'feed.jsonl#2',
      'feed.jsonl#5',
      'front.md',
      'page.html',
      'plain.txt',
      'single.json',
      'sub/lead.txt',
    ]);
    expect(result.articles.some((a) => /hidden|node_modules/.test(a.body))).toBe(false);
  });

  it('skips node_modules and dot-folders wherever they are (built here: git ignores node_modules)', async () => {
    const dir = await fs.mkdtemp(path.join(tmp, 'skips-'));
    for (const folder of ['node_modules/pkg', 'news/node_modules', 'news/.cache'])
      await fs.mkdir(path.join(dir, folder), { recursive: true });
    const story = (title: string) =>
      `${title}\n\nA story of our own writing that only the walk decides to read or to skip.`;
    await fs.writeFile(path.join(dir, 'node_modules/pkg/readme.txt'), story('Package readme'));
    await fs.writeFile(path.join(dir, 'news/node_modules/notes.md'), story('Nested package notes'));
    await fs.writeFile(path.join(dir, 'news/.cache/copy.txt'), story('Cached copy'));
    await fs.writeFile(path.join(dir, 'news/.draft.txt'), story('Hidden draft'));
    await fs.writeFile(path.join(dir, 'news/kept.txt'), story('Kept story'));
    const { articles, warnings } = await loadCorpus(dir);
    expect(articles.map((a) => a.id)).toEqual(['news/kept']);
    expect(warnings).toEqual([]);
  });

  it('reports progress from the start to the last file', () => {
    expect(progress[0]).toEqual({ filesDone: 0, filesTotal: 7, articles: 0 });
    expect(progress[progress.length - 1]).toEqual({ filesDone: 7, filesTotal: 7, articles: 10 });
  });

  it('plain text: headline, outlet from its repeated line, furniture of every kind gone', () => {
    const plain = byId(result, 'plain');
    expect(plain.title).toBe('Riverside council approves new bridge');
    expect(plain.source).toBe('Riverside Gazette');
    expect(plain.body.startsWith('The Riverside town council voted 9 to 2')).toBe(true);
    expect(plain.body.endsWith('approval from the regional transport office.')).toBe(true);
    expect(plain.body).toContain('“This bridge will take a thousand lorries a day out of the old town,” he said.');
    for (const f of [
      'Subscribe',
      'one place',
      'Politics',
      'By Helen Marsh',
      'Photo',
      'Read more',
      'senior reporter',
      'You might also like',
      'sign in',
      'Gazette',
    ]) {
      expect(plain.body).not.toContain(f);
    }
    expect(plain.body.split('\n\n')).toHaveLength(4);
  });

  it('a date marker with a lead title, in a subfolder', () => {
    const lead = byId(result, 'sub/lead');
    expect(lead.date).toBe('2020-02-29');
    expect(lead.title).toMatch(/^The regional water board said on Saturday that reservoirs .*…$/);
    expect(lead.title.length).toBeLessThanOrEqual(101);
    expect(lead.body.startsWith('The regional water board said')).toBe(true);
  });

  it('markdown: front matter fields, markup removed, heading not repeated in the body', () => {
    const md = byId(result, 'front');
    expect(md).toMatchObject({
      title: 'Coastal towns brace for record tide',
      date: '2021-03-03',
      source: 'Harbour Herald',
      url: 'https://example.org/tide',
    });
    expect(md.body).toBe(
      'Officials in Port Mellon ordered sandbags for 2,000 homes on Wednesday as forecasters warned of the highest tide in fifty years.\n\n' +
        '“We are ready, but the sea does not read forecasts,” said harbour master Ines Okafor.\n\n' +
        'The tide is expected to peak early on Friday morning.',
    );
  });

  it('jsonl: own ids, line-numbered ids otherwise, any date form, HTML bodies as text', () => {
    const wire = byId(result, 'wire-001');
    expect(wire).toMatchObject({
      title: 'Grain prices ease as strike ends',
      date: '2021-04-12',
      source: 'Meridian Press',
      path: 'feed.jsonl#1',
    });
    expect(wire.body).toBe(
      'Wheat futures fell 3 percent on Monday after dockworkers returned to work, traders said.\n\nPrices had risen for four days.',
    );
    expect(byId(result, 'feed#2')).toMatchObject({
      date: '2021-04-12',
      title: 'Festival returns after two-year pause',
    });
    expect(byId(result, 'feed#5')).toMatchObject({
      date: '2021-04-18',
      body: 'The city museum reopened on Sunday after a two-year renovation.\n\nEntry is free until June.',
    });
    expect(warningsFor(result, 'feed.jsonl')).toEqual([
      {
        file: 'feed.jsonl',
        reason: '1 malformed JSON line(s) skipped; 1 line(s) without an article object with text skipped',
      },
    ]);
  });

  it('json: an array of records and a single object, with field aliases', () => {
    expect(byId(result, 'batch#1')).toMatchObject({
      title: 'Rail line to reopen in May',
      date: '2022-01-18',
      source: null,
    });
    expect(byId(result, 'batch#2')).toMatchObject({ title: 'Ferry fares frozen', date: null, source: 'Island Post' });
    expect(byId(result, 'single')).toMatchObject({
      title: 'Library opens night reading room',
      date: '2021-06-04',
      path: 'single.json',
    });
  });

  it('html: story from <article>, metadata from meta tags, page furniture dropped', () => {
    const page = byId(result, 'page');
    expect(page).toMatchObject({
      title: 'Solar farm wins approval after two-year fight',
      date: '2022-08-09',
      source: 'The Valley Courier',
      url: 'https://example.org/solar',
    });
    expect(page.body.split('\n\n')).toEqual([
      'County planners on Tuesday approved a 120-acre solar farm north of Elm Creek, ending a two-year dispute with neighbours who feared for their views.',
      'The developer, Brightfield Energy, said construction would begin in October and employ about 80 people.',
      '“We listened, and we moved the panels back from the road,” project manager Luis Ortega said & thanked residents.',
    ]);
  });

  it('html: a story container whose class mentions sharing is kept, a comment thread is not', async () => {
    const file = path.join(tmp, 'shared.html');
    await fs.writeFile(
      file,
      `<html><head><meta property="og:title" content="Tram fares cut"></head><body>
      <div class="story-body share-enabled"><p>Tram fares in the city will fall by a third from July, the transport board said on Monday.</p></div>
      <div class="comments-area"><p>Great news for commuters, finally something sensible.</p></div></body></html>`,
    );
    const { articles } = await loadFile(file, tmp);
    expect(articles[0].body).toBe(
      'Tram fares in the city will fall by a third from July, the transport board said on Monday.',
    );
  });

  it('html without <article>: the largest text block, title from <title> without the site name', async () => {
    const file = path.join(tmp, 'bare.html');
    await fs.writeFile(
      file,
      `<html><head><title>Ice rink to close early | Northern Star</title></head><body>
      <div id="nav-top"><a>Home</a> <a>Sport</a></div>
      <div class="promo"><p>Subscribe for unlimited access.</p></div>
      <div class="content"><p>The ice rink will close a month early because of rising energy costs, its owners said.</p>
      <p>Skating lessons booked for March will be refunded.</p></div>
      <div><p>Short note.</p></div></body></html>`,
    );
    const { articles, warnings } = await loadFile(file, tmp);
    expect(warnings).toEqual([]);
    expect(articles[0]).toMatchObject({ id: 'bare', title: 'Ice rink to close early', date: null, source: null });
    expect(articles[0].body).toBe(
      'The ice rink will close a month early because of rising energy costs, its owners said.\n\nSkating lessons booked for March will be refunded.',
    );
  });
});

describe('bad input never stops loading', () => {
  let result: LoadResult;
  beforeAll(async () => {
    result = await loadCorpus(path.join(FIXTURES, 'bad'));
  });

  it('gives exactly one warning per bad file, naming it and the reason', () => {
    const expected: Record<string, RegExp> = {
      'empty.txt': /empty/,
      'binary.txt': /binary/,
      'latin1.txt': /not valid UTF-8: 3 byte\(s\) read as Latin-1/,
      'stray-byte.txt': /1 byte\(s\) read as Latin-1/,
      'malformed.jsonl': /^3 malformed JSON line\(s\) skipped; 1 line\(s\) without an article/,
      'broken.json': /malformed JSON/,
      'bad-date.md': /unreadable date "sometime in the spring"/,
      'ambiguous-date.json': /ambiguous date/,
      'bad-yaml.md': /front matter is not valid YAML/,
      'furniture-only.txt': /no article text/,
    };
    expect(result.warnings.map((w) => w.file).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, reason] of Object.entries(expected)) {
      expect(warningsFor(result, file)).toHaveLength(1);
      expect(warningsFor(result, file)[0].reason).toMatch(reason);
    }
  });

  it('loads everything that can be loaded', () => {
    expect(result.articles.map((a) => a.id)).toEqual([
      'ambiguous-date',
      'bad-date',
      'bad-yaml',
      'hostile',
      'latin1',
      'malformed#1',
      'malformed#6',
      'stray-byte',
    ]);
  });

  it('never makes a date up', () => {
    expect(byId(result, 'bad-date')).toMatchObject({ date: null, title: 'Harvest festival draws crowds' });
    expect(byId(result, 'ambiguous-date').date).toBeNull();
    expect(byId(result, 'malformed#6').date).toBeNull();
  });

  it('warns about a date marker that names no real day, and drops the marker', async () => {
    const file = path.join(tmp, 'leap.txt');
    await fs.writeFile(
      file,
      ' date 2023-02-29 The harbour ferry service resumed on Monday after a week of storms, the operator said.',
    );
    const { articles, warnings } = await loadFile(file, tmp);
    expect(articles[0]).toMatchObject({
      date: null,
      body: 'The harbour ferry service resumed on Monday after a week of storms, the operator said.',
    });
    expect(warnings).toEqual([
      { file: 'leap.txt', reason: 'unreadable date marker "date 2023-02-29": date left empty' },
    ]);
  });

  it('reads invalid UTF-8 bytes as Latin-1, one by one', () => {
    expect(byId(result, 'latin1')).toMatchObject({ title: 'Café owners protest new tax' });
    expect(byId(result, 'latin1').body).toContain('Owners of cafés in the old town of São Ravel');
    expect(byId(result, 'stray-byte').body).toContain(
      '“We cannot go on,” one baker said of the price of flour at 3£ a sack.',
    );
  });

  it("keeps hostile chat markup as plain text (escaping is the renderers' job)", () => {
    const hostile = byId(result, 'hostile');
    for (const t of ['<!channel>', '@everyone', '<@U123ABC>', '<script>alert(1)</script>'])
      expect(hostile.body).toContain(t);
  });

  it('truncates a huge file at a paragraph boundary with one warning', async () => {
    const dir = await fs.mkdtemp(path.join(tmp, 'huge-'));
    const paragraph = 'The committee met again on Monday and agreed to publish its findings later in the year. '
      .repeat(3)
      .trim();
    await fs.writeFile(
      path.join(dir, 'long.txt'),
      `Committee report delayed\n\n${Array(200).fill(paragraph).join('\n\n')}\n`,
    );
    const feed = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ title: `Item ${i}`, text: `Short item number ${i} in the feed.` }),
    );
    feed.splice(100, 0, JSON.stringify({ title: 'Too long', text: paragraph.repeat(30) }));
    await fs.writeFile(path.join(dir, 'feed.jsonl'), feed.join('\n'));
    await fs.writeFile(
      path.join(dir, 'big.json'),
      JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ title: `Item ${i}`, text: paragraph }))),
    );
    const { articles, warnings } = await loadCorpus(dir, { maxFileBytes: 4000 });
    const long = articles.find((a) => a.id === 'long')!;
    expect(long.body.length).toBeLessThan(4000);
    expect(long.body.endsWith('later in the year.')).toBe(true);
    expect(long.body.split('\n\n').every((p) => p === paragraph)).toBe(true);
    expect(
      articles
        .filter((a) => a.id.startsWith('feed#'))
        .every((a) => /^Short item number \d+ in the feed\.$/.test(a.body)),
    ).toBe(true);
    expect(articles.filter((a) => a.id.startsWith('feed#'))).toHaveLength(200);
    expect(warnings.map((w) => w.file)).toEqual(['big.json', 'feed.jsonl', 'long.txt']);
    expect(warnings.find((w) => w.file === 'feed.jsonl')!.reason).toBe('1 line(s) longer than 4000 bytes skipped');
    expect(warnings.find((w) => w.file === 'long.txt')!.reason).toMatch(/larger than 4000 bytes .*truncated/);
    expect(warnings.find((w) => w.file === 'big.json')!.reason).toMatch(/cannot be cut/);
  });

  it('streams a JSON-lines feed bigger than maxFileBytes, line numbers intact across read chunks', async () => {
    const dir = await fs.mkdtemp(path.join(tmp, 'feed-'));
    const lines = Array.from({ length: 15_000 }, (_, i) =>
      JSON.stringify({
        title: `Notice ${i}`,
        text: `Notice number ${i} of the harbour office, published for the record.`,
      }),
    );
    await fs.writeFile(path.join(dir, 'notices.jsonl'), `${lines.join('\n')}\n`);
    const { articles, warnings } = await loadCorpus(dir, { maxFileBytes: 100_000 });
    expect(warnings).toEqual([]);
    expect(articles).toHaveLength(15_000);
    expect(articles.every((a, i) => a.id === `notices#${i + 1}` && a.title === `Notice ${i}`)).toBe(true);
  });

  it('a pathological page (100,000 nested elements) costs one warning at most, never an exception', async () => {
    const dir = await fs.mkdtemp(path.join(tmp, 'deep-'));
    await fs.writeFile(
      path.join(dir, 'deep.html'),
      `<html><body>${'<div>'.repeat(100_000)}<p>Deep text.</p>${'</div>'.repeat(100_000)}</body></html>`,
    );
    await fs.writeFile(
      path.join(dir, 'fine.txt'),
      'Fine story\n\nA normal story about the harbour, written for this test.',
    );
    const { articles, warnings } = await loadCorpus(dir);
    expect(articles.map((a) => a.id)).toContain('fine');
    expect(articles.length + warnings.length).toBe(2);
  });

  it('survives symlink loops, broken links and unreadable files, with one warning each', async () => {
    const dir = await fs.mkdtemp(path.join(tmp, 'links-'));
    await fs.mkdir(path.join(dir, 'inner'));
    await fs.writeFile(
      path.join(dir, 'inner', 'story.txt'),
      'Road reopens\n\nThe coast road reopened on Friday after a week of repairs.',
    );
    await fs.symlink('..', path.join(dir, 'inner', 'loop'));
    await fs.symlink('self.txt', path.join(dir, 'self.txt'));
    await fs.symlink('missing.txt', path.join(dir, 'gone.txt'));
    const { articles, warnings } = await loadCorpus(dir);
    expect(articles.map((a) => a.id)).toEqual(['inner/story']);
    expect(warnings.map((w) => w.file)).toEqual(['gone.txt', 'inner/loop', 'self.txt']);
    expect(warnings.map((w) => w.reason).join(' ')).toMatch(/broken symlink.*symlink loop.*symlink loop/);
  });

  it('a file that cannot be read gives a warning, not an exception', async () => {
    const { articles, warnings } = await loadFile(path.join(tmp, 'no-such-file.txt'), tmp);
    expect(articles).toEqual([]);
    expect(warnings).toEqual([{ file: 'no-such-file.txt', reason: 'could not be read (ENOENT)' }]);
    const missing = await loadCorpus(path.join(tmp, 'no-such-folder'));
    expect(missing.articles).toEqual([]);
    expect(missing.warnings).toHaveLength(1);
  });
});

describe('cleaning rules on text of our own writing', () => {
  it('keeps a caption sentence but not its photo credit, and drops a bare credit', () => {
    const { body } = cleanArticle({
      text: 'Harbour strike ends\n\nMayor Lucia Bruni (R) greets dock workers in Port Alden on Monday. Photo: Reuters\n\nPhoto: AFP\n\nThe strike ended after nine days of talks between the union and the port authority.',
    });
    expect(body).toContain('Mayor Lucia Bruni (R) greets dock workers in Port Alden on Monday.');
    expect(body).not.toMatch(/Photo:/);
  });

  it('reads agency datelines and bylines as the source, and keeps the dateline text', () => {
    const reuters = cleanArticle({
      text: 'Mine reopens\n\nLIMA (Reuters) - A copper mine closed by protests reopened on Monday, its owner said.',
    });
    expect(reuters.source).toBe('Reuters');
    expect(reuters.body.startsWith('LIMA (Reuters) - A copper mine')).toBe(true);
    expect(cleanArticle({ text: 'AFP - The talks ended without agreement on Friday, diplomats said.' }).source).toBe(
      'AFP',
    );
    expect(cleanArticle({ text: 'QUITO (ECUADOR) – The talks ended on Friday, diplomats said.' }).source).toBeNull();
    expect(
      cleanArticle({ text: 'The minister said he spoke to Reuters and AFP on Friday about the talks.' }).source,
    ).toBeNull();
  });

  it('drops promos, comment blocks and everything after an end-of-story marker', () => {
    const text = [
      'Weekly market report',
      '',
      'Home > Markets > Commodities',
      '5 min read',
      'Copper prices rose for a third day on Thursday as stocks in London warehouses fell to their lowest level since March, traders said.',
      '',
      'Analysts expect the rise to continue into next week while supply from the main producers stays tight.',
      '',
      'Log in to post a comment',
      'More from Markets',
      'Oil slips as demand worries return',
    ].join('\n');
    const cleaned = cleanArticle({ text });
    expect(cleaned.title).toBe('Weekly market report');
    expect(cleaned.body.split('\n\n')).toEqual([
      'Copper prices rose for a third day on Thursday as stocks in London warehouses fell to their lowest level since March, traders said.',
      'Analysts expect the rise to continue into next week while supply from the main producers stays tight.',
    ]);
  });

  it('drops foot-of-story credits, author blurbs and the byline above them', () => {
    const text = [
      'Dam project delayed',
      '',
      'Work on the Kessel dam will start a year late because of a shortage of steel, the energy ministry said on Wednesday.',
      '',
      'Published figures show 3 percent of the budget has been spent so far.',
      '',
      '(Reporting by Anna Pell; Editing by Tom Greer)',
      '© 2024 Northern Wire. All rights reserved.',
      'Jonas Ekberg',
      'Jonas Ekberg is a staff correspondent covering energy and climate from Oslo.',
      'An award-winning reporter, I write about infrastructure for the Daily Example.',
    ].join('\n');
    const cleaned = cleanArticle({ text });
    expect(cleaned.body.split('\n\n')).toEqual([
      'Work on the Kessel dam will start a year late because of a shortage of steel, the energy ministry said on Wednesday.',
      'Published figures show 3 percent of the budget has been spent so far.',
    ]);
    expect(cleaned.source).toBe('Daily Example');
  });

  it('takes a wire sign-off as the source and removes it', () => {
    const cleaned = cleanArticle({
      text: 'Mill closes\n\nThe paper mill in Dorne will close in June, its owner said on Friday, cutting 240 jobs.\n Reuter\n',
    });
    expect(cleaned).toMatchObject({
      source: 'Reuters',
      body: 'The paper mill in Dorne will close in June, its owner said on Friday, cutting 240 jobs.',
    });
  });

  it('keeps story sentences that merely mention subscriptions or comments', () => {
    const text = [
      'Streaming service raises prices',
      '',
      'Subscribers who sign up before June will keep the old price, the company said on Monday.',
      '',
      'Comments on the change were mostly negative, a spokesman admitted.',
      '',
      '300 newspapers closed last year.',
      '',
      'One app developer said the new prices would drive customers away, and Photo: X was trending by evening, he said.',
    ].join('\n');
    expect(cleanArticle({ text }).body.split('\n\n')).toHaveLength(4);
  });

  it('does not take story paragraphs that open like tail furniture for it', () => {
    const paragraphs = [
      'Coal prices were left unchanged by the state planning office on Friday, despite calls from miners for an increase.',
      'Other articles in the state press this week have focused on coal, which is sold to factories at far less than it costs to mine.',
      'Wren is an analyst with a Harbour City brokerage and a former adviser to the ministry, which she left in 2019.',
      'She expects the price to rise before winter.',
      'The ministry declined to comment.',
      'Miners will meet again on Monday.',
      'The union has 40,000 members.',
    ];
    expect(cleanArticle({ text: `Coal price frozen\n\n${paragraphs.join('\n\n')}` }).body.split('\n\n')).toEqual(
      paragraphs,
    );
  });

  it('does not cut a story at a "Related" line that comes before the story', () => {
    const text =
      'Related Articles\n\nFloods close schools\n\nHeavy rain closed forty schools in the eastern district on Tuesday, and officials warned that more rain was expected overnight across the region.';
    const cleaned = cleanArticle({ text });
    expect(cleaned.title).toBe('Floods close schools');
    expect(cleaned.body).toMatch(/^Heavy rain closed forty schools/);
  });

  it('joins hard-wrapped wire copy into paragraphs at indented lines', () => {
    const text =
      'Cocoa rains improve crop outlook\n\n    Showers continued throughout the week in\nthe cocoa zone, easing the drought since early\nJanuary and improving prospects for the coming crop,\ntraders said in their weekly review.\n    The dry period means the crop will be late this year.\n';
    expect(cleanArticle({ text }).body).toBe(
      'Showers continued throughout the week in the cocoa zone, easing the drought since early January and improving prospects for the coming crop, traders said in their weekly review.\n\nThe dry period means the crop will be late this year.',
    );
  });
});

describe('dates', () => {
  it('normalises the common forms and refuses to guess', () => {
    expect(readDate('2019-05-27')).toEqual({ date: '2019-05-27' });
    expect(readDate('2019-05-27T23:30:00-05:00')).toEqual({ date: '2019-05-27' });
    expect(readDate('May 27, 2019')).toEqual({ date: '2019-05-27' });
    expect(readDate('Sept. 5, 2019')).toEqual({ date: '2019-09-05' });
    expect(readDate('27 May 2019')).toEqual({ date: '2019-05-27' });
    expect(readDate('Monday, 27 May 2019')).toEqual({ date: '2019-05-27' });
    expect(readDate('27/05/2019')).toEqual({ date: '2019-05-27' });
    expect(readDate(new Date(Date.UTC(2020, 1, 29)))).toEqual({ date: '2020-02-29' });
    expect(readDate('2019-02-30').date).toBeNull();
    expect(readDate('03/04/2021').date).toBeNull();
    expect(readDate('last Tuesday').date).toBeNull();
  });
});

describe('ids', () => {
  it('are stable across loads and unique even when records reuse an id', async () => {
    const dir = await fs.mkdtemp(path.join(tmp, 'ids-'));
    await fs.writeFile(path.join(dir, 'a.txt'), 'Alpha story\n\nThe first story of our own writing, about a harbour.');
    await fs.writeFile(
      path.join(dir, 'a.md'),
      'Alpha notes\n\nA second file with the same name but another extension.',
    );
    await fs.writeFile(
      path.join(dir, 'feed.jsonl'),
      [
        JSON.stringify({ id: 'x1', title: 'One', text: 'Record one has its own id, shared with record two.' }),
        JSON.stringify({ id: 'x1', title: 'Two', text: 'Record two reuses the id of record one.' }),
        JSON.stringify({ id: 7, title: 'Three', text: 'Record three has a numeric id of its own.' }),
      ].join('\n'),
    );
    const first = await loadCorpus(dir);
    const second = await loadCorpus(dir);
    expect(first.articles.map((a) => a.id)).toEqual(['a', 'a.txt', 'feed#1', 'feed#2', '7']);
    expect(second.articles.map((a) => a.id)).toEqual(first.articles.map((a) => a.id));
    expect(new Set(first.articles.map((a) => a.groupId)).size).toBe(5);
  });
});

describe('near-duplicate grouping', () => {
  it('groups the same story from two outlets and keeps different stories about the same person apart', async () => {
    const { articles } = await loadCorpus(path.join(FIXTURES, 'dupes'));
    groupNearDuplicates(articles);
    const group = Object.fromEntries(articles.map((a) => [a.id, a.groupId]));
    expect(group).toEqual({
      'harbour-copy': 'harbour-copy',
      'harbour-wire': 'harbour-copy',
      'oyelaran-profile': 'oyelaran-profile',
      'oyelaran-talks': 'oyelaran-talks',
    });
  });

  it('follows input order for the group id and groups exact short repeats', () => {
    const body =
      'Officials in the northern province said on Monday that the border crossing would reopen to trucks next week after repairs.';
    const articles = [
      article('b', null, 'Crossing to reopen', body),
      article('a', null, 'Border crossing reopens to trucks', body.replace('said on Monday', 'said Monday')),
      article('c', null, 'Short', 'No comment.'),
      article('d', null, 'Short', 'No comment.'),
      article(
        'e',
        null,
        'Other',
        'Fishermen in the southern bay landed the largest catch of tuna in a decade, the cooperative said on Monday.',
      ),
    ];
    groupNearDuplicates(articles);
    expect(articles.map((a) => a.groupId)).toEqual(['b', 'b', 'c', 'c', 'e']);
  });

  it('keeps templated notices of different companies apart, and the sample stories too', async () => {
    const notices = [
      article(
        'n1',
        null,
        'ALDER MILLS SETS QUARTERLY DIVIDEND',
        'Qtly div 12 cts vs 12 cts prior. Pay June 1. Record May 15.',
      ),
      article(
        'n2',
        null,
        'BRISK FOODS SETS QUARTERLY DIVIDEND',
        'Qtly div 12 cts vs 12 cts prior. Pay July 3. Record June 10.',
      ),
    ];
    groupNearDuplicates(notices);
    expect(notices.map((a) => a.groupId)).toEqual(['n1', 'n2']);
    const { articles } = await loadCorpus('corpus');
    groupNearDuplicates(articles);
    expect(articles.map((a) => a.groupId)).toEqual(articles.map((a) => a.id));
  });

  it('handles an empty list and bodies too short to compare', () => {
    expect(() => groupNearDuplicates([])).not.toThrow();
    const short = [article('s1', null, 'A', 'Rain.'), article('s2', null, 'B', 'Sun.')];
    groupNearDuplicates(short);
    expect(short.map((a) => a.groupId)).toEqual(['s1', 's2']);
  });
});

describe('an article past a million characters', () => {
  it('is cut at a paragraph to its first MAX_ARTICLE_CHARS, with one warning; shorter ones are whole', async () => {
    const paragraph = 'The harbour authority in Kessel said on Monday that the new pier would open in the spring. ';
    const paragraphs = Math.ceil((MAX_ARTICLE_CHARS * 1.5) / (paragraph.length * 4 + 2));
    const body = Array.from({ length: paragraphs }, () => paragraph.repeat(4).trim()).join('\n\n');
    const file = path.join(tmp, 'long', 'book.txt');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `Kessel pier to open in spring\n\n${body}\n`);
    await fs.writeFile(path.join(tmp, 'long', 'short.txt'), `Kessel pier delayed\n\n${paragraph.repeat(3)}\n`);
    const result = await loadCorpus(path.join(tmp, 'long'));
    const long = byId(result, 'book');
    expect(long.body.length).toBeLessThanOrEqual(MAX_ARTICLE_CHARS);
    expect(long.body.length).toBeGreaterThan(MAX_ARTICLE_CHARS * 0.9);
    expect(body.startsWith(long.body)).toBe(true);
    expect(long.body.endsWith(paragraph.repeat(4).trim())).toBe(true); // cut between paragraphs
    expect(long.words).toBe(long.body.split(/\s+/).length);
    expect(result.warnings).toEqual([
      {
        file: 'book.txt',
        reason: `an article cut to its first 1,000,000 characters (it had ${body.length.toLocaleString('en')})`,
      },
    ]);
    expect(byId(result, 'short').body).toBe(paragraph.repeat(3).trim());
  });
});
