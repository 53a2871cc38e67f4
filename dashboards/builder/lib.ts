/**
 * The declarative spec of the twelve provisioned dashboards: panels, queries, variables and links.
 * `sdk.ts` turns a DashboardDef into dashboard JSON with Grafana's own dashboards-as-code library
 * (@grafana/grafana-foundation-sdk); `npm run dashboards:build` writes `dashboards/*.json` (committed);
 * tests/observability/dashboards.test.ts checks the JSON equals the builder output, queries.test.ts
 * runs every query against VictoriaMetrics fed by the simulator.
 */
import { variable } from '../../src/shared/queries';

export const PLUGIN_ID = 'switchyard-controlplane-app';
export const APP_BASE = `/a/${PLUGIN_ID}`;
export const DS = {
  vm: { type: 'prometheus', uid: 'switchyard-vm' },
  loki: { type: 'loki', uid: 'switchyard-loki' },
} as const;

export type VarName = 'env' | 'service' | 'shard' | 'tenant';
export interface Target {
  expr: string;
  legend?: string;
  instant?: boolean;
}
export type PanelType = 'timeseries' | 'stat' | 'table' | 'bargauge' | 'logs';
export interface PanelDef {
  title: string;
  type?: PanelType;
  targets: Target[];
  /** Core panels must return data against the simulator (the query test fails when empty). */
  core?: boolean;
  unit?: string;
  ds?: 'vm' | 'loki';
  w?: number;
  h?: number;
  description?: string;
  /** Data links on series: to the tenant or shard page of the plugin. */
  linkTo?: 'tenant' | 'shard';
}
export interface DashboardDef {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  vars: VarName[];
  panels: PanelDef[];
}

export const VARS: Record<VarName, { label: string; query: string }> = {
  env: { label: 'Environment', query: 'label_values(gateway_build_info, env)' },
  service: { label: 'Service', query: 'label_values(node_shard_capacity_rps{env=~"$env"}, service)' },
  shard: { label: 'Shard', query: 'label_values(node_shard_capacity_rps{env=~"$env"}, shard)' },
  tenant: { label: 'Tenant', query: 'label_values(gateway_requests_total{env=~"$env"}, tenant_id)' },
};

export function variableQuery(name: VarName): string {
  return VARS[name].query;
}

/** Tenant-level selector used by every tenant series (bounded by the tenant variable). */
export const T = 'env=~"$env", tenant_id=~"$tenant"';
export const R = '$__rate_interval';
/** The same scopes for the shared query builders (src/shared/queries). */
export const V = {
  env: variable('env'),
  tenant: variable('tenant'),
  shard: variable('shard'),
  service: variable('service'),
} as const;
