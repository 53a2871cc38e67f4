/**
 * One tenant's traffic, errors, latency and saturation, for the tenant pages (literal tenant id,
 * escaped) and dashboards (a variable reference).
 */
import type { ServiceKind } from '../../contract/placement';
import { QueryInputError } from './escape';
import { errorRatio, latencyQuantile, requestRate, type SeriesOptions } from './gateway';
import { load, tenantShardSaturation } from './load';
import { aggregate, rateWindow, scopeMatchers, series, type LabelValue } from './scope';

export interface TenantOptions extends SeriesOptions {
  env?: LabelValue;
}

const scopeOf = (tenant: LabelValue, opts: TenantOptions) => ({
  ...(opts.env !== undefined ? { env: opts.env } : {}),
  tenant,
});

export const tenantRequestRate = (tenant: LabelValue, opts: TenantOptions = {}): string =>
  requestRate(scopeOf(tenant, opts), opts);

export const tenant5xxRatio = (tenant: LabelValue, opts: TenantOptions = {}): string =>
  errorRatio(scopeOf(tenant, opts), opts);

export const tenantLatency = (
  tenant: LabelValue,
  q: 0.5 | 0.9 | 0.95 | 0.99 | number,
  opts: TenantOptions = {}
): string => latencyQuantile(q, scopeOf(tenant, opts), opts);

/** The tenant's load on one service kind (gateway requests, aggregate commands, projected events). */
export const tenantLoad = (tenant: LabelValue, kind: ServiceKind, opts: TenantOptions = {}): string =>
  load(kind, scopeOf(tenant, opts), opts);

/** Gateway request rate as a share of the tenant's requests-per-second quota (1 = at quota). */
export function tenantQuotaSaturation(tenant: LabelValue, quotaRps: number, opts: TenantOptions = {}): string {
  if (!Number.isFinite(quotaRps) || quotaRps <= 0)
    throw new QueryInputError(`quota ${quotaRps} must be a positive number of requests per second`, 'quotaRps');
  return `${tenantRequestRate(tenant, opts)} / ${quotaRps}`;
}

/** The tenant's share of each shard's capacity it is placed on, per service kind. */
export const tenantShardShare = (tenant: LabelValue, kind: ServiceKind, opts: TenantOptions = {}): string =>
  tenantShardSaturation(kind, scopeOf(tenant, opts), { window: rateWindow(opts.window) });

/** Aggregate commands in flight for the tenant (what a drain waits to reach zero), by `opts.by`. */
export function tenantInFlight(tenant: LabelValue, opts: TenantOptions = {}): string {
  return aggregate('sum', opts.by ?? [], series('aggregate_in_flight_commands', scopeMatchers(scopeOf(tenant, opts))));
}
