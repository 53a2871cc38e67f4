/**
 * The PromQL a canary gate runs against VictoriaMetrics, over the per-track workload series
 * (`workload_requests_total`, `workload_request_duration_seconds`): request count, 5xx ratio and
 * p95 in ms of one track of the target shards over the gate window. The baseline is the stable
 * track measured before the deploy starts (same queries, evaluated at the pre-deploy instant).
 */
import type { Environment, ServiceKind } from '../../contract';

export interface GateQueryScope {
  service: ServiceKind;
  environment: Environment;
  /** Shard ids (lowercase letters, digits, `-`, `_`: safe inside a regex matcher). */
  shards: readonly string[];
  windowSeconds: number;
}

export interface TrackQueries {
  requests: string;
  errorRatio5xx: string;
  p95Ms: string;
}

const SHARD = /^[a-z0-9][a-z0-9_-]{0,99}$/;

export function gateQueries(scope: GateQueryScope, track: 'stable' | 'canary'): TrackQueries {
  if (scope.shards.length === 0 || !scope.shards.every((s) => SHARD.test(s)))
    throw new RangeError('gate queries need at least one well-formed shard id');
  const w = `${Math.round(scope.windowSeconds)}s`;
  const sel = `service="${scope.service}",env="${scope.environment}",shard=~"${scope.shards.join('|')}",track="${track}"`;
  return {
    requests: `sum(increase(workload_requests_total{${sel}}[${w}]))`,
    // No 5xx series at all (a healthy canary) is a ratio of 0, not "no data": `or vector(0)`.
    errorRatio5xx:
      `(sum(rate(workload_requests_total{${sel},status_class="5xx"}[${w}])) or vector(0))` +
      ` / sum(rate(workload_requests_total{${sel}}[${w}]))`,
    p95Ms: `histogram_quantile(0.95, sum by (le) (rate(workload_request_duration_seconds_bucket{${sel}}[${w}]))) * 1000`,
  };
}
