/**
 * What a job's page graphs around the job window: the traffic of the job's target (a tenant, a
 * shard, an environment) as PromQL from the shared builders, and the window itself.
 */
import type { SceneDataQuery } from '@grafana/scenes';
import { SERVICE_KINDS, type JobDetail, type ServiceKind } from '../../contract';
import { errorRatio, requestRate, shardLoad, tenant5xxRatio, tenantInFlight, tenantLoad } from '../../shared/queries';
import type { TimeseriesSpec } from '../../shared/panels/observedPanels';

export interface JobTraffic {
  /** What the graphs show, e.g. "Traffic of tenant acme-001". */
  heading: string;
  queries: SceneDataQuery[];
  panels: TimeseriesSpec[];
}

type TrafficJob = Pick<JobDetail, 'type' | 'tenantId' | 'environment' | 'params'>;

const isKind = (v: unknown): v is ServiceKind => SERVICE_KINDS.includes(v as ServiceKind);
const paramString = (job: TrafficJob, key: string): string | undefined => {
  const v = job.params[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** Kinds whose load carries a tenant label. */
const TENANT_KINDS: readonly ServiceKind[] = SERVICE_KINDS.filter((k) => k !== 'runner');

function tenantTraffic(tenantId: string, job: TrafficJob): JobTraffic {
  const by = ['shard'];
  const moved = job.type === 'tenant.migrate' && isKind(job.params.kind) ? job.params.kind : undefined;
  const kinds = moved && TENANT_KINDS.includes(moved) ? [moved] : TENANT_KINDS;
  return {
    heading: `Traffic of tenant ${tenantId} by shard`,
    queries: [
      ...kinds.map((kind) => ({
        refId: `load-${kind}`,
        expr: tenantLoad(tenantId, kind, { by }),
        legendFormat: `${kind} {{shard}}`,
      })),
      { refId: 'inflight', expr: tenantInFlight(tenantId, { by }), legendFormat: '{{shard}}' },
      { refId: 'errors', expr: tenant5xxRatio(tenantId), legendFormat: '5xx ratio' },
    ],
    panels: [
      { title: 'Load by shard', unit: 'ops', refIds: kinds.map((k) => `load-${k}`) },
      { title: 'Commands in flight', unit: 'short', refIds: ['inflight'] },
      { title: '5xx ratio', unit: 'percentunit', refIds: ['errors'] },
    ],
  };
}

function shardTraffic(shardId: string): JobTraffic {
  return {
    heading: `Traffic of shard ${shardId}`,
    queries: [
      // The shard's kind is not in the job: each kind's load selects only the shard's own series.
      ...SERVICE_KINDS.map((kind) => ({
        refId: `load-${kind}`,
        expr: shardLoad(kind, { shard: shardId }),
        legendFormat: `${kind} {{shard}}`,
      })),
      { refId: 'errors', expr: errorRatio({ shard: shardId }), legendFormat: '5xx ratio' },
    ],
    panels: [
      { title: 'Shard load', unit: 'ops', refIds: SERVICE_KINDS.map((k) => `load-${k}`) },
      { title: '5xx ratio', unit: 'percentunit', refIds: ['errors'] },
    ],
  };
}

function environmentTraffic(job: TrafficJob): JobTraffic {
  const kind = isKind(job.params.kind) ? job.params.kind : undefined;
  const loads = (kind ? [kind] : SERVICE_KINDS).map((k) => ({
    refId: `load-${k}`,
    expr: shardLoad(k, { env: job.environment }),
    legendFormat: `${k} {{shard}}`,
  }));
  return {
    heading: `Traffic of ${job.environment} by shard`,
    queries: [
      ...loads,
      { refId: 'rate', expr: requestRate({ env: job.environment }), legendFormat: 'requests/s' },
      { refId: 'errors', expr: errorRatio({ env: job.environment }), legendFormat: '5xx ratio' },
    ],
    panels: [
      { title: 'Load by shard', unit: 'ops', refIds: loads.map((l) => l.refId) },
      { title: 'Requests/s', unit: 'reqps', refIds: ['rate'] },
      { title: '5xx ratio', unit: 'percentunit', refIds: ['errors'] },
    ],
  };
}

/**
 * The traffic a job touches: a tenant job → that tenant's load by shard (a drain falls to zero,
 * a migration moves from source to target); a shard job → the shard's load; anything else → its
 * environment's shards.
 */
export function jobTraffic(job: TrafficJob): JobTraffic {
  if (job.tenantId) return tenantTraffic(job.tenantId, job);
  const shardId = paramString(job, 'shardId');
  if (shardId) return shardTraffic(shardId);
  return environmentTraffic(job);
}

const MARGIN_MS = 15 * 60_000;

/**
 * The graphs' default range: 15 minutes either side of the job (start: started, else created;
 * end: finished), up to now while it runs or when the margin reaches past now.
 */
export function jobWindow(
  job: Pick<JobDetail, 'createdAt' | 'startedAt' | 'finishedAt'>,
  nowMs: number
): { from: string; to: string } {
  const start = Date.parse(job.startedAt ?? job.createdAt);
  const end = job.finishedAt ? Date.parse(job.finishedAt) + MARGIN_MS : undefined;
  return {
    from: new Date(start - MARGIN_MS).toISOString(),
    to: end === undefined || end >= nowMs ? 'now' : new Date(end).toISOString(),
  };
}
