/**
 * Prometheus metrics on a per-app registry (no global state): request counter and latency histogram
 * labelled by route TEMPLATE, method and status class (never raw paths), plus default process metrics.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const PREFIX = 'switchyard_';
const UNMATCHED = 'unmatched';

export interface Metrics {
  registry: Registry;
  install(app: FastifyInstance): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const labelNames = ['route', 'method', 'status_class'] as const;
  const requests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests handled',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // The labelled series of each (route, method, status class), looked up once: no label hashing per request.
  const series = new Map<string, { count(): void; observe(seconds: number): void }>();
  const seriesOf = (route: string, method: string, statusClass: string) => {
    const key = `${route}\n${method}\n${statusClass}`;
    let s = series.get(key);
    if (!s) {
      const labels = { route, method, status_class: statusClass };
      const counter = requests.labels(labels);
      const histogram = duration.labels(labels);
      s = { count: () => counter.inc(), observe: (seconds) => histogram.observe(seconds) };
      series.set(key, s);
    }
    return s;
  };
  return {
    registry,
    install(app) {
      // A callback hook: nothing to await, so no promise per request.
      app.addHook('onResponse', (request, reply, done) => {
        const s = seriesOf(
          request.routeOptions.url ?? UNMATCHED,
          request.method,
          `${Math.floor(reply.statusCode / 100)}xx`
        );
        s.count();
        s.observe(reply.elapsedTime / 1000);
        done();
      });
    },
  };
}
