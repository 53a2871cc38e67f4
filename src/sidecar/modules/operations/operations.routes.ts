/**
 * Operations endpoints, thin adapters to one service call each: `GET /api/v1/health/platform` (the
 * latest Kubernetes health snapshot, read in the background), `GET /api/v1/alerts` (the alert inbox,
 * firing first, with the suggested action of each alert) and `GET /api/v1/overview/tenants` (tenant
 * counts by status and environment), `POST /api/v1/credential-pushes/:id` (the credentials agent's push a
 * credentials refresh waits for).
 */
import type { RouteHandlers } from '../../kernel/registrar';
import type { AlertActionsService } from './alertActions.service';
import type { AlertsService } from './alerts.service';
import type { CredentialPushesService } from './credentialPushes.service';
import type { HealthService } from './health.service';
import type { OverviewService } from './overview.service';

export function operationsRoutes(s: {
  health: HealthService;
  alerts: AlertsService;
  alertActions: AlertActionsService;
  overview: OverviewService;
  credentialPushes: CredentialPushesService;
}): RouteHandlers {
  return {
    getPlatformHealth: async ({ query, scope }) => s.health.snapshotFor(await scope(), query.environment),
    listAlerts: async ({ query, scope }) => s.alerts.list(query, await scope()),
    createAlertSilence: async ({ body, mutation, scope }) => s.alertActions.silence(mutation, body, await scope()),
    expireAlertSilence: async ({ params, body, mutation, scope }) =>
      s.alertActions.expire(mutation, params.id, body.reason, await scope()),
    acknowledgeAlert: async ({ body, mutation, scope }) => s.alertActions.acknowledge(mutation, body, await scope()),
    getTenantCounts: async ({ scope }) => s.overview.tenantCounts(await scope()),
    // Not scoped by entitlements: see CredentialPushService.push.
    pushCredentials: async ({ params, body, mutation }) => s.credentialPushes.push(mutation, params.id, body),
  };
}
