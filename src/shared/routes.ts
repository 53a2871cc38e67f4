/** The app's page routes, relative to `/a/<plugin id>/` (no imports: the app root reads them too). */
export const ROUTES = {
  tenants: 'tenants',
  isolation: 'isolation',
  overview: 'overview',
  operations: 'operations',
  fleet: 'placement/fleet',
  rebalance: 'placement/rebalance',
  audit: 'audit',
  deployments: 'deployments',
  config: 'config',
  definitions: 'definitions',
  entitlements: 'settings/entitlements',
} as const;
