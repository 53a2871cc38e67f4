/**
 * Alert inbox. Alertmanager posts its webhook (v4 format) straight to the sidecar
 * (`POST /api/v1/alerts/webhook`, bearer token, NOT through Grafana's proxy); the sidecar stores
 * firing/resolved alerts deduplicated by fingerprint and maps their labels (tenant_id, shard, service,
 * alertname) to a suggested action with a link into the plugin. `GET /api/v1/alerts` lists them,
 * firing first.
 */
import { z } from 'zod';
import { PLUGIN_ID } from './actions';
import { csvList, IsoDateSchema, pageOf, PageQuerySchema, ReasonSchema } from './common';
import { JobTypeSchema } from './jobs';
import { EnvironmentSchema, TenantIdSchema } from './tenants';
import { ServiceKindSchema } from './placement';

// ---- Alertmanager webhook v4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config) ----

const LabelSetSchema = z
  .record(z.string().max(256), z.string().max(4096))
  .refine((l) => Object.keys(l).length <= 128, 'At most 128 labels or annotations');

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Whether the fields name a time that exists: a real calendar day, hours 00–23, minutes and seconds 00–59, offset within ±23:59. */
function isRealTime(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 7, 8].map((i) =>
    Number(m[i] ?? 0)
  );
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return (
    daysInMonth !== undefined &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

/** RFC 3339 with any sub-second precision (Alertmanager sends nanoseconds) and `0001-01-01T00:00:00Z` for "unset". */
const Rfc3339Schema = z
  .string()
  .max(64)
  .regex(RFC3339, 'must be an RFC 3339 time')
  .refine(
    isRealTime,
    'must be a time that exists (a real calendar date, 00–23 h, 00–59 min and s, offset up to ±23:59)'
  );

export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

export const AlertmanagerAlertSchema = z.object({
  status: AlertStatusSchema,
  labels: LabelSetSchema,
  annotations: LabelSetSchema.default({}),
  startsAt: Rfc3339Schema,
  endsAt: Rfc3339Schema.optional(),
  generatorURL: z.string().max(2048).optional(),
  fingerprint: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'fingerprint must be 1–64 letters or digits'),
});
export type AlertmanagerAlert = z.infer<typeof AlertmanagerAlertSchema>;

export const AlertmanagerWebhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().max(4096),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: AlertStatusSchema,
  receiver: z.string().max(256),
  groupLabels: LabelSetSchema.default({}),
  commonLabels: LabelSetSchema.default({}),
  commonAnnotations: LabelSetSchema.default({}),
  externalURL: z.string().max(2048).default(''),
  alerts: z.array(AlertmanagerAlertSchema).min(1).max(1000),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhookSchema>;

export const AlertWebhookResultSchema = z.object({
  /** Alerts stored or updated. */
  stored: z.number().int().min(0),
  /** Out-of-order deliveries that were older than what is stored. */
  ignored: z.number().int().min(0),
});
export type AlertWebhookResult = z.infer<typeof AlertWebhookResultSchema>;

// ---- suggested actions -------------------------------------------------------------------------

/**
 * What the operator can do about an alert. `drain`/`undrain`/`suspend` run tenant jobs, `migrate` opens
 * the tenant's migration of one service kind, `restart` runs a deployment restart, `reprobe` opens the
 * tenant's isolation verdicts and evidence with the re-probe, `open` just opens the target (a tenant, a
 * job or a shard).
 */
/** `drain` with `targetType: 'shard'` drains the shard (all its tenants); `cordon` is a shard's. */
export const SUGGESTED_ACTIONS = [
  'drain',
  'undrain',
  'suspend',
  'migrate',
  'restart',
  'reprobe',
  'cordon',
  'open',
] as const;
export const SuggestedActionKindSchema = z.enum(SUGGESTED_ACTIONS);
export type SuggestedActionKind = z.infer<typeof SuggestedActionKindSchema>;

export const SuggestedActionSchema = z.object({
  kind: SuggestedActionKindSchema,
  /** Button text, e.g. "Drain tenant acme-001". */
  title: z.string(),
  targetType: z.enum(['tenant', 'deployment', 'job', 'shard']),
  targetId: z.string(),
  environment: EnvironmentSchema.nullable(),
  /** The service kind a `migrate` moves (the alert's `service`); null for the other kinds. */
  serviceKind: ServiceKindSchema.nullable(),
  /** The job the action runs, when it runs one. */
  jobType: JobTypeSchema.nullable(),
  /** Grafana-relative path of the page that opens the action's preflight (`/a/<plugin>/tenants/<id>?action=drain`). */
  path: z.string(),
});
export type SuggestedAction = z.infer<typeof SuggestedActionSchema>;

// ---- silences and acknowledgements ---------------------------------------------------------------

/** An Alertmanager silence that currently mutes the alert (Alertmanager holds silences; the inbox reads them). */
export const AlertSilenceSchema = z.object({
  id: z.string(),
  state: z.enum(['active', 'pending']),
  startsAt: IsoDateSchema,
  endsAt: IsoDateSchema,
  createdBy: z.string(),
  comment: z.string(),
});
export type AlertSilence = z.infer<typeof AlertSilenceSchema>;

/** Someone took the alert (this firing episode: a new `startsAt` needs a new acknowledgement). Read from the audit. */
export const AlertAcknowledgementSchema = z.object({
  by: z.string(),
  at: IsoDateSchema,
  reason: z.string().nullable(),
});
export type AlertAcknowledgement = z.infer<typeof AlertAcknowledgementSchema>;

