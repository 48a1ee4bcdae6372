/**
 * The optional separate listen address for Prometheus (METRICS_PORT, METRICS_HOST; docs/operations.md):
 *   GET /metrics → 200 Prometheus text format, without credentials — the address itself is the access control
 *   (default host 127.0.0.1; bind it to an internal interface only). Anything else → 404.
 * On the main port /metrics stays behind the route table (metrics:read).
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../../logger.ts';

export function startMetricsListener(deps: { registry: Registry; host: string; port: number; log: Logger }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    deps.registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': deps.registry.contentType, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      (err: Error) => {
        deps.log.error({ err }, 'metrics scrape failed');
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
