/**
 * The files bench/big-file.ts drops into a running corpus: about 5 MB each (under the 5 MiB cap), per format the
 * corpus reads, ordinary news text (Reuters bodies) and the hostile shapes of issue 15.
 */
export interface BigFile {
  /** File name in the corpus folder; its extension picks the reader. */
  name: string;
  content: string;
}

const SIZE = 5_000_000;

/** `unit` repeated up to SIZE characters. */
const repeat = (unit: string) => unit.repeat(Math.floor(SIZE / unit.length));

/** Bodies one after the other until SIZE characters, each shaped by `wrap`. */
function news(bodies: string[], wrap: (body: string, i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < SIZE; i++) {
    const part = wrap(bodies[i % bodies.length], i);
    if (length + part.length > SIZE) break;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

export function bigFiles(bodies: string[]): BigFile[] {
  const record = (body: string, i: number) => JSON.stringify({ title: `Story ${i}`, date: '1987-03-02', body });
  return [
    { name: 'news.txt', content: news(bodies, (b) => `${b}\n\n`) },
    { name: 'one-line-of-at.txt', content: repeat('@') },
    { name: 'no-newline.txt', content: repeat('word ') },
    {
      name: 'news.md',
      content: news(
        bodies,
        (b, i) => `## Story ${i}\n\nSaid **Reuters** on _Monday_: ${b}\n\n[more](https://example.com/${i})\n\n`,
      ),
    },
    { name: 'underscores.md', content: repeat('__x ') },
    { name: 'stars.md', content: repeat('**x ') },
    { name: 'open-images.md', content: repeat('![') },
    { name: 'nested-brackets.md', content: '['.repeat(SIZE / 2) + ']'.repeat(SIZE / 2) },
    { name: 'news.json', content: `[${news(bodies, (b, i) => `${record(b, i)},\n`).slice(0, -2)}]` },
    { name: 'tiny-records.json', content: `[${news(bodies, (_b, i) => `{"body":"w ${i}"},`).slice(0, -1)}]` },
    { name: 'deep-array.json', content: '['.repeat(SIZE / 2) + ']'.repeat(SIZE / 2) },
    { name: 'news.jsonl', content: news(bodies, (b, i) => `${record(b, i)}\n`) },
    { name: 'one-record.jsonl', content: `${JSON.stringify({ body: repeat('word ').slice(0, SIZE - 20) })}\n` },
    {
      name: 'news.html',
      content: `<html><head><title>News</title></head><body><article>${news(bodies, (b) => `<p>${b.replace(/[<&]/g, ' ')}</p>\n`)}</article></body></html>`,
    },
    { name: 'unclosed-div.html', content: `<p>x</p>${repeat('<div>')}` },
    { name: 'nested-div.html', content: '<div>'.repeat(SIZE / 11) + '</div>'.repeat(SIZE / 11) },
    { name: 'stray-end-tags.html', content: `<p>x</p>${repeat('</span>')}` },
  ];
}
