/**
 * Gateway traffic (`gateway_requests_total`, `gateway_request_duration_seconds`): request rate, 5xx
 * ratio and latency quantiles for any scope: one tenant, a shard, an environment or the whole fleet.
 */
import { aggregate, quantile, rateWindow, scopeMatchers, series, type Scope } from './scope';

export interface SeriesOptions {
  /** Labels kept on the result (`sum by (...)`); none gives one series. */
  by?: readonly string[];
  /** Rate window; `$__rate_interval` by default. */
  window?: string;
}

const REQUESTS = 'gateway_requests_total';
const DURATION_BUCKETS = 'gateway_request_duration_seconds_bucket';
const FIVE_XX = { label: 'status_class', op: '=', value: '5xx' } as const;

/** Requests per second. */
export function requestRate(scope: Scope, opts: SeriesOptions = {}): string {
  const w = rateWindow(opts.window);
  return aggregate('sum', opts.by ?? [], `rate(${series(REQUESTS, scopeMatchers(scope))}[${w}])`);
}

/** 5xx responses per second. */
export function errorRate(scope: Scope, opts: SeriesOptions = {}): string {
  const w = rateWindow(opts.window);
  return aggregate('sum', opts.by ?? [], `rate(${series(REQUESTS, scopeMatchers(scope, [FIVE_XX]))}[${w}])`);
}

/** Share of requests answered 5xx (0–1). */
export function errorRatio(scope: Scope, opts: SeriesOptions = {}): string {
  return `${errorRate(scope, opts)} / ${requestRate(scope, opts)}`;
}

/** Latency quantile in seconds (e.g. 0.95 for p95) from the gateway histogram. */
export function latencyQuantile(q: number, scope: Scope, opts: SeriesOptions = {}): string {
  const w = rateWindow(opts.window);
  const inner = aggregate(
    'sum',
    ['le', ...(opts.by ?? [])],
    `rate(${series(DURATION_BUCKETS, scopeMatchers(scope))}[${w}])`
  );
  return `histogram_quantile(${quantile(q)}, ${inner})`;
}
