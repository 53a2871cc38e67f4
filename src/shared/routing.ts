import { buildPath, type SuggestedAction } from '../contract';
import { PLUGIN_BASE_URL, PLUGIN_PROXY_BASE_URL } from '../constants';
import { ROUTES } from './routes';

/**
 * Every URL the browser builds lives here: app page URLs, router patterns and the plugin proxy.
 * Router patterns are relative (react-router v6 nests them under Grafana's `/a/<id>/*`);
 * page URLs are absolute, as Scenes requires.
 */
export { ROUTES };

/** Tabs of the audit page; the first one is also served at the page's own URL. */
export const AUDIT_TABS = {
  entries: 'entries',
  security: 'security',
} as const;
export type AuditTab = (typeof AUDIT_TABS)[keyof typeof AUDIT_TABS];

/** Tabs of the tenant detail page; the first one is also the page's default view. */
export const TENANT_TABS = {
  overview: 'overview',
  activity: 'activity',
  isolation: 'isolation',
  placement: 'placement',
  health: 'health',
  observability: 'observability',
  config: 'config',
} as const;
export type TenantTab = (typeof TENANT_TABS)[keyof typeof TENANT_TABS];

/** Route patterns (relative, react-router v6). Trailing `/*` where tabs or drilldowns nest. */
export const ROUTE_PATTERNS = {
  tenants: `${ROUTES.tenants}/*`,
  isolation: ROUTES.isolation,
  tenantDetail: ':tenantId/*',
  /** Under the tenants page: react-router ranks these static segments above `:tenantId/*`. */
  tenantNew: 'new',
  tenantEdit: ':tenantId/edit',
  tenantTab: (tab: TenantTab) => tab,
  overview: ROUTES.overview,
  operations: `${ROUTES.operations}/*`,
  jobDetail: 'jobs/:jobId',
  fleet: `${ROUTES.fleet}/*`,
  shardDetail: 'shards/:shardId',
  rebalance: 'placement/rebalance',
  audit: `${ROUTES.audit}/*`,
  auditTab: (tab: AuditTab) => tab,
  deployments: 'deployments',
  config: 'config',
  definitions: 'definitions',
  entitlements: 'settings/entitlements',
} as const;

/**
 * Every page as an absolute path pattern (`:param` segments), flattened from the nested router
 * patterns above. Links built outside the app (alert annotations) are checked against it.
 */
export function appPagePatterns(): string[] {
  const tenant = `${ROUTES.tenants}/:tenantId`;
  return [
    ROUTES.tenants,
    `${ROUTES.tenants}/${ROUTE_PATTERNS.tenantNew}`,
    `${ROUTES.tenants}/${ROUTE_PATTERNS.tenantEdit}`,
    tenant,
    ...Object.values(TENANT_TABS).map((tab) => `${tenant}/${tab}`),
    ROUTES.isolation,
    ROUTES.overview,
    ROUTES.operations,
    `${ROUTES.operations}/${ROUTE_PATTERNS.jobDetail}`,
    ROUTES.fleet,
    `${ROUTES.fleet}/${ROUTE_PATTERNS.shardDetail}`,
    ROUTES.rebalance,
    ROUTES.audit,
    ...Object.values(AUDIT_TABS).map((tab) => `${ROUTES.audit}/${tab}`),
    ROUTES.deployments,
    ROUTES.config,
    ROUTES.definitions,
    ROUTES.entitlements,
  ].map((p) => prefixRoute(p));
}

/** `/a/<plugin id>/<route>`; a leading slash on `route` is tolerated. */
export function prefixRoute(route = ''): string {
  const clean = route.replace(/^\/+/, '');
  return clean ? `${PLUGIN_BASE_URL}/${clean}` : PLUGIN_BASE_URL;
}

export function tenantsUrl(): string {
  return prefixRoute(ROUTES.tenants);
}

/** URL of a tenant's detail page, optionally of one tab. */
export function tenantUrl(tenantId: string, tab?: TenantTab): string {
  const base = `${tenantsUrl()}/${encodeURIComponent(tenantId)}`;
  return tab ? `${base}/${tab}` : base;
}

/** The create-tenant form. */
export function tenantNewUrl(): string {
  return `${tenantsUrl()}/${ROUTE_PATTERNS.tenantNew}`;
}

/** The edit form of a tenant. */
export function tenantEditUrl(tenantId: string): string {
  return `${tenantsUrl()}/${encodeURIComponent(tenantId)}/edit`;
}

/** URL of the isolation posture page; `query` (filters) is appended as a search string. */
export function isolationUrl(query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `${prefixRoute(ROUTES.isolation)}${search ? `?${search}` : ''}`;
}

/**
 * A provisioned dashboard (`/d/<uid>`) with its template variables set (`var-tenant=<id>`; a list
 * repeats the variable, as a multi-value variable reads it) and, when given, the page's time range
 * (`from`, `to`).
 */
