import { z } from 'zod';
import { Actions, type Action } from './actions';
import { ApiErrorSchema } from './common';
import {
  ArchiveTenantSchema,
  BulkStatusChangeSchema,
  BulkStatusResultSchema,
  CreateTenantSchema,
  ListTenantsQuerySchema,
  TenantIdParamsSchema,
  TenantPageSchema,
  TenantSchema,
  TenantStatusChangeSchema,
  UpdateTenantSchema,
} from './tenants';
import { InventoryPreviewSchema } from './inventory';
import { TenantPlanRequestSchema, TenantPlanSchema } from './tenantPlans';
import { ListSecurityEventsQuerySchema, SecurityEventPageSchema } from './security';
import {
  AuditCountSchema,
  AuditExportQuerySchema,
  AuditFiltersSchema,
  AuditPageSchema,
  AuditVerifySchema,
  ListAuditQuerySchema,
} from './audit';
import {
  IsolationPageSchema,
  ListIsolationQuerySchema,
  ProbeIsolationSchema,
  TenantIsolationSchema,
} from './isolation';
import {
  ApproveJobSchema,
  CancelJobSchema,
  CreateJobQuerySchema,
  CreateJobResponseSchema,
  CreateJobSchema,
  JobDetailSchema,
  JobIdParamsSchema,
  JobPageSchema,
  ListJobsQuerySchema,
  RetryJobSchema,
} from './jobs';
import { CredentialPushResultSchema, CredentialPushSchema } from './credentials';
import { definitionEndpoints } from './definitionEndpoints';
import { deploymentEndpoints } from './deploymentEndpoints';
import { PlatformHealthSchema } from './health';
import {
  EntitlementPreviewSchema,
  EntitlementRuleInputSchema,
  EntitlementRuleListSchema,
  EntitlementRuleSchema,
  EntitlementScopeSchema,
  GrafanaTeamListSchema,
  MyEntitlementsSchema,
  RuleIdParamsSchema,
} from './entitlements';
import { TenantCountsSchema } from './overview';
import {
  AcknowledgeAlertSchema,
  AlertmanagerWebhookSchema,
  AlertPageSchema,
  AlertSchema,
  AlertSilenceIdParamsSchema,
  AlertWebhookResultSchema,
  CreateAlertSilenceSchema,
  ExpireAlertSilenceSchema,
  ExpiredAlertSilenceSchema,
  ListAlertsQuerySchema,
} from './alerts';
import {
  ListShardsQuerySchema,
  RebalancePlanSchema,
  RebalanceQuerySchema,
  ShardIdParamsSchema,
  ShardPageSchema,
  ShardTenantPageSchema,
  ShardTenantsQuerySchema,
  ShardViewSchema,
  SyncPlacementResultSchema,
  TenantPlacementSchema,
} from './placement';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointDef<
  P extends z.ZodTypeAny = z.ZodTypeAny,
  Q extends z.ZodTypeAny = z.ZodTypeAny,
  B extends z.ZodTypeAny = z.ZodTypeAny,
  R extends z.ZodTypeAny = z.ZodTypeAny,
> {
  method: HttpMethod;
  /** Sidecar path, fastify style (`/api/v1/tenants/:id`). The browser calls `/api/plugin-proxy/<id>` + this path. */
  path: string;
  /** RBAC action the plugin.json route requires and the sidecar re-checks. */
  action: Action;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Response body schema; `null` for non-JSON responses (exports). */
  response: R | null;
  /** Requires an `Idempotency-Key` header. */
  idempotent?: boolean;
  /** Requires `If-Match: "<version>"`. */
  ifMatch?: boolean;
  /** HTTP status of a successful response; 200 when omitted. */
  successStatus?: number;
}

function def<P extends z.ZodTypeAny, Q extends z.ZodTypeAny, B extends z.ZodTypeAny, R extends z.ZodTypeAny>(
  e: EndpointDef<P, Q, B, R>
): EndpointDef<P, Q, B, R> {
  return e;
}

