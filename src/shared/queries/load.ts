/**
 * Load per service kind: the counter whose rate is a kind's load (the same choice the sidecar's
 * placement reads make), shard load and utilization against `node_shard_capacity_rps`.
 */
import type { ServiceKind } from '../../contract/placement';
import { QueryInputError } from './escape';
import { aggregate, rateWindow, scopeMatchers, series, type Scope } from './scope';
import type { SeriesOptions } from './gateway';

export const LOAD_METRIC: Record<ServiceKind, { metric: string; perTenant: boolean }> = {
  gateway: { metric: 'gateway_requests_total', perTenant: true },
  aggregate: { metric: 'aggregate_commands_total', perTenant: true },
  projection: { metric: 'projection_events_processed_total', perTenant: true },
  runner: { metric: 'runner_effects_total', perTenant: false },
};

const CAPACITY = 'node_shard_capacity_rps';

function loadMetric(kind: ServiceKind, scope: Scope): string {
  const m = LOAD_METRIC[kind];
  if (!m) throw new QueryInputError(`unknown service kind "${String(kind)}"`, 'kind');
  if (scope.tenant !== undefined && !m.perTenant)
    throw new QueryInputError(`${kind} load has no tenant_id label`, 'tenant');
  return m.metric;
}

/** Events per second of a kind (requests, commands, projected events, effects). */
export function load(kind: ServiceKind, scope: Scope, opts: SeriesOptions = {}): string {
  const w = rateWindow(opts.window);
  return aggregate('sum', opts.by ?? [], `rate(${series(loadMetric(kind, scope), scopeMatchers(scope))}[${w}])`);
}

/** Per-shard load of a kind (`env`, `shard` kept). */
export function shardLoad(
  kind: ServiceKind,
  scope: Omit<Scope, 'tenant'> = {},
  opts: { window?: string } = {}
): string {
  return load(kind, { ...scope, service: kind }, { by: ['env', 'shard'], window: opts.window });
}

/** Capacity (rps) per shard of a kind. */
export function shardCapacity(kind: ServiceKind, scope: Omit<Scope, 'tenant'> = {}): string {
  return aggregate('max', ['env', 'shard'], series(CAPACITY, scopeMatchers({ ...scope, service: kind })));
}

/** Per-shard utilization: load / capacity (1 = at capacity). */
export function shardUtilization(
  kind: ServiceKind,
  scope: Omit<Scope, 'tenant'> = {},
  opts: { window?: string } = {}
): string {
  return `${shardLoad(kind, scope, opts)} / on (env, shard) group_left ${shardCapacity(kind, scope)}`;
}

/** A tenant's load on each shard of a kind as a share of that shard's capacity. */
export function tenantShardSaturation(
  kind: ServiceKind,
  scope: Scope & { tenant: Scope['tenant'] },
  opts: { window?: string } = {}
): string {
  const { tenant: _tenant, ...shardScope } = scope;
  const tenantLoad = load(
    kind,
    { ...scope, service: kind },
    { by: ['env', 'shard', 'tenant_id'], window: opts.window }
  );
  return `${tenantLoad} / on (env, shard) group_left ${shardCapacity(kind, shardScope)}`;
}
