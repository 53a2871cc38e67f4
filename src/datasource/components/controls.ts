/** What the query editor shows for each query type, declared once (labels, options, limits). */
import {
  ALERT_STATUSES,
  AuditOutcomeSchema,
  DATASOURCE_LIMITS,
  ENVIRONMENTS,
  ISOLATION_VERDICTS,
  JOB_GROUP_BY,
  JOB_STATUSES,
  JOB_TYPES,
  PLACEMENT_METRICS,
  PLANS,
  SERVICE_KINDS,
  SHARD_STATUSES,
  TENANT_GROUP_BY,
  TENANT_STATUSES,
  VARIABLE_TARGETS,
  type DsQueryType,
} from '../../contract';
import type { SwitchyardQuery } from '../types';

type Options = readonly string[] | ((q: SwitchyardQuery) => readonly string[]);

export type Control =
  | { kind: 'radio'; key: string; label: string; options: Options; initial: string }
  | { kind: 'multi'; key: string; label: string; options: Options }
  | { kind: 'single'; key: string; label: string; options: Options }
  | { kind: 'tenant'; key: string; label: string }
  | { kind: 'number'; key: string; label: string; max: number }
  | { kind: 'text'; key: string; label: string; placeholder?: string };

export const QUERY_TYPE_LABELS: Record<DsQueryType, string> = {
  tenants: 'Tenants (table)',
  tenantCounts: 'Tenant counts',
  isolation: 'Isolation verdicts',
  jobs: 'Jobs',
  placement: 'Placement (shards)',
  alerts: 'Alert inbox',
  audit: 'Audit events',
  variable: 'Variable values',
  jobAnnotations: 'Jobs as annotations',
};

const bucket: Control = { kind: 'text', key: 'bucket', label: 'Bucket', placeholder: 'auto (e.g. 5m)' };
const environment: Control = { kind: 'multi', key: 'environment', label: 'Environment', options: ENVIRONMENTS };
const jobFilters: Control[] = [
  { kind: 'multi', key: 'status', label: 'Status', options: JOB_STATUSES },
  { kind: 'multi', key: 'type', label: 'Job type', options: JOB_TYPES },
  environment,
  { kind: 'tenant', key: 'tenant', label: 'Tenant' },
];
const groupValues = (q: SwitchyardQuery): readonly string[] =>
  q.groupBy === 'environment' ? ENVIRONMENTS : q.groupBy === 'plan' ? PLANS : TENANT_STATUSES;

export const CONTROLS: Record<DsQueryType, Control[]> = {
  tenants: [
    { kind: 'multi', key: 'status', label: 'Status', options: TENANT_STATUSES },
    environment,
    { kind: 'multi', key: 'plan', label: 'Plan', options: PLANS },
    { kind: 'text', key: 'search', label: 'Search', placeholder: 'id or name' },
    { kind: 'text', key: 'label', label: 'Label', placeholder: 'key or key=value' },
    { kind: 'number', key: 'limit', label: 'Limit', max: DATASOURCE_LIMITS.tableRows },
  ],
  tenantCounts: [
    { kind: 'radio', key: 'groupBy', label: 'Group by', options: TENANT_GROUP_BY, initial: 'status' },
    { kind: 'radio', key: 'format', label: 'Format', options: ['numeric', 'timeseries'], initial: 'numeric' },
    { kind: 'multi', key: 'include', label: 'Only', options: groupValues },
    bucket,
  ],
  isolation: [
    { kind: 'radio', key: 'format', label: 'Format', options: ['counts', 'violations'], initial: 'counts' },
    { kind: 'multi', key: 'verdict', label: 'Verdict', options: ISOLATION_VERDICTS },
    environment,
  ],
  jobs: [
    {
      kind: 'radio',
      key: 'format',
      label: 'Format',
      options: ['table', 'counts', 'timeseries', 'durations'],
      initial: 'table',
    },
    { kind: 'radio', key: 'groupBy', label: 'Group by', options: JOB_GROUP_BY, initial: 'status' },
    ...jobFilters,
    { kind: 'number', key: 'limit', label: 'Limit', max: DATASOURCE_LIMITS.tableRows },
    bucket,
  ],
  placement: [
    { kind: 'radio', key: 'format', label: 'Format', options: ['table', 'numeric'], initial: 'table' },
    { kind: 'radio', key: 'metric', label: 'Metric', options: PLACEMENT_METRICS, initial: 'tenants' },
    { kind: 'single', key: 'kind', label: 'Service kind', options: SERVICE_KINDS },
    { kind: 'single', key: 'status', label: 'Shard status', options: SHARD_STATUSES },
  ],
  alerts: [
    { kind: 'single', key: 'status', label: 'Status', options: ALERT_STATUSES },
    { kind: 'tenant', key: 'tenant', label: 'Tenant' },
    { kind: 'number', key: 'limit', label: 'Limit', max: DATASOURCE_LIMITS.alerts },
  ],
  audit: [
    { kind: 'text', key: 'targetType', label: 'Target type', placeholder: 'tenant, job, shard…' },
    { kind: 'text', key: 'targetId', label: 'Target id' },
    { kind: 'text', key: 'actor', label: 'Actor' },
    { kind: 'text', key: 'action', label: 'Action', placeholder: 'tenant.status' },
    { kind: 'single', key: 'outcome', label: 'Outcome', options: AuditOutcomeSchema.options },
    { kind: 'number', key: 'limit', label: 'Limit', max: DATASOURCE_LIMITS.tableRows },
  ],
  variable: [
    { kind: 'radio', key: 'target', label: 'Values of', options: VARIABLE_TARGETS, initial: 'tenant' },
    environment,
    { kind: 'single', key: 'kind', label: 'Service kind', options: SERVICE_KINDS },
    { kind: 'text', key: 'search', label: 'Search' },
  ],
  jobAnnotations: jobFilters,
};

export const optionsOf = (options: Options, q: SwitchyardQuery): readonly string[] =>
  typeof options === 'function' ? options(q) : options;
