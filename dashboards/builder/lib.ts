/**
 * The declarative spec of the thirteen provisioned dashboards: panels, queries, variables and links.
 * `sdk.ts` turns a DashboardDef into dashboard JSON with Grafana's own dashboards-as-code library
 * (@grafana/grafana-foundation-sdk); `npm run dashboards:build` writes `dashboards/*.json` (committed);
 * tests/observability/dashboards.test.ts checks the JSON equals the builder output, queries.test.ts
 * runs every query against VictoriaMetrics fed by the simulator.
 */
import { CONTROL_PLANE_DATASOURCE, type ExamplePanelQuery } from '../../src/datasource/exampleQueries';
import { variable } from '../../src/shared/queries';

export const PLUGIN_ID = 'switchyard-controlplane-app';
export const APP_BASE = `/a/${PLUGIN_ID}`;
export const DS = {
  vm: { type: 'prometheus', uid: 'switchyard-vm' },
  loki: { type: 'loki', uid: 'switchyard-loki' },
  controlPlane: CONTROL_PLANE_DATASOURCE,
} as const;

/** Variables backed by VictoriaMetrics label values. */
export type PromVarName = 'env' | 'service' | 'shard' | 'tenant';
/** Variables backed by Loki label values over the log streams. */
export type LokiVarName = 'logService';
/** `environment` is the Switchyard data source's environment pick list. */
export type VarName = PromVarName | LokiVarName | 'environment';
export interface PromTarget {
  expr: string;
  legend?: string;
  instant?: boolean;
}
/** A typed query model of the Switchyard data source (see src/contract/datasource.ts). */
export interface ControlPlaneTarget {
  model: ExamplePanelQuery['query'];
}
export type Target = PromTarget | ControlPlaneTarget;
export const isControlPlaneTarget = (t: Target): t is ControlPlaneTarget => 'model' in t;
/** The PromQL/LogQL expression of a target; control-plane query models have none. */
export const exprOf = (t: Target): string => (isControlPlaneTarget(t) ? '' : t.expr);
export type PanelType = 'timeseries' | 'stat' | 'table' | 'bargauge' | 'logs';
export interface PanelDef {
  title: string;
  type?: PanelType;
  targets: Target[];
  /** Core panels must return data against the simulator (the query test fails when empty). */
  core?: boolean;
  unit?: string;
  ds?: 'vm' | 'loki' | 'controlPlane';
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
  /** Annotation queries of the Switchyard data source (e.g. jobs as regions). */
  annotations?: Array<{ name: string; model: ExamplePanelQuery['query'] }>;
}

export const VARS: Record<PromVarName, { label: string; query: string }> = {
  env: { label: 'Environment', query: 'label_values(gateway_build_info, env)' },
  service: { label: 'Service', query: 'label_values(node_shard_capacity_rps{env=~"$env"}, service)' },
  shard: { label: 'Shard', query: 'label_values(node_shard_capacity_rps{env=~"$env"}, shard)' },
  tenant: { label: 'Tenant', query: 'label_values(gateway_requests_total{env=~"$env"}, tenant_id)' },
};

export function variableQuery(name: PromVarName): string {
  return VARS[name].query;
}

/**
 * Loki-backed variables: `name` is the dashboard variable it defines (`logService` is the Logs
 * dashboard's `$service`, so links carrying `var-service=` keep working), `label` its display label,
 * `labelName` the stream label whose values over `stream` are offered. The service stream label is what
 * each process logs (gateway, simulator, credentials-agent, switchyard-sidecar), not the metrics'
 * service kinds.
 */
export const LOKI_VARS: Record<LokiVarName, { name: string; label: string; stream: string; labelName: string }> = {
  logService: { name: 'service', label: 'Service', stream: '{job="switchyard"}', labelName: 'service' },
};

/** `label_values({job="switchyard"}, service)`: the variable's definition as Grafana displays it. */
export function lokiVariableDefinition(name: LokiVarName): string {
  const v = LOKI_VARS[name];
  return `label_values(${v.stream}, ${v.labelName})`;
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
  environment: variable('environment'),
} as const;
