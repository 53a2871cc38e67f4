/**
 * Deployments (change management): the version matrix (service kind × environment × shard), deploy
 * requests with a canary or rolling strategy, canary health gates measured against the pre-deploy
 * baseline, deploy status and history, and deploy freezes.
 */
import { z } from 'zod';
import { IsoDateSchema, PageQuerySchema, ReasonSchema, pageOf } from './common';
import { PreflightCheckSchema } from './preflight';
import { ServiceKindSchema, ShardIdSchema } from './placement';
import { EnvironmentSchema } from './tenants';

/** A container image tag (Docker's rule: up to 128 of letters, digits, `_`, `.`, `-`; not starting with `.` or `-`). */
export const IMAGE_VERSION_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
export const ImageVersionSchema = z
  .string()
  .regex(
    IMAGE_VERSION_PATTERN,
    'An image version is a tag: letters, digits, _ . - (up to 128, not starting with . or -)'
  );

export const ROLLOUT_STATES = ['stable', 'progressing', 'canary', 'paused', 'degraded'] as const;
export const RolloutStateSchema = z.enum(ROLLOUT_STATES);
export type RolloutState = z.infer<typeof RolloutStateSchema>;

/** One cell of the version matrix: what one shard of one service kind runs in one environment. */
export const VersionMatrixCellSchema = z.object({
  kind: ServiceKindSchema,
  environment: EnvironmentSchema,
  shardId: ShardIdSchema,
  namespace: z.string().max(253),
  deployment: z.string().max(253),
  imageVersion: z.string().max(128),
  /** Version of the canary deployment (`<deployment>-canary`) while one runs, else null. */
  canaryVersion: z.string().max(128).nullable(),
  canaryReplicas: z.number().int().nonnegative(),
  replicasReady: z.number().int().nonnegative(),
  replicasDesired: z.number().int().nonnegative(),
  replicasUpdated: z.number().int().nonnegative(),
  /** `deployment.kubernetes.io/revision` of the deployment. */
  revision: z.number().int().nonnegative(),
  rolloutState: RolloutStateSchema,
});
export type VersionMatrixCell = z.infer<typeof VersionMatrixCellSchema>;

export const VersionMatrixSchema = z.object({
  cells: z.array(VersionMatrixCellSchema),
  observedAt: IsoDateSchema,
  /** Why the matrix is incomplete (Kubernetes API unreachable), null when complete. */
  error: z.string().nullable(),
});
export type VersionMatrix = z.infer<typeof VersionMatrixSchema>;

// ---- strategy and gate ------------------------------------------------------------------------

/**
 * A canary passes when its 5xx ratio is at most `max5xxRatio` AND at most `baselineFactor` × the
 * baseline's, and its p95 is at most `maxP95Ms` AND at most `baselineFactor` × the baseline's,
 * measured over `windowSeconds`.
 */
export const CanaryGateSchema = z.strictObject({
  max5xxRatio: z.number().min(0).max(1),
  maxP95Ms: z.number().positive().max(600_000),
  baselineFactor: z.number().min(1).max(100),
  windowSeconds: z.number().int().min(10).max(3600),
  /** Below this many canary requests in the window the gate cannot decide (it fails closed). */
  minRequests: z.number().int().min(0).max(1_000_000).default(20),
});
export type CanaryGate = z.infer<typeof CanaryGateSchema>;

export const CanaryStrategySchema = z.strictObject({
  type: z.literal('canary'),
  /** Canary traffic weights in percent, strictly increasing; 100 is reached by the final promotion. */
  steps: z
    .array(z.number().int().min(1).max(99))
    .min(1)
    .max(10)
    .refine((s) => s.every((v, i) => i === 0 || v > s[i - 1]), 'Canary steps must be strictly increasing'),
  gate: CanaryGateSchema,
  /** Seconds to wait at each step before the gate is evaluated (lets the window fill). */
  stepPauseSeconds: z.number().int().min(0).max(3600).default(60),
});
export type CanaryStrategy = z.infer<typeof CanaryStrategySchema>;

export const RollingStrategySchema = z.strictObject({
  type: z.literal('rolling'),
  maxSurgePercent: z.number().int().min(0).max(100).default(25),
  maxUnavailablePercent: z.number().int().min(0).max(100).default(25),
});
export type RollingStrategy = z.infer<typeof RollingStrategySchema>;

export const DeployStrategySchema = z.discriminatedUnion('type', [CanaryStrategySchema, RollingStrategySchema]);
export type DeployStrategy = z.infer<typeof DeployStrategySchema>;

export const DeployRequestSchema = z.strictObject({
  kind: ServiceKindSchema,
  environment: EnvironmentSchema,
  imageVersion: ImageVersionSchema,
  strategy: DeployStrategySchema,
  /** Shards to deploy; all shards of the kind in the environment when omitted. */
  shards: z.array(ShardIdSchema).min(1).max(100).optional(),
  reason: ReasonSchema,
});
export type DeployRequest = z.infer<typeof DeployRequestSchema>;

export const DeployQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** Health of one side of a canary comparison over the gate window. */
export const TrafficSampleSchema = z.object({
  requests: z.number().nonnegative(),
  errorRatio5xx: z.number().min(0).max(1).nullable(),
  p95Ms: z.number().nonnegative().nullable(),
});
export type TrafficSample = z.infer<typeof TrafficSampleSchema>;

