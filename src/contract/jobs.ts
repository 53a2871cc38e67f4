/**
 * Operations jobs: every mutating platform operation runs as a durable job with ordered steps.
 * `POST /api/v1/jobs` (Idempotency-Key required; `?dryRun=true` returns only the plan),
 * `GET /api/v1/jobs` (active first, keyset pagination), `GET /api/v1/jobs/:id` (steps + audit ids),
 * `POST /api/v1/jobs/:id/cancel`, `POST /api/v1/jobs/:id/approve`.
 * Secret values are never part of any of these shapes: rotations generate values server-side.
 */
import { z } from 'zod';
import { csvList, IsoDateSchema, pageOf, PageQuerySchema, ReasonSchema } from './common';
import { EnvironmentSchema, TenantIdSchema } from './tenants';
import { ServiceKindSchema, ShardIdSchema } from './placement';
import { InventorySyncParamsSchema } from './inventory';
import { DeployStrategySchema, ImageVersionSchema } from './deployments';
import { PreflightCheckSchema } from './preflight';
import { ConfigKindSchema, ScopeKeySchema } from './configDocs';

export const JOB_TYPES = [
  'tenant.drain',
  'tenant.undrain',
  'tenant.suspend',
  'tenant.resume',
  'deployment.restart',
  'deployment.scale',
  'secret.rotate',
  'credentials.refresh',
  'tenant.migrate',
  'shard.cordon',
  'shard.uncordon',
  'shard.drain',
  'rebalance.apply',
  'tenant.reconcile',
  'inventory.sync',
  'deployment.rollout',
  /** Created only through the definitions endpoints (their own RBAC actions), never `POST /jobs`. */
  'definitions.promote',
  'definitions.revert',
  /** Created only through the config apply endpoint (config:write), never `POST /jobs`. */
  'config.apply',
] as const;
export const JobTypeSchema = z.enum(JOB_TYPES);
export type JobType = z.infer<typeof JobTypeSchema>;

export const JOB_STATUSES = ['awaiting_approval', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;
/** Listed first by `GET /jobs`; at most one active job per tenant. */
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ['awaiting_approval', 'queued', 'running'];
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export const STEP_STATUSES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'compensated',
] as const;
export const StepStatusSchema = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof StepStatusSchema>;

/**
 * Where the operator started the job: a Switchyard page, an alert (inbox / annotation link), the API,
 * or a retry of an earlier job (`ref` is that job's id).
 */
export const JobSourceSchema = z.object({
  kind: z.enum(['page', 'alert', 'api', 'retry']),
  /** Page path, alert fingerprint, client name or the retried job's id. */
  ref: z.string().trim().max(500).optional(),
});
export type JobSource = z.infer<typeof JobSourceSchema>;

/** Kubernetes object name (RFC 1123 subdomain, as used for deployments and secrets). */
export const K8sNameSchema = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'Use a Kubernetes name: lowercase letters, digits, - and .');
/** Key inside a Secret's data. */
export const SecretKeySchema = z
  .string()
  .regex(/^[-._a-zA-Z0-9]{1,253}$/, 'Secret keys are letters, digits, -, _ and .');
/** How a rotated value is generated: a random token, or a new password inside the existing URL (DSN). */
export const SecretFormatSchema = z.enum(['random', 'url-password']);

// ---- per-type parameters ----------------------------------------------------------------------

export const TenantDrainParamsSchema = z.object({
  tenantId: TenantIdSchema,
  /** How long to wait for in-flight work to reach zero before the job fails. */
  drainTimeoutSeconds: z.number().int().min(5).max(3600).default(120),
});
export const TenantUndrainParamsSchema = z.object({ tenantId: TenantIdSchema });
export const TenantSuspendParamsSchema = z.object({ tenantId: TenantIdSchema });
export const TenantResumeParamsSchema = z.object({ tenantId: TenantIdSchema });
/** Which side wins when the control plane and the platform disagree about a tenant's drain state. */
export const RECONCILE_PREFERENCES = ['control-plane', 'platform'] as const;
/**
 * Bring the control plane and the platform back in agreement about a tenant: `control-plane` makes
 * the platform match (drain / undrain on shards), `platform` sets the tenant status to match (audited).
 */
