/**
 * The panel queries of a "Switchyard control plane" dashboard (control-plane panels beside the
 * VictoriaMetrics ones), as typed constants the dashboard generator can take as they are. Each one is
 * validated against the data source's contract by datasource.test.ts.
 */
import { DATASOURCE_PLUGIN_ID, DATASOURCE_UID, type DsQueryInput } from '../contract';

export const CONTROL_PLANE_DATASOURCE = { type: DATASOURCE_PLUGIN_ID, uid: DATASOURCE_UID } as const;

export interface ExamplePanelQuery {
  /** Panel title on the dashboard. */
  title: string;
  /** Suggested panel type. */
  panel: 'stat' | 'timeseries' | 'table' | 'bargauge' | 'annotations';
  query: DsQueryInput & { refId: string };
}

export const EXAMPLE_QUERIES = {
  tenantsByStatus: {
    title: 'Tenants by status',
    panel: 'stat',
    query: { refId: 'A', queryType: 'tenantCounts', groupBy: 'status', format: 'numeric' },
  },
  tenantStatusOverTime: {
    title: 'Tenant status over time',
    panel: 'timeseries',
    query: { refId: 'A', queryType: 'tenantCounts', groupBy: 'status', format: 'timeseries' },
  },
  degradedTenants: {
    title: 'Degraded tenants',
    panel: 'table',
    query: { refId: 'A', queryType: 'tenants', status: ['degraded'], environment: ['$environment'], limit: 500 },
  },
  isolationVerdicts: {
    title: 'Isolation verdicts',
    panel: 'stat',
    query: { refId: 'A', queryType: 'isolation', format: 'counts' },
  },
  isolationViolations: {
    title: 'Tenants in isolation violation',
    panel: 'table',
    query: { refId: 'A', queryType: 'isolation', format: 'violations', environment: ['$environment'] },
  },
  jobsByStatus: {
    title: 'Jobs by status',
    panel: 'timeseries',
    query: { refId: 'A', queryType: 'jobs', format: 'timeseries', groupBy: 'status', environment: ['$environment'] },
  },
  failedJobs: {
    title: 'Failed jobs (next to the 5xx graph)',
    panel: 'table',
    query: { refId: 'A', queryType: 'jobs', format: 'table', status: ['failed'], environment: ['$environment'] },
  },
  jobDurations: {
    title: 'Job durations',
    panel: 'timeseries',
    query: { refId: 'A', queryType: 'jobs', format: 'durations', type: ['$jobType'] },
  },
  shardTenants: {
    title: 'Tenants per shard',
    panel: 'bargauge',
    query: { refId: 'A', queryType: 'placement', format: 'numeric', metric: 'tenants' },
  },
  shardUtilization: {
    title: 'Shard utilization',
    panel: 'table',
    query: { refId: 'A', queryType: 'placement', format: 'table' },
  },
  alertInbox: {
    title: 'Alert inbox',
    panel: 'table',
    query: { refId: 'A', queryType: 'alerts', status: 'firing', limit: 100 },
  },
  recentAudit: {
    title: 'Recent control-plane changes',
    panel: 'table',
    query: { refId: 'A', queryType: 'audit', limit: 100 },
  },
  jobAnnotations: {
    title: 'Jobs (annotations)',
    panel: 'annotations',
    query: { refId: 'Anno', queryType: 'jobAnnotations', environment: ['$environment'] },
  },
} as const satisfies Record<string, ExamplePanelQuery>;

/** Dashboard variables backed by the data source's pick lists. */
export const EXAMPLE_VARIABLES = {
  tenant: { refId: 'tenant', queryType: 'variable', target: 'tenant', environment: ['$environment'] },
  shard: { refId: 'shard', queryType: 'variable', target: 'shard' },
  environment: { refId: 'environment', queryType: 'variable', target: 'environment' },
  jobType: { refId: 'jobType', queryType: 'variable', target: 'jobType' },
} as const satisfies Record<string, DsQueryInput & { refId: string }>;
