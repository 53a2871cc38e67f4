/**
 * Placement (SPEC §2): shards per service kind, assignments (tenant, service kind) → shard with a
 * revision and history, fleet views and the rebalance preview. Revisions are opaque, strictly
 * increasing numbers owned by the placement store (SQL row counter or JetStream KV sequence).
 */
import { z } from 'zod';
import { IsoDateSchema, PageQuerySchema, pageOf } from './common';
import { EnvironmentSchema, TenantIdSchema } from './tenants';

export const SERVICE_KINDS = ['gateway', 'aggregate', 'projection', 'runner'] as const;
export const ServiceKindSchema = z.enum(SERVICE_KINDS);
export type ServiceKind = z.infer<typeof ServiceKindSchema>;

export const SHARD_STATUSES = ['ready', 'cordoned', 'draining', 'down'] as const;
export const ShardStatusSchema = z.enum(SHARD_STATUSES);
export type ShardStatus = z.infer<typeof ShardStatusSchema>;

/** Shard ids double as JetStream KV key tokens, so they use a conservative alphabet. */
export const SHARD_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,99}$/;
export const ShardIdSchema = z.string().regex(SHARD_ID_PATTERN, 'Shard ids are lowercase letters, digits, - and _');

export const ShardSchema = z.object({
  id: ShardIdSchema,
  kind: ServiceKindSchema,
  region: z.string().max(100),
  labels: z.record(z.string(), z.string()),
  /** Requests per second the shard is sized for (same unit as tenant load). */
  capacity: z.number().nonnegative(),
  version: z.string().max(100),
  status: ShardStatusSchema,
  revision: z.number().int().positive(),
  updatedAt: IsoDateSchema,
});
export type Shard = z.infer<typeof ShardSchema>;

export const AssignmentHistoryEntrySchema = z.object({
  revision: z.number().int().positive(),
  shardId: ShardIdSchema,
  previousShardId: ShardIdSchema.nullable(),
  at: IsoDateSchema,
  actor: z.string().max(200),
  reason: z.string().max(500).nullable(),
  jobId: z.string().max(100).nullable(),
});
export type AssignmentHistoryEntry = z.infer<typeof AssignmentHistoryEntrySchema>;

export const AssignmentSchema = z.object({
  tenantId: TenantIdSchema,
  kind: ServiceKindSchema,
  shardId: ShardIdSchema,
  revision: z.number().int().positive(),
  /** Number of writes this assignment has seen (1 on create); a lost update shows as a gap. */
  generation: z.number().int().positive(),
  updatedAt: IsoDateSchema,
});
export type Assignment = z.infer<typeof AssignmentSchema>;

/** A shard as the fleet page shows it: inventory plus tenant count and load from VictoriaMetrics. */
export const ShardViewSchema = ShardSchema.extend({
  tenants: z.number().int().nonnegative(),
  /** Requests per second served; null when VictoriaMetrics could not be read. */
  load: z.number().nonnegative().nullable(),
  /** load / capacity; null when unknown. */
  utilization: z.number().nonnegative().nullable(),
});
export type ShardView = z.infer<typeof ShardViewSchema>;

export const ListShardsQuerySchema = PageQuerySchema.extend({
  kind: ServiceKindSchema.optional(),
  status: ShardStatusSchema.optional(),
  /** Shards whose `env` label is this environment (what a tenant of that environment may be placed on). */
  environment: EnvironmentSchema.optional(),
});
export type ListShardsQuery = z.infer<typeof ListShardsQuerySchema>;

export const ShardPageSchema = pageOf(ShardViewSchema).extend({
  /** Why load is missing (e.g. VictoriaMetrics unreachable); null when load is present. */
  loadError: z.string().nullable(),
});
export type ShardPage = z.infer<typeof ShardPageSchema>;

export const ShardIdParamsSchema = z.object({ id: ShardIdSchema });

export const ShardTenantsQuerySchema = PageQuerySchema;
export const ShardTenantPageSchema = pageOf(AssignmentSchema);
export type ShardTenantPage = z.infer<typeof ShardTenantPageSchema>;

export const TenantPlacementSchema = z.object({
  tenantId: TenantIdSchema,
  /** The tenant's environment (its shards are of this environment); null when the tenant is not registered. */
  environment: EnvironmentSchema.nullable(),
  kinds: z.array(
    z.object({
      kind: ServiceKindSchema,
      assignment: AssignmentSchema.nullable(),
      /** Newest first, at most 20 entries. */
      history: z.array(AssignmentHistoryEntrySchema),
    })
  ),
});
export type TenantPlacement = z.infer<typeof TenantPlacementSchema>;

export const SyncPlacementResultSchema = z.object({
  shardsCreated: z.number().int(),
  shardsUpdated: z.number().int(),
  assignmentsCreated: z.number().int(),
});
export type SyncPlacementResult = z.infer<typeof SyncPlacementResultSchema>;

// ---------------------------------------------------------------- rebalance

export const RebalanceQuerySchema = z.object({
  /** Utilization every shard should end up under, 0.01–1.5 (1 = at capacity). */
  target: z.coerce.number().min(0.01).max(1.5).default(0.8),
  kind: ServiceKindSchema.optional(),
  maxMoves: z.coerce.number().int().min(1).max(10_000).default(500),
});
export type RebalanceQuery = z.infer<typeof RebalanceQuerySchema>;

export const PlannedMoveSchema = z.object({
  tenantId: z.string(),
  kind: ServiceKindSchema,
  from: z.string(),
  to: z.string(),
  load: z.number(),
});
export type PlannedMove = z.infer<typeof PlannedMoveSchema>;

export const ShardBeforeAfterSchema = z.object({
  shardId: z.string(),
  kind: ServiceKindSchema,
  status: ShardStatusSchema,
  capacity: z.number(),
  before: z.number(),
  after: z.number(),
  utilizationBefore: z.number().nullable(),
  utilizationAfter: z.number().nullable(),
});

export const RebalancePlanSchema = z.object({
  target: z.number(),
  feasible: z.boolean(),
  moves: z.array(PlannedMoveSchema),
  shards: z.array(ShardBeforeAfterSchema),
  /** Shards still over target after the plan (no room, cordons or the move limit). */
  unresolved: z.array(z.string()),
  /** Fewest moves any plan could need (ignoring where they go). */
  lowerBound: z.number().int(),
  truncated: z.boolean(),
  generatedAt: IsoDateSchema,
});
export type RebalancePlan = z.infer<typeof RebalancePlanSchema>;