export const TenantReconcileParamsSchema = z.object({
  tenantId: TenantIdSchema,
  prefer: z.enum(RECONCILE_PREFERENCES).default('control-plane'),
});

const K8sTargetSchema = z.object({
  environment: EnvironmentSchema,
  /** Optional tenant the operation is for (filters, activity tab); the target is the workload. */
  tenantId: TenantIdSchema.optional(),
});
export const DeploymentRestartParamsSchema = K8sTargetSchema.extend({ deployment: K8sNameSchema });
/**
 * The replica range a deployment may be scaled within: its annotations `switchyard.dev/min-replicas`
 * and `switchyard.dev/max-replicas`, or 1..10 when it has none (a bad value falls back to the default).
 */
export const MIN_REPLICAS_ANNOTATION = 'switchyard.dev/min-replicas';
export const MAX_REPLICAS_ANNOTATION = 'switchyard.dev/max-replicas';
export const DEFAULT_REPLICA_BOUNDS = { min: 1, max: 10 } as const;
export const MAX_SCALE_REPLICAS = 100;

export function replicaBounds(annotations: Record<string, string> | undefined): { min: number; max: number } {
  const read = (key: string, fallback: number) => {
    const n = Number(annotations?.[key]);
    return annotations?.[key] !== undefined && Number.isInteger(n) && n >= 0 && n <= MAX_SCALE_REPLICAS ? n : fallback;
  };
  const min = read(MIN_REPLICAS_ANNOTATION, DEFAULT_REPLICA_BOUNDS.min);
  const max = read(MAX_REPLICAS_ANNOTATION, DEFAULT_REPLICA_BOUNDS.max);
  return max >= min ? { min, max } : { min, max: min };
}

export const DeploymentScaleParamsSchema = K8sTargetSchema.extend({
  deployment: K8sNameSchema,
  replicas: z.number().int().min(0).max(MAX_SCALE_REPLICAS),
});
export const SecretRotateParamsSchema = K8sTargetSchema.extend({
  secret: K8sNameSchema,
  key: SecretKeySchema.default('password'),
  format: SecretFormatSchema.default('random'),
});
export const CredentialsRefreshParamsSchema = K8sTargetSchema.extend({
  secret: K8sNameSchema,
  /** The deployment that consumes the secret; restarted to pick up the new credentials. */
  deployment: K8sNameSchema,
  key: SecretKeySchema.default('password'),
  format: SecretFormatSchema.default('random'),
});

/** Move one (tenant, service kind) to another shard of the same kind (SPEC §2). */
export const TenantMigrateParamsSchema = z.object({
  tenantId: TenantIdSchema,
  kind: ServiceKindSchema,
  targetShardId: ShardIdSchema,
  /** How long the source may take to reach zero in-flight work. */
  drainTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
  /** How long verification waits for traffic on the target. */
  verifySeconds: z.number().int().min(1).max(600).default(30),
});
export const ShardCordonParamsSchema = z.object({ shardId: ShardIdSchema });
export const ShardDrainParamsSchema = z.object({
  shardId: ShardIdSchema,
  /** Tenant migrations run at once. */
  concurrency: z.number().int().min(1).max(16).default(2),
  drainTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
});
/** Apply the rebalance plan for `target` (see GET /api/v1/placement/rebalance for the preview). */
export const RebalanceApplyParamsSchema = z.object({
  target: z.number().min(0.01).max(1.5),
  kind: ServiceKindSchema.optional(),
  maxMoves: z.number().int().min(1).max(10_000).default(500),
  concurrency: z.number().int().min(1).max(16).default(2),
  /** Stop condition: no new move starts after this many failed ones. */
  maxFailures: z.number().int().min(1).max(100).default(1),
  drainTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
});

/**
 * Roll an image version out to one service kind in one environment (all its shards, or the listed
 * ones), as a canary with health gates or as a rolling update (see `deployments.ts`).
 */
