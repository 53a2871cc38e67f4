/**
 * Every PromQL expression the shared query builders (src/shared/queries) produce for one seeded tenant,
 * its shards and its environment: each builder, each service kind, each grouping the pages use, with
 * literal values and with dashboard variables.
 */
import type { ServiceKind } from '../../src/contract/placement';
import * as q from '../../src/shared/queries';
import * as logql from '../../src/shared/queries/logs';

export interface Seed {
  tenant: string;
  /** A second tenant, for the several-tenants form. */
  otherTenant: string;
  /** A tenant with an isolation verdict exported by the sidecar. */
  isolationTenant: string;
  env: string;
  shards: Record<ServiceKind, string>;
}

export interface BuiltQuery {
  builder: string;
  expr: string;
}

const TENANT_KINDS = ['gateway', 'aggregate', 'projection'] as const;
const KINDS = ['gateway', 'aggregate', 'projection', 'runner'] as const;
const GROUPINGS: ReadonlyArray<readonly string[]> = [[], ['shard'], ['env', 'shard', 'tenant_id']];

export function builderExpressions(s: Seed): BuiltQuery[] {
  const out: BuiltQuery[] = [];
  const add = (builder: string, expr: string) => out.push({ builder, expr });
  for (const by of GROUPINGS) {
    const o = { env: s.env, by };
    add('tenantRequestRate', q.tenantRequestRate(s.tenant, o));
    add('tenant5xxRatio', q.tenant5xxRatio(s.tenant, o));
    add('tenantLatency', q.tenantLatency(s.tenant, 0.95, o));
    add('tenantLatency', q.tenantLatency(s.tenant, 0.99, o));
    add('tenantQuotaSaturation', q.tenantQuotaSaturation(s.tenant, 100, o));
    add('errorRate', q.errorRate({ env: s.env, tenant: s.tenant }, { by }));
    add('requestRate', q.requestRate({ shard: s.shards.gateway }, { by }));
    add('errorRatio', q.errorRatio({ env: s.env, shard: s.shards.gateway }, { by }));
    add('latencyQuantile', q.latencyQuantile(0.95, { env: s.env, shard: s.shards.gateway }, { by }));
    for (const kind of TENANT_KINDS) add('tenantLoad', q.tenantLoad(s.tenant, kind, o));
    add('tenantInFlight', q.tenantInFlight(s.tenant, o));
  }
  add('tenantRequestRate', q.tenantRequestRate([s.tenant, s.otherTenant], { by: ['tenant_id'] }));
  add('tenantRequestRate', q.tenantRequestRate(s.tenant, { window: '1m' }));
  for (const kind of TENANT_KINDS) {
    add('tenantShardShare', q.tenantShardShare(s.tenant, kind, { env: s.env }));
    add('tenantShardSaturation', q.tenantShardSaturation(kind, { tenant: s.tenant }));
  }
  for (const kind of KINDS) {
    for (const scope of [{}, { env: s.env }, { shard: s.shards[kind] }]) {
      add('shardLoad', q.shardLoad(kind, scope));
      add('shardCapacity', q.shardCapacity(kind, scope));
      add('shardUtilization', q.shardUtilization(kind, scope));
    }
    add('load', q.load(kind, { env: s.env }, { by: ['shard'] }));
  }
  for (const opts of [{}, { env: s.env }, { by: ['env'] }]) {
    add('fleetRequestRate', q.fleetRequestRate(opts));
    add('fleet5xxRatio', q.fleet5xxRatio(opts));
    add('fleetLatency', q.fleetLatency(0.95, opts));
    add('fleetLatency', q.fleetLatency(0.99, opts));
  }
  add('isolationVerdictCounts', q.isolationVerdictCounts());
  add('isolationVerdictCounts', q.isolationVerdictCounts({ tenant: s.isolationTenant }));
  add('isolationVerdictCounts', q.isolationVerdictCounts({ verdict: ['violation', 'isolated'] }));
  add('isolationViolationsByCheck', q.isolationViolationsByCheck());
  add('activeJobs', q.activeJobs());
  add('activeJobs', q.activeJobs({ by: ['type'], status: ['awaiting_approval', 'running'] }));
  add('oldestRunningJobSeconds', q.oldestRunningJobSeconds());
  return out;
}

/** Exported functions that return PromQL (the LogQL module's builders and the helpers are checked elsewhere). */
export const PROMQL_BUILDERS = Object.keys(q).filter(
  (k) =>
    typeof (q as Record<string, unknown>)[k] === 'function' &&
    !(k in logql) &&
    !['quoteString', 'escapeRegex', 'QueryInputError', 'variable'].includes(k)
);
