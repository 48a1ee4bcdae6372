/**
 * GET /metrics — Prometheus text format (prom-client): the process (CPU, memory, event-loop lag) and the
 * live feed (clients, changes read, deliveries, head seq, commit-to-emit lag).
 * On the main port it needs metrics:read (route table: admin sessions, monitor tokens; 401/403 otherwise);
 * with METRICS_PORT the same registry is also served without credentials there (metrics-listener.ts).
 */
import { requirePermission } from '../auth/auth-require.ts';
import { Router } from 'express';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { FeedFigures } from '../../realtime/feed-stats.ts';

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pingan_' });
  return registry;
}

/** Exposes the live feed's figures; values are read from `figures()` at scrape time. */
export function registerLiveMetrics(registry: Registry, figures: () => FeedFigures): void {
  new Gauge({
    name: 'pingan_live_clients',
    help: 'Live-feed sockets connected to this process',
    registers: [registry],
    collect() {
      this.set(figures().clients);
    },
  });
  new Gauge({
    name: 'pingan_live_seq',
    help: 'Highest change-log seq this process has read',
    registers: [registry],
    collect() {
      this.set(figures().seq);
    },
  });
  const read = new Counter({ name: 'pingan_live_changes_total', help: 'Changes read from the change log', registers: [registry], collect: () => sync() });
  const emitted = new Counter({
    name: 'pingan_live_deliveries_total',
    help: 'Change deliveries to sockets (after filtering and coalescing)',
    registers: [registry],
    collect: () => sync(),
  });
  let lastRead = 0;
  let lastEmitted = 0;
  const sync = () => {
    const f = figures();
    read.inc(Math.max(0, f.changesTotal - lastRead));
    emitted.inc(Math.max(0, f.emittedTotal - lastEmitted));
    lastRead = f.changesTotal;
    lastEmitted = f.emittedTotal;
  };
  const lag = new Gauge({
    name: 'pingan_live_lag_ms',
    help: 'Commit-to-read lag of recent changes, milliseconds',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      const f = figures();
      lag.set({ quantile: '0.5' }, f.lagMs.p50);
      lag.set({ quantile: '0.99' }, f.lagMs.p99);
    },
  });
}

export function metricsRouter(deps: { registry: Registry }): Router {
  const router = Router();
  router.get('/metrics', async (req, res, next) => {
    try {
      requirePermission(req, 'metrics:read'); // also the route table's rule (defence in depth)
      res.set('Content-Type', deps.registry.contentType).send(await deps.registry.metrics());
    } catch (err) {
      next(err);
    }
  });
  return router;
}
