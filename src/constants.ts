import pluginJson from '../plugin.json';

/** The app's plugin id, read from the one manifest (plugin.json at the repository root). */
export const PLUGIN_ID = pluginJson.id;

/** Base of every app page: Grafana mounts the root page at `/a/<plugin id>`. */
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** Grafana's plugin proxy for this app; the sidecar is reachable only through it. */
export const PLUGIN_PROXY_BASE_URL = `/api/plugin-proxy/${PLUGIN_ID}`;

/** Grafana's settings endpoint for this app (config page). */
export const PLUGIN_SETTINGS_URL = `/api/plugins/${PLUGIN_ID}/settings`;

/** Uids of the provisioned data sources the pages read from. */
export const DATASOURCE_UIDS = {
  metrics: 'switchyard-vm',
  logs: 'switchyard-loki',
  controlPlane: 'switchyard-controlplane',
} as const;

/** Page size of the tenants list and the activity tab. */
export const TENANTS_PAGE_SIZE = 50;
export const ACTIVITY_PAGE_SIZE = 25;

/**
 * Provisioned dashboards (dashboards/*.json, listed in plugin.json `includes`) that take a `tenant`
 * variable: the tenant pages link to each with `var-tenant=<id>`.
 */
export const TENANT_DASHBOARDS = [
  { uid: 'switchyard-http', title: 'HTTP detail' },
  { uid: 'switchyard-noisy-neighbour', title: 'Noisy neighbour & tenant health' },
  { uid: 'switchyard-logs', title: 'Logs' },
  { uid: 'switchyard-ops-overview', title: 'Operations overview' },
  { uid: 'switchyard-infra-exhaustion', title: 'Infrastructure exhaustion' },
  { uid: 'switchyard-storage', title: 'Storage' },
  { uid: 'switchyard-eventbus', title: 'Event bus (JetStream)' },
  { uid: 'switchyard-bottlenecks', title: 'Storage & event-bus bottlenecks' },
  { uid: 'switchyard-self', title: 'Switchyard itself' },
] as const;

/** Provisioned dashboards that take a `shard` variable (linked with `var-shard=<id>`). */
export const SHARD_DASHBOARDS = [
  { uid: 'switchyard-api-regression', title: 'API regression & deployment' },
  { uid: 'switchyard-eventbus', title: 'Event bus (JetStream)' },
  { uid: 'switchyard-workers', title: 'Workers (runner)' },
  { uid: 'switchyard-bottlenecks', title: 'Storage & event-bus bottlenecks' },
] as const;

/** The control-plane dashboard (`var-environment`). */
export const CONTROL_PLANE_DASHBOARD = { uid: 'switchyard-control-plane', title: 'Switchyard control plane' } as const;
