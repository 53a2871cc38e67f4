/**
 * Inventory: what the platform runs (its tenant registry and node inventory) compared with what the
 * control plane holds — tenants, shards and placements, each create / update / unchanged / missing.
 * `GET /api/v1/placement/inventory` previews it; the `inventory.sync` job applies it (audited), and a
 * scheduled reconcile runs the same job when the two sides drift apart. The sync never deletes:
 * what the platform no longer reports is listed as missing for an operator to decide.
 */
import { z } from 'zod';
import { IsoDateSchema } from './common';
import { ServiceKindSchema } from './placement';
import { EnvironmentSchema } from './tenants';

export const FieldChangeSchema = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** A tenant or shard the sync creates or updates; `changes` lists every field it writes (from null on create). */
export const InventoryChangeSchema = z.object({
  id: z.string(),
  environment: EnvironmentSchema.nullable(),
  changes: z.array(FieldChangeSchema),
});
export type InventoryChange = z.infer<typeof InventoryChangeSchema>;

export const PlacementChangeSchema = z.object({
  tenantId: z.string(),
  kind: ServiceKindSchema,
  /** The control plane's shard today; null when the control plane has no assignment yet. */
  from: z.string().nullable(),
  /** Where the platform runs it. */
  to: z.string(),
});
export type PlacementChange = z.infer<typeof PlacementChangeSchema>;

/** Something the sync will not apply, with the reason an operator can act on. */
export const InventoryConflictSchema = z.object({
  resource: z.string(),
  reason: z.string(),
});
export type InventoryConflict = z.infer<typeof InventoryConflictSchema>;

const section = <T extends z.ZodType>(item: T, missing: z.ZodType) =>
  z.object({
    create: z.array(item),
    update: z.array(item),
    unchanged: z.number().int().nonnegative(),
    /** In the control plane, not reported by the platform (listed, never deleted). */
    missing: z.array(missing),
  });

export const InventoryDiffSchema = z.object({
  tenants: section(InventoryChangeSchema, z.string()),
  shards: section(InventoryChangeSchema, z.string()),
  placements: section(
    PlacementChangeSchema,
    z.object({ tenantId: z.string(), kind: ServiceKindSchema, shardId: z.string() })
  ),
  conflicts: z.array(InventoryConflictSchema),
});
export type InventoryDiff = z.infer<typeof InventoryDiffSchema>;

export const InventoryPreviewSchema = InventoryDiffSchema.extend({
  /** True when applying would change anything. */
  changes: z.boolean(),
  /** Tenants, shards and placements the platform reported. */
  platform: z.object({
    tenants: z.number().int().nonnegative(),
    shards: z.number().int().nonnegative(),
    placements: z.number().int().nonnegative(),
  }),
  generatedAt: IsoDateSchema,
});
export type InventoryPreview = z.infer<typeof InventoryPreviewSchema>;

/** `inventory.sync` job parameters: none; the job reads both sides again when it runs. */
export const InventorySyncParamsSchema = z.object({}).strict();
