/**
 * The query model of the Switchyard control-plane data source (`switchyard-controlplane-datasource`).
 * One discriminated union on `queryType`; the query editor validates with it inline, the backend
 * re-validates every refId (alert rules never pass through the editor). Grafana adds its own keys
 * (refId, datasource, hide, intervalMs…): they are ignored, never rejected.
 */
import { z } from 'zod';
import { AuditOutcomeSchema } from './audit';
import { IsolationVerdictSchema } from './isolation';
import { JobStatusSchema, JobTypeSchema } from './jobs';
import { ServiceKindSchema, ShardStatusSchema } from './placement';
import { AlertStatusSchema } from './alerts';
import { EnvironmentSchema, PlanSchema, TenantIdSchema, TenantStatusSchema } from './tenants';

export const DATASOURCE_PLUGIN_ID = 'switchyard-controlplane-datasource';
export const DATASOURCE_UID = 'switchyard-controlplane';

/** Headers the data source sends to the sidecar besides `Authorization: Bearer <token>`. */
export const DATASOURCE_USER_HEADER = 'x-switchyard-datasource-user';

/** Upper bounds: rows of a table, points of a series, tenants or jobs scanned for an aggregate. */
export const DATASOURCE_LIMITS = {
  tableRows: 5000,
  seriesPoints: 10_000,
  tenantScan: 50_000,
  jobScan: 20_000,
  auditScan: 20_000,
  alerts: 1000,
  variableValues: 5000,
} as const;

/** Repeated values once, first occurrence first: one value is one series, never two identical ones. */
const unique = (values: string[]): string[] => [...new Set(values)];