export const DeploymentRolloutParamsSchema = z.object({
  kind: ServiceKindSchema,
  environment: EnvironmentSchema,
  imageVersion: ImageVersionSchema,
  strategy: DeployStrategySchema,
  shards: z.array(ShardIdSchema).min(1).max(100).optional(),
});

const common = { reason: ReasonSchema, source: JobSourceSchema.default({ kind: 'api' }) };

/** `POST /api/v1/jobs` body: discriminated on `type`, with that type's `params`. */
export const CreateJobSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tenant.drain'), params: TenantDrainParamsSchema, ...common }),
  z.object({ type: z.literal('tenant.undrain'), params: TenantUndrainParamsSchema, ...common }),
  z.object({ type: z.literal('tenant.suspend'), params: TenantSuspendParamsSchema, ...common }),
  z.object({ type: z.literal('tenant.resume'), params: TenantResumeParamsSchema, ...common }),
  z.object({ type: z.literal('deployment.restart'), params: DeploymentRestartParamsSchema, ...common }),
  z.object({ type: z.literal('deployment.scale'), params: DeploymentScaleParamsSchema, ...common }),
  z.object({ type: z.literal('secret.rotate'), params: SecretRotateParamsSchema, ...common }),
  z.object({ type: z.literal('credentials.refresh'), params: CredentialsRefreshParamsSchema, ...common }),
  z.object({ type: z.literal('tenant.migrate'), params: TenantMigrateParamsSchema, ...common }),
  z.object({ type: z.literal('shard.cordon'), params: ShardCordonParamsSchema, ...common }),
  z.object({ type: z.literal('shard.uncordon'), params: ShardCordonParamsSchema, ...common }),
  z.object({ type: z.literal('shard.drain'), params: ShardDrainParamsSchema, ...common }),
  z.object({ type: z.literal('rebalance.apply'), params: RebalanceApplyParamsSchema, ...common }),
  z.object({ type: z.literal('tenant.reconcile'), params: TenantReconcileParamsSchema, ...common }),
  z.object({ type: z.literal('inventory.sync'), params: InventorySyncParamsSchema, ...common }),
  z.object({ type: z.literal('deployment.rollout'), params: DeploymentRolloutParamsSchema, ...common }),
]);
export type CreateJob = z.infer<typeof CreateJobSchema>;

/**
 * Apply one config version environment by environment (see configDocs.ts). Started only by the
 * config endpoint (`applyConfig`, under the config write action), never through `POST /jobs`.
 */
export const ConfigApplyParamsSchema = z.object({
  kind: ConfigKindSchema,
  scope: ScopeKeySchema,
  version: z.number().int().positive(),
  environments: z.array(EnvironmentSchema).min(1).max(3),
});
export type ConfigApplyParams = z.infer<typeof ConfigApplyParamsSchema>;
export type JobParams<T extends JobType> = Extract<CreateJob, { type: T }>['params'];

export const CreateJobQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

// ---- plan -------------------------------------------------------------------------------------

export { PreflightCheckSchema, type PreflightCheck } from './preflight';

export const PlanStepSchema = z.object({
  index: z.number().int().min(0),
  name: z.string(),
  title: z.string(),
  /** What cancellation after this step undoes, or null when nothing is compensated. */
  compensation: z.string().nullable(),
});

export const DiffEntrySchema = z.object({
  resource: z.string(),
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});
export type DiffEntry = z.infer<typeof DiffEntrySchema>;

export const JobPlanSchema = z.object({
  type: JobTypeSchema,
  environment: EnvironmentSchema,
  tenantId: z.string().nullable(),
  target: z.string(),
  steps: z.array(PlanStepSchema),
  preflight: z.array(PreflightCheckSchema),
  /** What would change; values of secrets never appear (only that they change). */
  diff: z.array(DiffEntrySchema),
  /** True when a preflight check failed: the job would be refused. */
  blocked: z.boolean(),
  approvalRequired: z.boolean(),
  /** Hash of the steps and diff; an approval is bound to it. */
  planHash: z.string(),
});
export type JobPlan = z.infer<typeof JobPlanSchema>;

