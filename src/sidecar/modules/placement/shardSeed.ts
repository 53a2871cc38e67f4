/**
 * Shard inventory from configuration (SWITCHYARD_PLACEMENT_SHARDS_FILE): a JSON array of shards,
 * created at start-up when missing. Existing shards are never overwritten (their status belongs to
 * cordon/drain jobs). The platform sync (POST /api/v1/placement/sync) is the other source.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SERVICE_KINDS, SHARD_STATUSES, ShardIdSchema } from '../../../contract';
import { PlacementConflict, type PlacementStore } from './placement.store';

export const ShardFileSchema = z
  .array(
    z.object({
      id: ShardIdSchema,
      kind: z.enum(SERVICE_KINDS),
      region: z.string().max(100).default(''),
      labels: z.record(z.string(), z.string()).default({}),
      capacity: z.number().nonnegative(),
      version: z.string().max(100).default(''),
      status: z.enum(SHARD_STATUSES).default('ready'),
    })
  )
  .max(10_000);

export function readShardFile(path: string): z.infer<typeof ShardFileSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`SWITCHYARD_PLACEMENT_SHARDS_FILE: cannot read ${path}: ${(err as Error).message}`);
  }
  const parsed = ShardFileSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`SWITCHYARD_PLACEMENT_SHARDS_FILE: ${i.path.join('.')}: ${i.message}`);
  }
  return parsed.data;
}

/** Creates the configured shards that the store does not have yet; returns how many were created. */
export async function seedShards(
  store: PlacementStore,
  shards: z.infer<typeof ShardFileSchema>,
  at: Date
): Promise<number> {
  let created = 0;
  for (const s of shards) {
    try {
      await store.createShard(s, at);
      created += 1;
    } catch (err) {
      if (!(err instanceof PlacementConflict)) throw err;
    }
  }
  return created;
}
