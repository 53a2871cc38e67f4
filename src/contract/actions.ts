/** RBAC actions. plugin.json `roles`, `includes[].action` and `routes[].reqAction` use exactly these strings. */
export const PLUGIN_ID = 'switchyard-controlplane-app';

export const Actions = {
  tenantsRead: `${PLUGIN_ID}.tenants:read`,
  tenantsWrite: `${PLUGIN_ID}.tenants:write`,
  placementRead: `${PLUGIN_ID}.placement:read`,
  placementWrite: `${PLUGIN_ID}.placement:write`,
  isolationRead: `${PLUGIN_ID}.isolation:read`,
  isolationProbe: `${PLUGIN_ID}.isolation:probe`,
  operationsRead: `${PLUGIN_ID}.operations:read`,
  operationsExecute: `${PLUGIN_ID}.operations:execute`,
  operationsApprove: `${PLUGIN_ID}.operations:approve`,
  /** Push the credentials a credentials refresh waits for (the credentials agent; nobody's default). */
  credentialsPush: `${PLUGIN_ID}.credentials:push`,
  /**
   * Read the activity of a tenant or a job (its slice of the audit trail), scoped by entitlements like every
   * tenant-bound read. Readers of tenants and jobs hold it; it does not open the Audit page.
   */
  activityRead: `${PLUGIN_ID}.activity:read`,
  /** Search the whole audit trail, verify the chain and read the security log (the Audit page): Auditors and Admins. */
  auditRead: `${PLUGIN_ID}.audit:read`,
  auditExport: `${PLUGIN_ID}.audit:export`,
  deploymentsRead: `${PLUGIN_ID}.deployments:read`,
  deploymentsWrite: `${PLUGIN_ID}.deployments:write`,
  configRead: `${PLUGIN_ID}.config:read`,
  configWrite: `${PLUGIN_ID}.config:write`,
  definitionsRead: `${PLUGIN_ID}.definitions:read`,
  definitionsWrite: `${PLUGIN_ID}.definitions:write`,
  /** Approve a definitions promotion into prod (a second person, never the requester). */
  definitionsPromote: `${PLUGIN_ID}.definitions:promote`,
  /** Manage entitlement rules (which Grafana teams and roles see which tenants). */
  entitlementsAdmin: `${PLUGIN_ID}.entitlements:admin`,
} as const;
export type Action = (typeof Actions)[keyof typeof Actions];

/** Headers the plugin.json routes inject; the sidecar trusts nothing else from the proxy. */
export const PROXY_SECRET_HEADER = 'x-switchyard-proxy-secret';
export const GRANTED_ACTION_HEADER = 'x-switchyard-granted-action';
export const GRAFANA_ID_HEADER = 'x-grafana-id';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REQUEST_ID_HEADER = 'x-request-id';