// ---- job and steps ----------------------------------------------------------------------------

export const JobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** What the operator should do about it. Always present on a failure. */
  remediation: z.string(),
  step: z.string().nullable(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

export const JobStepSchema = z.object({
  index: z.number().int().min(0),
  name: z.string(),
  title: z.string(),
  status: StepStatusSchema,
  attempts: z.number().int().min(0),
  startedAt: IsoDateSchema.nullable(),
  finishedAt: IsoDateSchema.nullable(),
  /** The effect read back from the platform (e.g. `{ generation: { from: 3, to: 4 } }`), not just "sent". */
  observed: z.record(z.string(), z.unknown()).nullable(),
  error: JobErrorSchema.omit({ step: true }).nullable(),
});
export type JobStep = z.infer<typeof JobStepSchema>;

export const JobApprovalSchema = z.object({
  required: z.boolean(),
  status: z.enum(['not_required', 'pending', 'approved', 'void']),
  /** The plan hash the approval is (or must be) bound to. */
  planHash: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: IsoDateSchema.nullable(),
});

export const JobSchema = z.object({
  id: z.string(),
  type: JobTypeSchema,
  status: JobStatusSchema,
  environment: EnvironmentSchema,
  tenantId: z.string().nullable(),
  /** Human-readable target, e.g. `tenant acme-001` or `platform-prod/deployment/gateway-prod-0`. */
  target: z.string(),
  /** The validated parameters (never secret values). */
  params: z.record(z.string(), z.unknown()),
  reason: z.string(),
  source: JobSourceSchema,
  requestedBy: z.object({ login: z.string(), orgId: z.number().int() }),
  approval: JobApprovalSchema,
  /** Index of the step running or next to run; equals stepCount when all ran. */
  currentStep: z.number().int().min(0),
  stepCount: z.number().int().min(0),
  cancelRequested: z.boolean(),
  error: JobErrorSchema.nullable(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  startedAt: IsoDateSchema.nullable(),
  finishedAt: IsoDateSchema.nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobDetailSchema = JobSchema.extend({
  steps: z.array(JobStepSchema),
  /** `seq` of every audit entry recorded for this job, oldest first. */
  auditIds: z.array(z.number().int()),
});
export type JobDetail = z.infer<typeof JobDetailSchema>;

export const CreateJobResponseSchema = z.object({
  dryRun: z.boolean(),
  plan: JobPlanSchema,
  /** The created job; null for a dry run. */
  job: JobDetailSchema.nullable(),
});
export type CreateJobResponse = z.infer<typeof CreateJobResponseSchema>;

// ---- list, approve, cancel --------------------------------------------------------------------

/** Active jobs first, then newest first. */
export const ListJobsQuerySchema = PageQuerySchema.extend({
  environment: csvList(EnvironmentSchema, 10).optional(),
  type: csvList(JobTypeSchema, 10).optional(),
  status: csvList(JobStatusSchema, 10).optional(),
  tenant: TenantIdSchema.optional(),
});
export type ListJobsQuery = z.infer<typeof ListJobsQuerySchema>;

export const JobPageSchema = pageOf(JobSchema);
export type JobPage = z.infer<typeof JobPageSchema>;

export const JobIdParamsSchema = z.object({ id: z.string().uuid('job id is a UUID') });

export const ApproveJobSchema = z.object({
  /** The plan hash the approver saw; a changed plan voids the approval (409). */
  planHash: z.string().regex(/^[0-9a-f]{64}$/, 'planHash is the 64-hex plan hash from the job'),
  reason: ReasonSchema.optional(),
});
export type ApproveJob = z.infer<typeof ApproveJobSchema>;

export const CancelJobSchema = z.object({ reason: ReasonSchema });
export type CancelJob = z.infer<typeof CancelJobSchema>;

/** Retry a failed or cancelled job: a new job with the same type and parameters, planned again. */
export const RetryJobSchema = z.object({ reason: ReasonSchema });
export type RetryJob = z.infer<typeof RetryJobSchema>;
