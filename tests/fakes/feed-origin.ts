/** A news site on 127.0.0.1 for the feed tests and bench: feeds in every format, article pages, and misbehaving routes. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface OriginRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** Requests in flight on this server when this one arrived (politeness: at most 1 per host). */
  concurrent: number;
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export class FeedOrigin {
  readonly requests: OriginRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private server: Server | null = null;
  private inFlight = 0;
  maxConcurrent = 0;
  /** Milliseconds every answer waits (to make overlapping requests visible). */
  delayMs = 0;
  url = '';

  route(path: string, handler: Route): this {
    this.routes.set(path, handler);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.inFlight++;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.inFlight);
      this.requests.push({ path: req.url ?? '/', headers: req.headers, concurrent: this.inFlight });
      res.on('close', () => this.inFlight--);
      const handler = this.routes.get((req.url ?? '/').split('?')[0]);
      const go = () => (handler ? handler(req, res) : res.writeHead(404).end('not here'));
      if (this.delayMs) setTimeout(go, this.delayMs);
      else go();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  hits(path: string): OriginRequest[] {
    return this.requests.filter((r) => r.path === path);
  }
}

/** A route answering with a body, honouring If-None-Match against its ETag, compressed as the client accepts. */
export function conditional(
  contentType: string,
  body: () => string,
  etag: () => string,
  extraHeaders: Record<string, string> = {},
): Route {
  return (req, res) => {
    const tag = etag();
    if (req.headers['if-none-match'] === tag) {
      res.writeHead(304, { etag: tag, ...extraHeaders }).end();
      return;
    }
    sendCompressed(
      req,
      res,
      200,
      { 'content-type': contentType, etag: tag, 'last-modified': 'Mon, 06 May 2024 05:00:00 GMT', ...extraHeaders },
      body(),
    );
  };
}

export function sendCompressed(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const raw = Buffer.from(body, 'utf8');
  if (/\bbr\b/.test(accepts))
    res.writeHead(status, { ...headers, 'content-encoding': 'br' }).end(zlib.brotliCompressSync(raw));
  else if (/\bgzip\b/.test(accepts))
    res.writeHead(status, { ...headers, 'content-encoding': 'gzip' }).end(zlib.gzipSync(raw));
  else res.writeHead(status, headers).end(raw);
}

/** An article page of our own writing, wrapped in site furniture: menu, cookie banner, promo, related links, footer. */
export function articlePage(o: {
  title: string;
  paragraphs: string[];
  date?: string;
  author?: string;
  site?: string;
  canonical?: string;
}): string {
  return `<!doctype html><html><head><title>${o.title} | ${o.site ?? 'The Courier'}</title>
<meta property="og:site_name" content="${o.site ?? 'The Courier'}">
${o.date ? `<meta property="article:published_time" content="${o.date}">` : ''}
${o.author ? `<meta name="author" content="${o.author}">` : ''}
${o.canonical ? `<link rel="canonical" href="${o.canonical}">` : ''}
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies or manage your preferences.</div>
<header><nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<div class="promo-box"><p>Subscribe today: three months of unlimited reading for the price of one coffee.</p></div>
<main><article><h1>${o.title}</h1><div class="byline">By ${o.author ?? 'Staff'}</div>
${o.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
</article>
<aside class="related-stories"><h2>Related</h2><ul><li><a href="/a">Ten things to do this weekend in town</a></li><li><a href="/b">Weather turns cold again</a></li></ul></aside>
</main>
<footer><p>© The Courier 2024. All rights reserved. Contact us · Privacy policy · Terms of use</p></footer>
</body></html>`;
}
