/**
 * The executable's own Prometheus metrics, returned by Diagnostics.CollectMetrics (Grafana exposes
 * them at /metrics/plugins/<id>). Request counts and durations per protocol method, query counts
 * per query type and outcome, and the process metrics of the runtime. Labels never carry secrets or
 * user input: `query_type` is one of the data source's known query types (`queryTypes`), `default`
 * for none, `invalid_json` for a query that could not be decoded, and `other` for anything else, so
 * arbitrary queryTypes sent to the plugin cannot create unbounded series.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type RequestOutcome = 'ok' | 'error' | 'cancelled';

export interface PluginMetrics {
  registry: Registry;
  /** Times one protocol call; returns the function that records its outcome (`cancelled`: the client went away). */
  startRequest(method: string): (outcome: RequestOutcome) => void;
  countQuery(queryType: string, outcome: 'ok' | 'error'): void;
  text(): Promise<string>;
}

export interface PluginMetricsOptions {
  /**
   * The query types the data source knows (BackendHandlers.queryTypes). Without a list, only the
   * first MAX_UNLISTED_QUERY_TYPES distinct values get their own label.
   */
  queryTypes?: readonly string[];
}

/** The label of a query that could not be decoded (counted by the protocol layer). */
export const INVALID_JSON_QUERY_TYPE = 'invalid_json';
export const MAX_UNLISTED_QUERY_TYPES = 20;

/** Maps a DataQuery.queryType to a bounded `query_type` label. */
export function queryTypeLabeler(queryTypes?: readonly string[]): (queryType: string) => string {
  const known = new Set<string>(queryTypes ?? []);
  const seen = new Set<string>();
  return (queryType) => {
    if (queryType === '') return 'default';
    if (queryType === INVALID_JSON_QUERY_TYPE || known.has(queryType)) return queryType;
    if (queryTypes || !/^[A-Za-z0-9_.:-]{1,64}$/.test(queryType)) return 'other';
    if (!seen.has(queryType) && seen.size >= MAX_UNLISTED_QUERY_TYPES) return 'other';
    seen.add(queryType);
    return queryType;
  };
}

export function createPluginMetrics(
  registry = new Registry(),
  prefix = 'switchyard_datasource_',
  opts: PluginMetricsOptions = {}
): PluginMetrics {
  const queryTypeLabel = queryTypeLabeler(opts.queryTypes);
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
      queries.inc({ query_type: queryTypeLabel(queryType), outcome });
    },
    text: () => registry.metrics(),
  };
}
