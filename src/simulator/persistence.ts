/**
 * The platform keeps its state across restarts, as a real one would: placement (tenant × kind →
 * shard) and drains in progress are written to SIM_STATE_FILE after every change (atomically:
 * temp file + rename) and read back at start. A file written for another seed or topology is
 * ignored with a warning rather than half-applied.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SERVICE_KINDS, placementKey, type PlatformModel } from './model';

const StateFileSchema = z.object({
  version: z.literal(1),
  seed: z.number().int(),
  tenants: z.number().int(),
  shards: z.number().int(),
  placement: z.array(z.tuple([z.string(), z.string()])),
  draining: z.array(z.string()),
});
type StateFile = z.infer<typeof StateFileSchema>;

export type LoadResult = 'loaded' | 'absent' | { ignored: string };

export class PlatformStateFile {
  constructor(readonly path: string) {}

  private fingerprint(model: PlatformModel) {
    return { seed: model.options.seed, tenants: model.tenants.length, shards: model.shards.length };
  }

  /** Applies a saved state to a freshly built model. */
  load(model: PlatformModel): LoadResult {
    if (!existsSync(this.path)) return 'absent';
    let state: StateFile;
    try {
      state = StateFileSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (e) {
      return { ignored: `unreadable state file: ${(e as Error).message.slice(0, 200)}` };
    }
    const fp = this.fingerprint(model);
    if (state.seed !== fp.seed || state.tenants !== fp.tenants || state.shards !== fp.shards) {
      return { ignored: `state file is for seed ${state.seed}, ${state.tenants} tenants, ${state.shards} shards` };
    }
    for (const [key, shardId] of state.placement) {
      const [tenantId, kind] = key.split('|');
      const shard = model.shard(shardId);
      if (!model.tenant(tenantId) || !shard || !SERVICE_KINDS.includes(kind as never) || shard.kind !== kind) continue;
      model.placement.set(placementKey(tenantId, shard.kind), shardId);
    }
    model.draining.clear();
    for (const key of state.draining) {
      const [tenantId, shardId] = key.split('|');
      if (model.tenant(tenantId) && model.shard(shardId)) model.draining.add(key);
    }
    return 'loaded';
  }

  save(model: PlatformModel): void {
    const state: StateFile = {
      version: 1,
      ...this.fingerprint(model),
      placement: [...model.placement.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      draining: [...model.draining].sort(),
    };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, this.path);
  }
}