export function dashboardUrl(
  uid: string,
  vars: Record<string, string | readonly string[] | undefined> = {},
  range?: { from: string; to: string }
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(vars)) {
    for (const v of typeof value === 'string' ? [value] : (value ?? [])) {
      if (v !== '') search.append(`var-${name}`, v);
    }
  }
  if (range) {
    search.set('from', range.from);
    search.set('to', range.to);
  }
  const query = search.toString();
  return `/d/${encodeURIComponent(uid)}${query ? `?${query}` : ''}`;
}

export function overviewUrl(): string {
  return prefixRoute(ROUTES.overview);
}

/** The operations hub; `query` (filters, or an action to open: `action=restart&environment=…&deployment=…`) as a search string. */
export function operationsUrl(query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))
  ).toString();
  return `${prefixRoute(ROUTES.operations)}${search ? `?${search}` : ''}`;
}

/** The fleet page; `kind` selects the service-kind tab. */
export function fleetUrl(kind?: string): string {
  return `${prefixRoute(ROUTES.fleet)}${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`;
}

/** A shard's page (its tenants, load, status and actions), under the fleet. */
export function shardUrl(shardId: string): string {
  return `${prefixRoute(ROUTES.fleet)}/shards/${encodeURIComponent(shardId)}`;
}

export function rebalanceUrl(): string {
  return prefixRoute(ROUTES.rebalance);
}

/**
 * The audit page filtered by `query` (`tenant`, `job`, `actor`, `action`, `outcome`, `q`, `from`,
 * `to`); `tab` opens the security log instead of the entries.
 */
export function auditUrl(query: Record<string, string | undefined> = {}, tab?: AuditTab): string {
  const search = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))
  ).toString();
  const base = prefixRoute(tab && tab !== AUDIT_TABS.entries ? `${ROUTES.audit}/${tab}` : ROUTES.audit);
  return `${base}${search ? `?${search}` : ''}`;
}

export function jobUrl(jobId: string): string {
  return `${prefixRoute(ROUTES.operations)}/jobs/${encodeURIComponent(jobId)}`;
}

/** A tenant's page with the run-an-action flow open on `action`'s preflight (alert links use the same URL). */
export function tenantActionUrl(tenantId: string, action: string): string {
  return `${tenantUrl(tenantId)}?action=${encodeURIComponent(action)}`;
}

/** The tenants list filtered (`status=active`, `environment=prod`). */
export function tenantsFilteredUrl(query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return `${tenantsUrl()}${search ? `?${search}` : ''}`;
}

/** Where an alert's suggested action takes the operator (the action's preflight, or the job/tenant to open). */
export function suggestionUrl(s: SuggestedAction): string {
  switch (s.targetType) {
    case 'job':
      return jobUrl(s.targetId);
    case 'shard':
      return s.kind === 'cordon' || s.kind === 'drain'
        ? `${shardUrl(s.targetId)}?action=${s.kind}`
        : shardUrl(s.targetId);
    case 'deployment':
      return operationsUrl({ action: s.kind, target: s.environment ? `${s.environment}/${s.targetId}` : undefined });
  }
  if (s.kind === 'open') return tenantUrl(s.targetId);
  // A failed isolation check: its evidence first (the isolation tab, where the re-probe is too).
  if (s.kind === 'reprobe') return tenantUrl(s.targetId, TENANT_TABS.isolation);
  if (s.kind === 'migrate' && s.serviceKind) return tenantMigrateUrl(s.targetId, s.serviceKind);
  return tenantActionUrl(s.targetId, s.kind);
}

/** The tenant's placement tab with the migration of `kind` open. */
export function tenantMigrateUrl(tenantId: string, kind: string): string {
  return `${tenantUrl(tenantId, TENANT_TABS.placement)}?migrate=${encodeURIComponent(kind)}`;
}

/** Grafana plugin proxy URL for a contract endpoint path (`/api/v1/tenants/:id`) and its params. */
export function proxyUrl(contractPath: string, params?: Record<string, string>): string {
  return `${PLUGIN_PROXY_BASE_URL}${buildPath(contractPath, params)}`;
}

/** URL of the Definitions page; `query` (selected bundle version, impact environment) is appended as a search string. */
export function definitionsUrl(query: Record<string, string> = {}): string {
  return withSearch(prefixRoute(ROUTES.definitions), query);
}

function withSearch(url: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return `${url}${search ? `?${search}` : ''}`;
}

/** URL of the Deployments page; `query` (environment, selected deployment) is appended as a search string. */
export function deploymentsUrl(query: Record<string, string> = {}): string {
  return withSearch(prefixRoute(ROUTES.deployments), query);
}

/** URL of the Config page; `query` (kind, scope, versions compared) is appended as a search string. */
export function configUrl(query: Record<string, string> = {}): string {
  return withSearch(prefixRoute(ROUTES.config), query);
}

/** The entitlement rules settings page (Admins). */
export function entitlementsUrl(): string {
  return prefixRoute(ROUTES.entitlements);
}
