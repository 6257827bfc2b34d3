import type http from 'node:http';
import { StatusAccess } from '../../status/access.ts';
import { renderLoginPage, renderStatusPage } from '../../status/render-page.ts';
import type { StatusSource } from '../../status/types.ts';
import type { HttpServer } from './server.ts';

/** A login form is a token and nothing else. */
const MAX_FORM_BYTES = 4096;

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

export interface StatusPageOptions {
  source: StatusSource;
  /** STATUS_TOKEN: without it the page answers the loopback address only. */
  token?: string;
}

/**
 * The status page at / and /status on the service's HTTP server: GET shows it (or the login form, when a token is
 * set and not given), POST /status takes the form's token and sets the session cookie. Nothing else is served here.
 */
export function mountStatusPage(server: HttpServer, options: StatusPageOptions): void {
  const access = new StatusAccess(options.token);
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const decision = access.decide({
      remoteAddress: req.socket.remoteAddress,
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    if (req.method === 'POST' && access.needsToken) return login(req, res, access);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return void res
        .writeHead(405, { ...HEADERS, allow: 'GET, HEAD, POST' })
        .end(renderLoginPage('Use GET to see the page.'));
    if (!decision.allow) {
      if (decision.login)
        return void res
          .writeHead(401, { ...HEADERS, 'www-authenticate': 'Bearer realm="briefbot status"' })
          .end(renderLoginPage());
      return void res.writeHead(403, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(decision.reason);
    }
    const html = req.method === 'HEAD' ? undefined : await renderStatusPage(options.source);
    res.writeHead(200, HEADERS).end(html);
  };
  server.route('/', handler);
  server.route('/status', handler);
}

async function login(req: http.IncomingMessage, res: http.ServerResponse, access: StatusAccess): Promise<void> {
  const form = await readForm(req);
  if (form === null) return void res.writeHead(413, HEADERS).end(renderLoginPage('That form is too large.'));
  if (!access.tokenMatches(form.get('token') ?? ''))
    return void res.writeHead(401, HEADERS).end(renderLoginPage('That token is not right.'));
  res.writeHead(303, { ...HEADERS, location: '/status', 'set-cookie': access.sessionCookie() }).end();
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
