/**
 * The executable's own Prometheus metrics, returned by Diagnostics.CollectMetrics (Grafana exposes
 * them at /metrics/plugins/<id>). Request counts and durations per protocol method, query counts
 * per query type and outcome, and the process metrics of the runtime. Labels never carry secrets or
 * user input beyond the query type, which is capped in length.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface PluginMetrics {
  registry: Registry;
  /** Times one protocol call; returns the function that records its outcome. */
  startRequest(method: string): (outcome: 'ok' | 'error') => void;
  countQuery(queryType: string, outcome: 'ok' | 'error'): void;
  text(): Promise<string>;
}

export function createPluginMetrics(registry = new Registry(), prefix = 'switchyard_datasource_'): PluginMetrics {
  try {
    collectDefaultMetrics({ register: registry, prefix });
  } catch {
    // A runtime without some process probes (event loop lag, handles) still serves the request metrics.
  }
  const requests = new Counter({
    name: `${prefix}requests_total`,
    help: 'Plugin protocol calls by method and outcome.',
    labelNames: ['method', 'outcome'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: `${prefix}request_duration_seconds`,
    help: 'Plugin protocol call duration by method.',
    labelNames: ['method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const queries = new Counter({
    name: `${prefix}queries_total`,
    help: 'Queries answered by query type and outcome.',
    labelNames: ['query_type', 'outcome'],
    registers: [registry],
  });
  return {
    registry,
    startRequest(method) {
      const stop = durations.startTimer({ method });
      return (outcome) => {
        stop();
        requests.inc({ method, outcome });
      };
    },
    countQuery(queryType, outcome) {
      const label = /^[A-Za-z0-9_.:-]{0,64}$/.test(queryType) ? queryType || 'default' : 'other';
      queries.inc({ query_type: label, outcome });
    },
    text: () => registry.metrics(),
  };
}
