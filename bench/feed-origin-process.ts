// The bench's news site, in its own process so its CPU is not counted as the bot's: N feeds under /feed/<i>.xml
// (RSS 2.0 with validators) and an article page per item. A message {publish: k} adds one item to k feeds.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 500);
const items: { id: number; at: number }[][] = Array.from({ length: FEEDS }, () => [{ id: 0, at: Date.now() }]);
const version = new Array<number>(FEEDS).fill(0);
/** When each feed was last served with a body (ms since epoch): the start of "poll to answerable". */
const served = new Map<string, number>();

const WORDS =
  'council harbour minister river treaty budget storm school bridge market festival court election port railway farmers'.split(
    ' ',
  );
function paragraph(feed: number, item: number, n: number): string {
  const w = (k: number) => WORDS[(feed * 7 + item * 13 + n * 5 + k) % WORDS.length];
  return `The ${w(0)} of town ${feed} met on Monday about the ${w(1)} and the ${w(2)}, officials said, in a session that lasted until late in the evening (${item}.${n}).`;
}

function rss(feed: number): string {
  const list = items[feed].slice(-20).reverse();
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Town ${feed} News</title><link>http://127.0.0.1/</link><description>x</description>
${list.map((i) => `<item><title>Town ${feed} story ${i.id}</title><link>${base}/story/${feed}/${i.id}</link><guid>t${feed}-${i.id}</guid><pubDate>${new Date(i.at).toUTCString()}</pubDate><description>Summary ${i.id}.</description></item>`).join('\n')}
</channel></rss>`;
}

function page(feed: number, item: number): string {
  return `<!doctype html><html><head><title>Town ${feed} story ${item}</title><meta property="og:site_name" content="Town ${feed} News"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><div class="cookie-banner">We use cookies.</div>
<article><h1>Town ${feed} story ${item}</h1>${[0, 1, 2, 3, 4].map((n) => `<p>${paragraph(feed, item, n)}</p>`).join('')}</article>
<footer>© Town ${feed} News</footer></body></html>`;
}

let base = '';
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  let m = /^\/feed\/(\d+)\.xml$/.exec(url);
  if (m) {
    const feed = Number(m[1]);
    const etag = `"${version[feed]}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    served.set(`t${feed}-${items[feed].at(-1)!.id}`, Date.now());
    return void res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(rss(feed));
  }
  m = /^\/story\/(\d+)\/(\d+)$/.exec(url);
  if (m) return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(Number(m[1]), Number(m[2])));
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => {
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.send!({ base });
});
process.on('message', (msg: { publish?: number; served?: boolean; exit?: boolean }) => {
  if (msg.publish !== undefined) {
    for (let k = 0; k < msg.publish; k++) {
      const feed = Math.floor(Math.random() * FEEDS);
      items[feed].push({ id: items[feed].length, at: Date.now() });
      version[feed]++;
    }
    process.send!({ published: msg.publish });
  }
  if (msg.served) process.send!({ served: Object.fromEntries(served) });
  if (msg.exit) server.close(() => process.exit(0));
});
