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
  return {
    registry,
    install(app) {
      // A callback hook: nothing to await, so no promise per request.
      app.addHook('onResponse', (request, reply, done) => {
        const labels = {
          route: request.routeOptions.url ?? UNMATCHED,
          method: request.method,
          status_class: `${Math.floor(reply.statusCode / 100)}xx`,
        };
        requests.inc(labels);
        duration.observe(labels, reply.elapsedTime / 1000);
        done();
      });
    },
  };
}
