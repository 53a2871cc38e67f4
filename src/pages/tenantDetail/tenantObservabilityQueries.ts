import type { SceneDataQuery } from '@grafana/scenes';
import { SERVICE_KINDS } from '../../contract';
import {
  tenant5xxRatio,
  tenantLatency,
  tenantLoad,
  tenantLogs,
  tenantQuotaSaturation,
  tenantRequestRate,
  type LogLevel,
} from '../../shared/queries';

export interface MetricsPanelSpec {
  title: string;
  unit: string;
  /** The refIds of the shared metrics runner this panel shows. */
  refIds: string[];
}

/** Service kinds whose load carries a tenant label (the runner's does not). */
export const TENANT_LOAD_KINDS = SERVICE_KINDS.filter((k) => k !== 'runner');

/**
 * The requests per second the tenant may send and where that figure comes from: its effective
 * `tenant.limits` (what the platform enforces; the Config tab shows every key's source), or its
 * quota on the tenant record when the effective config cannot be read.
 */
export interface TenantRateLimit {
  requestsPerSecond: number;
  /** e.g. `config environment:prod v1`, `built-in default`, `tenant quota`. */
  source: string;
}

/**
 * Every VictoriaMetrics query of a tenant's Observability tab, one runner (one data request) for
 * all of them; the saturation query only when the tenant has a requests-per-second limit.
 */
export function tenantMetricQueries(tenantId: string, limit?: TenantRateLimit): SceneDataQuery[] {
  const quotaRps = limit?.requestsPerSecond;
  const queries: SceneDataQuery[] = [
    { refId: 'rate', expr: tenantRequestRate(tenantId), legendFormat: 'requests/s' },
    { refId: 'errors', expr: tenant5xxRatio(tenantId), legendFormat: '5xx ratio' },
    { refId: 'p95', expr: tenantLatency(tenantId, 0.95), legendFormat: 'p95' },
    { refId: 'p99', expr: tenantLatency(tenantId, 0.99), legendFormat: 'p99' },
    ...TENANT_LOAD_KINDS.map((kind) => ({
      refId: `load-${kind}`,
      expr: tenantLoad(tenantId, kind),
      legendFormat: kind,
    })),
  ];
  if (quotaRps !== undefined && quotaRps > 0) {
    queries.push({ refId: 'saturation', expr: tenantQuotaSaturation(tenantId, quotaRps), legendFormat: 'of limit' });
  }
  return queries;
}

/** The panels over those queries, in page order. */
export function tenantMetricPanels(limit?: TenantRateLimit): MetricsPanelSpec[] {
  const saturation =
    limit && limit.requestsPerSecond > 0
      ? [
          {
            title: `Saturation of its limit (${limit.requestsPerSecond.toLocaleString('en-US')} req/s, ${limit.source})`,
            unit: 'percentunit',
            refIds: ['saturation'],
          },
        ]
      : [];
  return [
    { title: 'Request rate', unit: 'reqps', refIds: ['rate'] },
    { title: '5xx ratio', unit: 'percentunit', refIds: ['errors'] },
    { title: 'Latency p95 / p99', unit: 's', refIds: ['p95', 'p99'] },
    ...saturation,
    { title: 'Load per service kind', unit: 'ops', refIds: TENANT_LOAD_KINDS.map((k) => `load-${k}`) },
  ];
}

/** The tenant's log lines at `minLevel` and above. */
export function tenantLogQuery(tenantId: string, minLevel: LogLevel): SceneDataQuery {
  return { refId: 'logs', expr: tenantLogs(tenantId, { minLevel }), queryType: 'range' };
}
