import http from 'node:http';
import { log } from '../../util/log.ts';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** What /healthz says: loading (503, with how far), ready (200), or stopping (503, no new work taken). */
export type HealthState =
  | { status: 'loading'; articles: number; of: number; phase?: string; percent?: number }
  | { status: 'ready'; articles?: number }
  | { status: 'stopping' };

export const HEALTH_PATH = '/healthz';

/**
 * The service's one HTTP server: /healthz here, /slack/events and /discord/interactions mounted by the adapters.
 * It listens from the start: /healthz says 503 "loading" (with progress, from the provider given to health())
 * until the service is ready, then 200. After drain() every route but /healthz answers 503 (a stop is under way)
 * and /healthz says "stopping". A handler that throws is logged with its stack and its request answered once:
 * 500 when nothing was sent yet, else left as it was answered.
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private ready = false;
  private draining = false;
  private provider: (() => HealthState) | null = null;
  readonly server: http.Server;

  constructor() {
    this.server = http.createServer((req, res) => void this.dispatch(req, res));
    this.route(HEALTH_PATH, (_req, res) => {
      const state = this.health();
      res.writeHead(state.status === 'ready' ? 200 : 503, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(state));
    });
  }

  /** Mounts a handler for every method on an exact path (query string ignored). */
  route(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  /** Where /healthz reads the service's state from (the loading bot's progress); without one, markReady() decides. */
  healthFrom(provider: () => HealthState): void {
    this.provider = provider;
  }

  markReady(ready = true): void {
    this.ready = ready;
  }

  /** Stop taking new work: every route but /healthz answers 503 from now on; requests already running finish. */
  drain(): void {
    this.draining = true;
  }

  health(): HealthState {
    if (this.draining) return { status: 'stopping' };
    if (this.provider) return this.provider();
    return this.ready ? { status: 'ready' } : { status: 'loading', articles: 0, of: 0 };
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const addr = this.server.address();
    return typeof addr === 'object' && addr ? addr.port : port;
  }

  /** Stops listening; open keep-alive connections are closed once their request is answered. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeIdleConnections?.();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Requests still running get a moment to finish; then whatever is left is cut.
    const cut = setTimeout(() => this.server.closeAllConnections?.(), 2000);
    cut.unref();
    await closed;
    clearTimeout(cut);
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // A stream error on a request or its response (a client gone, a write after end) is that request's end,
    // never the process's: without a listener Node throws it as an uncaught exception.
    req.on('error', (err) => log.debug({ err: err.message }, 'http request stream error'));
    res.on('error', (err) =>
      log.warn({ err: err.message, path: req.url?.slice(0, 100) }, 'http response stream error'),
    );
    const path = (req.url ?? '/').split('?')[0];
    const handler = this.routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (this.draining && path !== HEALTH_PATH) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '10', connection: 'close' }).end('stopping');
      return;
    }
    try {
      await handler(req, res);
    } catch (err) {
      log.error(
        {
          path: path.slice(0, 100),
          err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err),
        },
        'http handler failed',
      );
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      else if (!res.writableEnded) res.end();
    }
  }
}
