/**
 * One polite HTTP GET: http/https only, the SSRF guard at connect time, one request at a time per host,
 * a deadline, a body limit counted after decompression (gzip, deflate, br), and a bounded number of redirects.
 */
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { HostQueue } from './host-queue.ts';
import { RefusedUrl, checkUrl, guardedLookup } from './ssrf.ts';

export interface FetchLimits {
  /** Whole request, redirects included. */
  timeoutMs: number;
  /** Bytes of body kept, after decompression. */
  maxBytes: number;
  maxRedirects: number;
  allowPrivate: boolean;
  userAgent: string;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
  userAgent: 'briefbot/0.1 (+https://github.com/briefbot; feed reader)',
};

export interface FetchResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** After redirects. */
  url: string;
}

/** Why a fetch failed, in plain words for `/feeds list`. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'timeout' | 'too-large' | 'redirects' | 'network',
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export class Fetcher {
  private readonly hosts = new HostQueue();

  constructor(private readonly limits: FetchLimits = DEFAULT_FETCH_LIMITS) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<FetchResult> {
    // The clock starts when the first request goes out, not while it waits its turn for the host.
    let deadline: number | null = null;
    const seen = new Set<string>();
    let current = parseUrl(url);
    for (let hop = 0; ; hop++) {
      try {
        checkUrl(current, this.limits.allowPrivate);
      } catch (err) {
        throw new FetchError((err as Error).message, 'refused');
      }
      seen.add(current.href);
      const target = current;
      const result = await this.hosts.run(target.host, () =>
        this.once(target, headers, (deadline ??= Date.now() + this.limits.timeoutMs)),
      );
      const location = result.headers.location;
      if (result.status >= 300 && result.status < 400 && result.status !== 304 && location) {
        if (hop >= this.limits.maxRedirects)
          throw new FetchError(`more than ${this.limits.maxRedirects} redirects`, 'redirects');
        const next = parseUrl(location, current);
        if (seen.has(next.href)) throw new FetchError(`redirect loop at ${next.href.slice(0, 120)}`, 'redirects');
        current = next;
        continue;
      }
      return { ...result, url: current.href };
    }
  }

  private once(url: URL, headers: Record<string, string>, deadline: number): Promise<Omit<FetchResult, 'url'>> {
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      return Promise.reject(
        new FetchError(`no answer within ${Math.round(this.limits.timeoutMs / 1000)} s`, 'timeout'),
      );
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(
          err instanceof FetchError
            ? err
            : err instanceof RefusedUrl
              ? new FetchError(err.message, 'refused')
              : new FetchError(networkWords(err), 'network'),
        );
      };
      const timer = setTimeout(
        () => fail(new FetchError(`no answer within ${Math.round(this.limits.timeoutMs / 1000)} s`, 'timeout')),
        remaining,
      );
      const req = client.get(
        url,
        {
          headers: {
            'user-agent': this.limits.userAgent,
            'accept-encoding': 'gzip, deflate, br',
            accept: '*/*',
            ...headers,
          },
          lookup: guardedLookup(this.limits.allowPrivate),
          agent: false,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          // Redirects and 304 carry no body worth reading.
          if ((status >= 300 && status < 400) || status === 204) {
            res.resume();
            settled = true;
            clearTimeout(timer);
            resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
            return;
          }
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > this.limits.maxBytes) {
            fail(
              new FetchError(
                `the answer is too large (${declared} bytes; at most ${this.limits.maxBytes})`,
                'too-large',
              ),
            );
            return;
          }
          const stream = decoded(res);
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.limits.maxBytes)
              fail(new FetchError(`the answer is too large (more than ${this.limits.maxBytes} bytes)`, 'too-large'));
            else chunks.push(chunk);
          });
          stream.on('error', (err) =>
            fail(new FetchError(`the answer could not be decompressed (${err.message.slice(0, 60)})`, 'network')),
          );
          stream.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', fail);
        },
      );
      req.on('error', fail);
    });
  }
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return res.pipe(zlib.createInflate());
  if (encoding === 'br') return res.pipe(zlib.createBrotliDecompress());
  return res;
}

function parseUrl(text: string, base?: URL): URL {
  try {
    return new URL(text, base);
  } catch {
    throw new FetchError(`not a valid address: ${text.slice(0, 80)}`, 'refused');
  }
}

function networkWords(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be found';
    case 'ECONNREFUSED':
      return 'the server refused the connection';
    case 'ECONNRESET':
      return 'the server closed the connection';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `the server's certificate is not valid (${code})`;
    default:
      return `the request failed (${code ?? err.message.slice(0, 60)})`;
  }
}
