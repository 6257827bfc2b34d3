import http from 'node:http';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/**
 * The service's one HTTP server: /healthz here, /slack/events and /discord/interactions mounted by the adapters.
 * /healthz answers 503 until markReady() (corpus loaded, adapters up), then 200.
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private ready = false;
  readonly server: http.Server;

  constructor() {
    this.server = http.createServer((req, res) => void this.dispatch(req, res));
    this.route('/healthz', (_req, res) => {
      res.writeHead(this.ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: this.ready }));
    });
  }

  /** Mounts a handler for every method on an exact path (query string ignored). */
  route(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  markReady(ready = true): void {
    this.ready = ready;
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const addr = this.server.address();
    return typeof addr === 'object' && addr ? addr.port : port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const handler = this.routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      await handler(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    }
  }
}
