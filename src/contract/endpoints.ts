import { ApiErrorSchema } from './common';
import { AlertmanagerWebhookSchema, AlertWebhookResultSchema } from './alerts';
import { auditEndpoints } from './auditEndpoints';
import { configEndpoints } from './configEndpoints';
import { definitionEndpoints } from './definitionEndpoints';
import { deploymentEndpoints } from './deploymentEndpoints';
import { entitlementEndpoints } from './entitlementEndpoints';
import { isolationEndpoints } from './isolationEndpoints';
import { jobEndpoints } from './jobEndpoints';
import { operationsEndpoints } from './operationsEndpoints';
import { placementEndpoints } from './placementEndpoints';
import { securityEndpoints } from './securityEndpoints';
import { tenantEndpoints } from './tenantEndpoints';

export type { EndpointDef, HttpMethod } from './endpointDef';
export { buildPath, pathParamNames } from './endpointDef';

/**
 * The one endpoint table, assembled from one table per module (`<module>Endpoints.ts`). The sidecar
 * registers exactly these routes; the browser client calls only these; plugin.json `routes` are kept
 * in agreement by a test (src/contract/pluginRoutes.test.ts).
 */
export const endpoints = {
  ...tenantEndpoints,
  ...auditEndpoints,
  ...jobEndpoints,
  ...isolationEndpoints,
  ...operationsEndpoints,
  ...placementEndpoints,
  ...securityEndpoints,
  ...entitlementEndpoints,
  ...deploymentEndpoints,
  ...configEndpoints,
  ...definitionEndpoints,
} as const;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

/**
 * Endpoints that are deliberately NOT reachable through Grafana's plugin proxy: they have no
 * plugin.json route, no RBAC action and their own authentication. The registrar never registers them
 * (their modules do) and the agreement test checks that no plugin.json route matches them.
 */
export const unproxiedEndpoints = {
  alertWebhook: {
    method: 'POST' as const,
    path: '/api/v1/alerts/webhook',
    summary:
      'Alertmanager webhook receiver (v4 payload); Authorization: Bearer SWITCHYARD_ALERT_WEBHOOK_TOKEN; 404 when no token is configured',
    auth: 'bearer' as const,
    body: AlertmanagerWebhookSchema,
    response: AlertWebhookResultSchema,
  },
} as const;

export { ApiErrorSchema };