export const GateCheckSchema = z.object({
  name: z.enum(['5xx_ratio', 'p95_latency', 'sample_size']),
  passed: z.boolean(),
  measured: z.number().nullable(),
  /** The effective limit: min(absolute threshold, baseline × factor) where a baseline exists. */
  limit: z.number().nullable(),
  message: z.string(),
});
export type GateCheck = z.infer<typeof GateCheckSchema>;

export const GateEvaluationSchema = z.object({
  passed: z.boolean(),
  /** One sentence an operator can act on: what failed, measured vs limit. */
  reason: z.string(),
  canary: TrafficSampleSchema,
  baseline: TrafficSampleSchema,
  thresholds: CanaryGateSchema,
  checks: z.array(GateCheckSchema),
  stepIndex: z.number().int().min(0),
  weightPercent: z.number().min(0).max(100),
  evaluatedAt: IsoDateSchema,
});
export type GateEvaluation = z.infer<typeof GateEvaluationSchema>;

// ---- plan, status, history --------------------------------------------------------------------

export const DeployStepSchema = z.object({
  index: z.number().int().min(0),
  kind: z.enum(['canary', 'promote', 'rolling']),
  /** Share of traffic the new version gets after this step (percent of ready pods). */
  weightPercent: z.number().min(0).max(100),
  canaryReplicas: z.number().int().nonnegative(),
  stableReplicas: z.number().int().nonnegative(),
  gated: z.boolean(),
});
export type DeployStep = z.infer<typeof DeployStepSchema>;

export const DEPLOYMENT_STATUSES = [
  'blocked',
  'queued',
  'preflight',
  'canary',
  'gating',
  'promoting',
  'paused',
  'rolling_back',
  'succeeded',
  'rolled_back',
  'aborted',
  'failed',
] as const;
export const DeploymentStatusSchema = z.enum(DEPLOYMENT_STATUSES);
export type DeploymentStatus = z.infer<typeof DeploymentStatusSchema>;
export const TERMINAL_DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = [
  'blocked',
  'succeeded',
  'rolled_back',
  'aborted',
  'failed',
];

export const DeployPlanSchema = z.object({
  kind: ServiceKindSchema,
  environment: EnvironmentSchema,
  shards: z.array(z.object({ shardId: ShardIdSchema, fromVersion: z.string(), replicas: z.number().int() })),
  toVersion: z.string(),
  strategy: DeployStrategySchema,
  steps: z.array(DeployStepSchema),
  preflight: z.array(PreflightCheckSchema),
  blocked: z.boolean(),
  approvalRequired: z.boolean(),
});
export type DeployPlan = z.infer<typeof DeployPlanSchema>;

export const DeploymentSchema = z.object({
  id: z.string().uuid(),
  jobId: z.string().uuid().nullable(),
  kind: ServiceKindSchema,
  environment: EnvironmentSchema,
  shards: z.array(ShardIdSchema),
  fromVersion: z.string(),
  toVersion: z.string(),
  strategy: DeployStrategySchema,
  status: DeploymentStatusSchema,
  steps: z.array(DeployStepSchema),
  /** Index of the step running or next to run. */
  currentStep: z.number().int().min(0),
  gates: z.array(GateEvaluationSchema),
  /** Why it rolled back, aborted or failed; null otherwise. */
  outcomeReason: z.string().nullable(),
  requestedBy: z.string(),
  reason: z.string(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  finishedAt: IsoDateSchema.nullable(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const CreateDeploymentResponseSchema = z.object({
  dryRun: z.boolean(),
  plan: DeployPlanSchema,
  /** Null for a dry run or a blocked plan. */
  deployment: DeploymentSchema.nullable(),
});

export const ListDeploymentsQuerySchema = PageQuerySchema.extend({
  kind: ServiceKindSchema.optional(),
  environment: EnvironmentSchema.optional(),
  status: DeploymentStatusSchema.optional(),
});
export const DeploymentPageSchema = pageOf(DeploymentSchema);
export type DeploymentPage = z.infer<typeof DeploymentPageSchema>;
export const DeploymentIdParamsSchema = z.object({ id: z.string().uuid('deployment id is a UUID') });
export const DeploymentControlSchema = z.strictObject({ reason: ReasonSchema });

export const ImageTagsSchema = z.object({
  kind: ServiceKindSchema,
  repository: z.string(),
  tags: z.array(z.string()),
});
export const ImageTagsParamsSchema = z.object({ kind: ServiceKindSchema });

// ---- freeze -----------------------------------------------------------------------------------

export const FreezeScopeSchema = z.union([z.literal('global'), EnvironmentSchema]);
export type FreezeScope = z.infer<typeof FreezeScopeSchema>;

export const FreezeSchema = z.object({
  id: z.string().uuid(),
  scope: FreezeScopeSchema,
  reason: z.string(),
  createdBy: z.string(),
  createdAt: IsoDateSchema,
  /** The freeze stops applying at this instant. */
  expiresAt: IsoDateSchema,
  /** Set when lifted before expiry. */
  liftedAt: IsoDateSchema.nullable(),
});
export type Freeze = z.infer<typeof FreezeSchema>;

export const CreateFreezeSchema = z.strictObject({
  scope: FreezeScopeSchema,
  reason: ReasonSchema,
  expiresAt: IsoDateSchema,
});
export type CreateFreeze = z.infer<typeof CreateFreezeSchema>;

export const FreezeListSchema = z.object({ items: z.array(FreezeSchema) });
export const FreezeIdParamsSchema = z.object({ id: z.string().uuid('freeze id is a UUID') });
export const LiftFreezeSchema = z.strictObject({ reason: ReasonSchema });