/** A multi-select filter: an array of enum values (a comma-separated string is accepted too), repeats dropped. */
const multi = <T extends z.ZodType<string, string>>(item: T, field: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: `${field} must be a list of values` })
    .transform((v) => unique((Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(item).max(20, `${field}: at most 20 values`))
    .optional();

const enumOf = <T extends readonly [string, ...string[]]>(values: T, field: string) =>
  z.enum(values, { error: `${field} must be one of ${values.join(', ')}` });

const limit = (field: string, max: number, def: number) =>
  z.coerce
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be at least 1`)
    .max(max, `${field} must be at most ${max}`)
    .default(def);

/** A bucket width such as `30s`, `5m`, `1h`, `1d`; empty or absent → Grafana's interval. */
export const BUCKET_PATTERN = /^(\d{1,6})(s|m|h|d)$/;
const bucket = z
  .string()
  .trim()
  .regex(BUCKET_PATTERN, 'bucket must look like 30s, 5m, 1h or 1d')
  .optional()
  .or(z.literal('').transform(() => undefined));

export function bucketMs(bucketText: string | undefined): number | undefined {
  const m = bucketText ? BUCKET_PATTERN.exec(bucketText) : null;
  if (!m) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

const search = z.string().trim().max(100, 'search: at most 100 characters').optional();

export const TenantsDsQuerySchema = z.object({
  queryType: z.literal('tenants'),
  status: multi(TenantStatusSchema, 'status'),
  environment: multi(EnvironmentSchema, 'environment'),
  plan: multi(PlanSchema, 'plan'),
  search,
  /** `key=value` or `key` (label present), as the tenants API. */
  label: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_./-]*(=[^,]{0,63})?$/, 'label is key or key=value')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  limit: limit('limit', DATASOURCE_LIMITS.tableRows, 500),
});

export const TENANT_GROUP_BY = ['status', 'environment', 'plan'] as const;
export const TenantCountsDsQuerySchema = z
  .object({
    queryType: z.literal('tenantCounts'),
    groupBy: enumOf(TENANT_GROUP_BY, 'groupBy').default('status'),
    /** `numeric`: one numeric-multi frame per group (Alerting, stat panels); `timeseries`: from the audit history. */
    format: enumOf(['numeric', 'timeseries'] as const, 'format').default('numeric'),
    /** Only these values of the grouped dimension (e.g. `degraded`), repeats dropped; all when empty. */
    include: z.array(z.string(), { error: 'include must be a list of values' }).max(20).transform(unique).optional(),
    bucket,
  })
  .superRefine((q, ctx) => {
    const allowed: readonly string[] = {
      status: TenantStatusSchema.options,
      environment: EnvironmentSchema.options,
      plan: PlanSchema.options,
    }[q.groupBy];
    for (const v of q.include ?? []) {
      if (!allowed.includes(v)) {
        ctx.addIssue({
          code: 'custom',
          path: ['include'],
          message: `include: ${v} is not a value of ${q.groupBy}; use ${allowed.join(', ')}`,
        });
      }
    }
  });

export const IsolationDsQuerySchema = z.object({
  queryType: z.literal('isolation'),
  /** `counts`: tenants per verdict; `violations`: one series per tenant in violation (value 1). */
  format: enumOf(['counts', 'violations'] as const, 'format').default('counts'),
  verdict: multi(IsolationVerdictSchema, 'verdict'),
  environment: multi(EnvironmentSchema, 'environment'),
});

export const JOB_GROUP_BY = ['status', 'type', 'environment'] as const;
export const JobsDsQuerySchema = z.object({
  queryType: z.literal('jobs'),
  /** `table`: jobs created in the range; `counts`: per group, numeric; `timeseries`: per group and bucket; `durations`: finished jobs. */
  format: enumOf(['table', 'counts', 'timeseries', 'durations'] as const, 'format').default('table'),
  groupBy: enumOf(JOB_GROUP_BY, 'groupBy').default('status'),
  status: multi(JobStatusSchema, 'status'),
  type: multi(JobTypeSchema, 'type'),
  environment: multi(EnvironmentSchema, 'environment'),
  tenant: TenantIdSchema.optional().or(z.literal('').transform(() => undefined)),
  limit: limit('limit', DATASOURCE_LIMITS.tableRows, 500),
  bucket,
});

export const PLACEMENT_METRICS = ['tenants', 'load', 'utilization'] as const;
export const PlacementDsQuerySchema = z.object({
  queryType: z.literal('placement'),
  format: enumOf(['table', 'numeric'] as const, 'format').default('table'),
  metric: enumOf(PLACEMENT_METRICS, 'metric').default('tenants'),
  kind: ServiceKindSchema.optional().or(z.literal('').transform(() => undefined)),
  status: ShardStatusSchema.optional().or(z.literal('').transform(() => undefined)),
});

export const AlertsDsQuerySchema = z.object({
  queryType: z.literal('alerts'),
  status: AlertStatusSchema.optional().or(z.literal('').transform(() => undefined)),
  tenant: TenantIdSchema.optional().or(z.literal('').transform(() => undefined)),
  limit: limit('limit', DATASOURCE_LIMITS.alerts, 200),
});

export const AuditDsQuerySchema = z.object({
  queryType: z.literal('audit'),
  targetType: z.string().trim().max(40).optional(),
  targetId: z.string().trim().max(200).optional(),
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  outcome: AuditOutcomeSchema.optional().or(z.literal('').transform(() => undefined)),
  limit: limit('limit', DATASOURCE_LIMITS.tableRows, 100),
});

export const VARIABLE_TARGETS = ['tenant', 'shard', 'environment', 'jobType'] as const;
export type VariableTarget = (typeof VARIABLE_TARGETS)[number];
export const VariableDsQuerySchema = z.object({
  queryType: z.literal('variable'),
  target: enumOf(VARIABLE_TARGETS, 'target'),
  /** Tenants only: restrict to these environments. */
  environment: multi(EnvironmentSchema, 'environment'),
  /** Shards only: one service kind. */
  kind: ServiceKindSchema.optional().or(z.literal('').transform(() => undefined)),
  search,
});

/** Jobs as annotations: one region per job (created → finished), tagged with type, status, environment. */
export const JobAnnotationsDsQuerySchema = z.object({
  queryType: z.literal('jobAnnotations'),
  status: multi(JobStatusSchema, 'status'),
  type: multi(JobTypeSchema, 'type'),
  environment: multi(EnvironmentSchema, 'environment'),
  tenant: TenantIdSchema.optional().or(z.literal('').transform(() => undefined)),
});

export const DS_QUERY_TYPES = [
  'tenants',
  'tenantCounts',
  'isolation',
  'jobs',
  'placement',
  'alerts',
  'audit',
  'variable',
  'jobAnnotations',
] as const;
export type DsQueryType = (typeof DS_QUERY_TYPES)[number];

export const DsQuerySchema = z.discriminatedUnion(
  'queryType',
  [
    TenantsDsQuerySchema,
    TenantCountsDsQuerySchema,
    IsolationDsQuerySchema,
    JobsDsQuerySchema,
    PlacementDsQuerySchema,
    AlertsDsQuerySchema,
    AuditDsQuerySchema,
    VariableDsQuerySchema,
    JobAnnotationsDsQuerySchema,
  ],
  { error: `queryType must be one of ${DS_QUERY_TYPES.join(', ')}` }
);
/** A validated query (defaults applied). */
export type DsQuery = z.output<typeof DsQuerySchema>;
/** What the editor stores and alert rules hold (defaults optional). */
export type DsQueryInput = z.input<typeof DsQuerySchema>;

export interface DsQueryFieldError {
  field: string;
  message: string;
}

export type DsQueryValidation = { ok: true; query: DsQuery } | { ok: false; errors: DsQueryFieldError[] };

/** Validates a query model; errors name the field (`limit`, `include`, `queryType`…). */
export function validateDsQuery(model: unknown): DsQueryValidation {
  const r = DsQuerySchema.safeParse(model);
  if (r.success) return { ok: true, query: r.data };
  return {
    ok: false,
    errors: r.error.issues.slice(0, 10).map((i) => {
      const field = i.path.map(String).join('.') || 'queryType';
      const message = i.message.startsWith(`${field}`) ? i.message : `${field}: ${i.message}`;
      return { field, message };
    }),
  };
}

/**
 * The buckets of a time series over [fromMs, toMs]: an explicit `bucket`, else Grafana's interval,
 * never finer than the range divided by maxDataPoints. Too many points → an error asking to widen it.
 */
export function seriesBuckets(
  range: { fromMs: number; toMs: number },
  opts: { bucket?: string; intervalMs?: number; maxDataPoints?: number }
): { ok: true; stepMs: number; starts: number[] } | { ok: false; message: string } {
  const span = range.toMs - range.fromMs;
  if (!(span > 0)) return { ok: false, message: 'The time range is empty: its end must be after its start' };
  const explicit = bucketMs(opts.bucket);
  const fromGrafana = Math.max(opts.intervalMs ?? 0, opts.maxDataPoints ? Math.ceil(span / opts.maxDataPoints) : 0);
  const stepMs = Math.max(1000, explicit ?? (fromGrafana || 60_000));
  const points = Math.ceil(span / stepMs);
  if (points > DATASOURCE_LIMITS.seriesPoints) {
    return {
      ok: false,
      message: `This range needs ${points} points of ${stepMs / 1000}s (at most ${DATASOURCE_LIMITS.seriesPoints}): widen the interval (bucket) or shorten the time range`,
    };
  }
  const first = Math.floor(range.fromMs / stepMs) * stepMs;
  const starts: number[] = [];
  for (let t = first; t < range.toMs; t += stepMs) starts.push(t);
  return { ok: true, stepMs, starts };
}
