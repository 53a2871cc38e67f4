import type { DataQuery, DataSourceJsonData } from '@grafana/data';
import type { DsQueryInput, VariableTarget } from '../contract';

/** A panel, alert or annotation query: the contract's query model plus Grafana's DataQuery keys. */
export type SwitchyardQuery = DataQuery & Partial<Record<string, unknown>> & Partial<DsQueryInput>;

export interface VariableQuery extends DataQuery {
  target: VariableTarget;
  environment?: string[];
  kind?: string;
  search?: string;
}

export interface SwitchyardOptions extends DataSourceJsonData {
  /** http(s) URL of the Switchyard sidecar as the Grafana server reaches it. */
  sidecarUrl?: string;
}

/** Write-only: Grafana only tells whether it is set (secureJsonFields.sidecarToken). */
export interface SwitchyardSecureOptions {
  sidecarToken?: string;
}

export const DEFAULT_QUERY: Partial<SwitchyardQuery> = {
  queryType: 'tenantCounts',
  groupBy: 'status',
  format: 'numeric',
};

/** Pick-list resources served by the backend (CallResource). */
export const PICK_LIST_RESOURCES: Record<VariableTarget, string> = {
  tenant: 'tenants',
  shard: 'shards',
  environment: 'environments',
  jobType: 'job-types',
};
