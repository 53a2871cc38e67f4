/**
 * Operations endpoints: platform health, the alert inbox and its actions (silence, expire, acknowledge),
 * the overview's tenant counts, and credential pushes. Spread into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import {
  AcknowledgeAlertSchema,
  AlertPageSchema,
  AlertSchema,
  AlertSilenceIdParamsSchema,
  CreateAlertSilenceSchema,
  ExpireAlertSilenceSchema,
  ExpiredAlertSilenceSchema,
  ListAlertsQuerySchema,
} from './alerts';
import { CredentialPushResultSchema, CredentialPushSchema } from './credentials';
import { PlatformHealthOverviewSchema, PlatformHealthQuerySchema } from './health';
import { JobIdParamsSchema } from './jobs';
import { TenantCountsSchema } from './overview';

export const operationsEndpoints = {
  getPlatformHealth: def({
    method: 'GET',
    path: '/api/v1/health/platform',
    action: Actions.operationsRead,
    summary:
      'Kubernetes health of the platform namespace of every environment the caller may see: pods, deployments, cron jobs (background snapshots)',
    query: PlatformHealthQuerySchema,
    response: PlatformHealthOverviewSchema,
  }),
  listAlerts: def({
    method: 'GET',
    path: '/api/v1/alerts',
    action: Actions.operationsRead,
    summary: 'Alert inbox: firing first, with the suggested action of each alert, cursor pagination',
    query: ListAlertsQuerySchema,
    response: AlertPageSchema,
  }),
  // Own prefixes: `alerts` routes are read-only (operations:read); these change state.
  createAlertSilence: def({
    method: 'POST',
    path: '/api/v1/alert-silences',
    action: Actions.operationsExecute,
    summary: 'Silence one alert in Alertmanager for a duration, with a reason (audited); returns the alert',
    body: CreateAlertSilenceSchema,
    response: AlertSchema,
    idempotent: true,
    successStatus: 201,
  }),
  expireAlertSilence: def({
    method: 'POST',
    path: '/api/v1/alert-silences/:id/expire',
    action: Actions.operationsExecute,
    summary: 'Expire (lift) an Alertmanager silence, with a reason (audited)',
    params: AlertSilenceIdParamsSchema,
    body: ExpireAlertSilenceSchema,
    response: ExpiredAlertSilenceSchema,
    idempotent: true,
  }),
  acknowledgeAlert: def({
    method: 'POST',
    path: '/api/v1/alert-acknowledgements',
    action: Actions.operationsExecute,
    summary: "Acknowledge an alert's current firing episode (audited); returns the alert",
    body: AcknowledgeAlertSchema,
    response: AlertSchema,
    idempotent: true,
  }),
  getTenantCounts: def({
    method: 'GET',
    path: '/api/v1/overview/tenants',
    action: Actions.tenantsRead,
    summary: 'Tenant counts by status and by environment (overview page)',
    response: TenantCountsSchema,
  }),
  // Its own prefix and action: the credentials agent may push, and nothing else.
  pushCredentials: def({
    method: 'POST',
    path: '/api/v1/credential-pushes/:id',
    action: Actions.credentialsPush,
    summary:
      'Push the credentials a credentials refresh waits for (the job id; validated: target, format, freshness, value)',
    params: JobIdParamsSchema,
    body: CredentialPushSchema,
    response: CredentialPushResultSchema,
    idempotent: true,
  }),
} as const;