/**
 * The one endpoint table. The sidecar registers exactly these routes; the browser client calls
 * only these; plugin.json `routes` are kept in agreement by a test (src/contract/pluginRoutes.test.ts).
 */
export const endpoints = {
  listTenants: def({
    method: 'GET',
    path: '/api/v1/tenants',
    action: Actions.tenantsRead,
    summary: 'List tenants with search, filters, sort and cursor pagination',
    query: ListTenantsQuerySchema,
    response: TenantPageSchema,
  }),
  createTenant: def({
    method: 'POST',
    path: '/api/v1/tenants',
    action: Actions.tenantsWrite,
    summary: 'Create a tenant',
    body: CreateTenantSchema,
    response: TenantSchema,
    idempotent: true,
    successStatus: 201,
  }),
  bulkTenantStatus: def({
    method: 'POST',
    path: '/api/v1/tenants/bulk-status',
    action: Actions.tenantsWrite,
    summary: 'Change the status of several tenants with one reason (Idempotency-Key required)',
    body: BulkStatusChangeSchema,
    response: BulkStatusResultSchema,
    idempotent: true,
  }),
  planTenantChange: def({
    method: 'POST',
    path: '/api/v1/tenants/plan',
    action: Actions.tenantsWrite,
    summary:
      'Plan a tenant create, edit, status, bulk status or archive: what changes, checks, warnings (changes nothing)',
    body: TenantPlanRequestSchema,
    response: TenantPlanSchema,
  }),
  getTenant: def({
    method: 'GET',
    path: '/api/v1/tenants/:id',
    action: Actions.tenantsRead,
    summary: 'Get one tenant',
    params: TenantIdParamsSchema,
    response: TenantSchema,
  }),
  updateTenant: def({
    method: 'PATCH',
    path: '/api/v1/tenants/:id',
    action: Actions.tenantsWrite,
    summary: 'Update editable tenant fields (If-Match on the version; Idempotency-Key required)',
    params: TenantIdParamsSchema,
    body: UpdateTenantSchema,
    response: TenantSchema,
    ifMatch: true,
    idempotent: true,
  }),
  changeTenantStatus: def({
    method: 'POST',
    path: '/api/v1/tenants/:id/status',
    action: Actions.tenantsWrite,
    summary: 'Move a tenant through its lifecycle (reason and Idempotency-Key required)',
    params: TenantIdParamsSchema,
    body: TenantStatusChangeSchema,
    response: TenantSchema,
    idempotent: true,
  }),
  archiveTenant: def({
    method: 'POST',
    path: '/api/v1/tenants/:id/archive',
    action: Actions.tenantsWrite,
    summary: 'Archive a tenant (reason and Idempotency-Key required)',
    params: TenantIdParamsSchema,
    body: ArchiveTenantSchema,
    response: TenantSchema,
    idempotent: true,
  }),
  listAudit: def({
    method: 'GET',
    path: '/api/v1/audit',
    action: Actions.auditRead,
    summary: 'Search audit entries',
    query: ListAuditQuerySchema,
    response: AuditPageSchema,
  }),
  countAudit: def({
    method: 'GET',
    path: '/api/v1/audit/count',
    action: Actions.auditRead,
    summary: 'Count the audit entries matching a filter (and the export cap)',
    query: AuditFiltersSchema,
    response: AuditCountSchema,
  }),
  verifyAudit: def({
    method: 'GET',
    path: '/api/v1/audit/verify',
    action: Actions.auditRead,
    summary: 'Verify the audit hash chain and report the first broken link',
    response: AuditVerifySchema,
  }),
  exportAudit: def({
    method: 'GET',
    path: '/api/v1/audit/export',
    action: Actions.auditExport,
    summary: 'Bounded audit export as NDJSON or CSV',
    query: AuditExportQuerySchema,
    response: null,
  }),
  createJob: def({
    method: 'POST',
    path: '/api/v1/jobs',
    action: Actions.operationsExecute,
    summary: 'Create an operations job (Idempotency-Key required; ?dryRun=true returns only the plan)',
    query: CreateJobQuerySchema,
    body: CreateJobSchema,
    response: CreateJobResponseSchema,
    idempotent: true,
    successStatus: 201,
  }),
  listJobs: def({
    method: 'GET',
    path: '/api/v1/jobs',
    action: Actions.operationsRead,
    summary: 'List jobs, active first, with filters and cursor pagination',
    query: ListJobsQuerySchema,
    response: JobPageSchema,
  }),
  getJob: def({
    method: 'GET',
    path: '/api/v1/jobs/:id',
    action: Actions.operationsRead,
    summary: 'Get one job with its steps and audit entry ids',
    params: JobIdParamsSchema,
    response: JobDetailSchema,
  }),
  cancelJob: def({
    method: 'POST',
    path: '/api/v1/jobs/:id/cancel',
    action: Actions.operationsExecute,
    summary: 'Cancel a job between steps (compensation runs where defined)',
    params: JobIdParamsSchema,
    body: CancelJobSchema,
    response: JobDetailSchema,
  }),
  retryJob: def({
    method: 'POST',
    path: '/api/v1/jobs/:id/retry',
    action: Actions.operationsExecute,
    summary: 'Retry a failed or cancelled job: a new job from the same type and parameters, planned again',
    params: JobIdParamsSchema,
    body: RetryJobSchema,
    response: CreateJobResponseSchema,
    idempotent: true,
    successStatus: 201,
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
  approveJob: def({
    method: 'POST',
    // Its own prefix: Grafana proxy routes match `<prefix>/*`, and approve needs a different reqAction than cancel.
    path: '/api/v1/job-approvals/:id',
    action: Actions.operationsApprove,
    summary: 'Approve a job awaiting a second operator (bound to its plan hash)',
    params: JobIdParamsSchema,
    body: ApproveJobSchema,
    response: JobDetailSchema,
  }),
  // Isolation lives under its own prefix: `tenants/*` routes already require tenants:read|write.
  listIsolation: def({
    method: 'GET',
    path: '/api/v1/isolation',
    action: Actions.isolationRead,
    summary: 'Fleet isolation posture: violations first, filters, counts by verdict, cursor pagination',
    query: ListIsolationQuerySchema,
    response: IsolationPageSchema,
  }),
  getTenantIsolation: def({
    method: 'GET',
    path: '/api/v1/isolation/tenants/:id',
    action: Actions.isolationRead,
    summary: "A tenant's isolation checks with evidence and its verdict history",
    params: TenantIdParamsSchema,
    response: TenantIsolationSchema,
  }),
  probeTenantIsolation: def({
    method: 'POST',
    path: '/api/v1/isolation/tenants/:id/probe',
    action: Actions.isolationProbe,
    summary: "Re-probe a tenant's runtime isolation now (reason required, audited)",
    params: TenantIdParamsSchema,
    body: ProbeIsolationSchema,
    response: TenantIsolationSchema,
    idempotent: true,
  }),
  getPlatformHealth: def({
    method: 'GET',
    path: '/api/v1/health/platform',
    action: Actions.operationsRead,
    summary: 'Kubernetes health of the platform namespace: pods, deployments, cron jobs (background snapshot)',
    response: PlatformHealthSchema,
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
  listShards: def({
    method: 'GET',
    path: '/api/v1/placement/shards',
    action: Actions.placementRead,
    summary: 'Shards with status, tenant count and load from VictoriaMetrics, by service kind, cursor pagination',
    query: ListShardsQuerySchema,
    response: ShardPageSchema,
  }),
  getShard: def({
    method: 'GET',
    path: '/api/v1/placement/shards/:id',
    action: Actions.placementRead,
    summary: 'One shard with tenant count and load',
    params: ShardIdParamsSchema,
    response: ShardViewSchema,
  }),
  listShardTenants: def({
    method: 'GET',
    path: '/api/v1/placement/shards/:id/tenants',
    action: Actions.placementRead,
    summary: 'Assignments on a shard, cursor pagination',
    params: ShardIdParamsSchema,
    query: ShardTenantsQuerySchema,
    response: ShardTenantPageSchema,
  }),
  getTenantPlacement: def({
    method: 'GET',
    path: '/api/v1/placement/tenants/:id',
    action: Actions.placementRead,
    summary: "A tenant's shard, revision and history per service kind",
    params: TenantIdParamsSchema,
    response: TenantPlacementSchema,
  }),
  previewRebalance: def({
    method: 'GET',
    path: '/api/v1/placement/rebalance',
    action: Actions.placementRead,
    summary: 'Rebalance preview: the moves that bring every shard under the target utilization, per-shard before/after',
    query: RebalanceQuerySchema,
    response: RebalancePlanSchema,
  }),
  listSecurityEvents: def({
    method: 'GET',
    path: '/api/v1/security/events',
    action: Actions.auditRead,
    summary: 'Requests the trust boundary refused (401/403), newest first; separate from the audit chain',
    query: ListSecurityEventsQuerySchema,
    response: SecurityEventPageSchema,
  }),
  syncPlacement: def({
    method: 'POST',
    path: '/api/v1/placement/sync',
    action: Actions.placementWrite,
    summary: 'Import the shard inventory and current assignments from the platform (never overwrites)',
    response: SyncPlacementResultSchema,
  }),
  listEntitlementRules: def({
    method: 'GET',
    path: '/api/v1/entitlements/rules',
    action: Actions.entitlementsAdmin,
    summary: 'Entitlement rules: which Grafana teams and org roles see which tenants',
    response: EntitlementRuleListSchema,
  }),
  createEntitlementRule: def({
    method: 'POST',
    path: '/api/v1/entitlements/rules',
    action: Actions.entitlementsAdmin,
    summary: 'Add an entitlement rule (audited)',
    body: EntitlementRuleInputSchema,
    response: EntitlementRuleSchema,
    idempotent: true,
    successStatus: 201,
  }),
  updateEntitlementRule: def({
    method: 'PUT',
    path: '/api/v1/entitlements/rules/:id',
    action: Actions.entitlementsAdmin,
    summary: 'Replace an entitlement rule (If-Match on the version, audited)',
    params: RuleIdParamsSchema,
    body: EntitlementRuleInputSchema,
    response: EntitlementRuleSchema,
    ifMatch: true,
  }),
  deleteEntitlementRule: def({
    method: 'DELETE',
    path: '/api/v1/entitlements/rules/:id',
    action: Actions.entitlementsAdmin,
    summary: 'Remove an entitlement rule (If-Match on the version, audited)',
    params: RuleIdParamsSchema,
    response: EntitlementRuleSchema,
    ifMatch: true,
  }),
  previewEntitlementScope: def({
    method: 'POST',
    path: '/api/v1/entitlements/preview',
    action: Actions.entitlementsAdmin,
    summary: 'How many tenants a scope grants today ("this rule grants N tenants")',
    body: EntitlementScopeSchema,
    response: EntitlementPreviewSchema,
  }),
  listGrafanaTeams: def({
    method: 'GET',
    path: '/api/v1/entitlements/teams',
    action: Actions.entitlementsAdmin,
    summary: "The org's Grafana teams (from Grafana's team API) a rule can name",
    response: GrafanaTeamListSchema,
  }),
  getMyEntitlements: def({
    method: 'GET',
    path: '/api/v1/me/entitlements',
    action: Actions.tenantsRead,
    summary: 'Which tenants and environments the signed-in user is entitled to',
    response: MyEntitlementsSchema,
  }),
  previewInventory: def({
    method: 'GET',
    path: '/api/v1/placement/inventory',
    action: Actions.placementRead,
    summary:
      "Inventory preview: the platform's tenants, shards and placements against the control plane's (create, update, unchanged, missing, conflicts); apply with the inventory.sync job",
    response: InventoryPreviewSchema,
  }),
  ...deploymentEndpoints,
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

/** Fill `:param` placeholders of an endpoint path (values are URI-encoded). */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) {
      throw new Error(`missing path parameter ${k}`);
    }
    return encodeURIComponent(v);
  });
}