const FingerprintSchema = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'fingerprint must be 1–64 letters or digits');

/** `POST /api/v1/alert-silences`: silence exactly this alert (all its labels) for a while, with a reason. */
export const CreateAlertSilenceSchema = z.object({
  fingerprint: FingerprintSchema,
  /** 5 minutes to 7 days. */
  durationMinutes: z
    .number()
    .int('durationMinutes is a whole number of minutes')
    .min(5, 'Silence for at least 5 minutes')
    .max(10_080, 'Silence for at most 7 days (10080 minutes)'),
  reason: ReasonSchema,
});
export type CreateAlertSilence = z.infer<typeof CreateAlertSilenceSchema>;

export const AlertSilenceIdParamsSchema = z.object({ id: z.string().uuid('a silence id is a UUID') });
export const ExpireAlertSilenceSchema = z.object({ reason: ReasonSchema });
export const ExpiredAlertSilenceSchema = z.object({
  id: z.string(),
  state: z.literal('expired'),
  endsAt: IsoDateSchema,
});

/** `POST /api/v1/alert-acknowledgements`: "I am on it" for the alert's current firing episode. */
export const AcknowledgeAlertSchema = z.object({
  fingerprint: FingerprintSchema,
  reason: ReasonSchema.optional(),
});
export type AcknowledgeAlert = z.infer<typeof AcknowledgeAlertSchema>;

// ---- stored alerts -------------------------------------------------------------------------------

export const AlertSchema = z.object({
  fingerprint: z.string(),
  alertname: z.string(),
  status: AlertStatusSchema,
  severity: z.string().nullable(),
  summary: z.string().nullable(),
  runbookUrl: z.string().nullable(),
  tenantId: z.string().nullable(),
  shard: z.string().nullable(),
  service: z.string().nullable(),
  environment: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  startsAt: IsoDateSchema,
  /** When it resolved; null while firing. */
  endsAt: IsoDateSchema.nullable(),
  /** When the sidecar last received it. */
  receivedAt: IsoDateSchema,
  generatorUrl: z.string().nullable(),
  suggestion: SuggestedActionSchema.nullable(),
  /** The Alertmanager silence muting it now; null when none (or when silences are off/unavailable: see the page). */
  silence: AlertSilenceSchema.nullable(),
  acknowledgement: AlertAcknowledgementSchema.nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** `environment`: alerts of these environments (`?environment=dev,prod`); an alert without one matches none. */
export const ListAlertsQuerySchema = PageQuerySchema.extend({
  status: AlertStatusSchema.optional(),
  tenant: TenantIdSchema.optional(),
  environment: csvList(EnvironmentSchema, 10).optional(),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuerySchema>;

/**
 * Firing first (newest start first), then resolved (newest resolution first). `silences`: whether the
 * silences shown come from Alertmanager (`ok`), are off (no SWITCHYARD_ALERTMANAGER_URL) or could not be read.
 */
export const AlertPageSchema = pageOf(AlertSchema).extend({ silences: z.enum(['ok', 'off', 'unavailable']) });
export type AlertPage = z.infer<typeof AlertPageSchema>;

// ---- links into the plugin (the browser builds the same URLs in src/shared/routing.ts; a test keeps them equal) ----

const APP_BASE = `/a/${PLUGIN_ID}`;

/** `?action=` values the tenant detail page understands (deep link straight to the preflight). */
export const TENANT_PAGE_ACTIONS = ['drain', 'undrain', 'suspend', 'resume', 'reprobe'] as const;
export type TenantPageAction = (typeof TENANT_PAGE_ACTIONS)[number];

/** The actions a shard page opens from its URL (`?action=`). */
export const SHARD_PAGE_ACTIONS = ['cordon', 'uncordon', 'drain'] as const;
export type ShardPageAction = (typeof SHARD_PAGE_ACTIONS)[number];

export const appPaths = {
  tenantAction: (tenantId: string, action: TenantPageAction) =>
    `${APP_BASE}/tenants/${encodeURIComponent(tenantId)}?action=${action}`,
  tenant: (tenantId: string) => `${APP_BASE}/tenants/${encodeURIComponent(tenantId)}`,
  /** The tenant's isolation tab: each check's verdict and evidence, and the re-probe. */
  tenantIsolation: (tenantId: string) => `${APP_BASE}/tenants/${encodeURIComponent(tenantId)}/isolation`,
  job: (jobId: string) => `${APP_BASE}/operations/jobs/${encodeURIComponent(jobId)}`,
  /** The tenant's placement tab with the migration of `kind` open (its preflight after a target is chosen). */
  tenantMigrate: (tenantId: string, kind: string) =>
    `${APP_BASE}/tenants/${encodeURIComponent(tenantId)}/placement?migrate=${encodeURIComponent(kind)}`,
  /** A shard's page under the fleet (its tenants, load and the cordon / drain actions). */
  shard: (shardId: string) => `${APP_BASE}/placement/fleet/shards/${encodeURIComponent(shardId)}`,
  /** A shard's page with the plan of `action` open (`cordon`, `drain`). */
  shardAction: (shardId: string, action: ShardPageAction) =>
    `${APP_BASE}/placement/fleet/shards/${encodeURIComponent(shardId)}?action=${action}`,
  /** The operations hub with the run-an-action flow open for a deployment restart (`target=<env>/<deployment>`). */
  deploymentRestart: (environment: string, deployment: string) =>
    `${APP_BASE}/operations?action=restart&target=${encodeURIComponent(`${environment}/${deployment}`)}`,
};
