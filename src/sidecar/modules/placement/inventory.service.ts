/**
 * The inventory sync's reads and writes. `read()` takes both sides fresh (the platform's tenant
 * registry and node inventory, the control plane's tenants, shards and assignments) and `diff()`
 * compares them (inventory.ts). The apply methods each re-read and write only what is still left,
 * so the `inventory.sync` job's steps can be replayed after a crash without doing anything twice:
 * shards (compare-and-set on the revision, status never touched), tenants (one audited transaction
 * each, through the tenants module), placements (create, or a compare-and-set move that only
 * happens while the control plane still holds the shard the diff saw). Placement moves wait while a
 * migration, shard drain or rebalance job is active, since those own the assignments they move.
 */
import type { InventoryDiff, InventoryPreview, ServiceKind } from '../../../contract';
import { activeJobsOfTypes } from '../../jobs';
import type { Clock } from '../../kernel/clock';
import { ALL_TENANTS, refuseLimitedScope, type TenantScope } from '../../kernel/scope';
import type { Db } from '../../kernel/database/schema';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import type { NodeAdminClient } from '../../platform/nodeAdmin';
import type { TenantRegistryClient } from '../../platform/tenantRegistry';
import type { ImportOutcome, TenantImport } from '../tenants';
import { diffInventory, hasChanges, type ControlPlaneInventory, type PlatformInventory } from './inventory';
import { MAX_LISTING, PlacementConflict, casAssignment, type PlacementStore } from './placement.store';

/** Job types that move assignments themselves; placement moves wait for them. */
export const PLACEMENT_JOB_TYPES = ['tenant.migrate', 'shard.drain', 'rebalance.apply'] as const;

export interface InventorySides {
  platform: PlatformInventory;
  controlPlane: ControlPlaneInventory;
}

export interface PlacementApplyResult {
  created: number;
  moved: number;
  /** Moves left for the next sync because a placement job was active. */
  deferred: Array<{ tenantId: string; kind: ServiceKind; to: string; reason: string }>;
}

export class InventoryService {
  constructor(
    private readonly registry: TenantRegistryClient,
    private readonly nodeAdmin: NodeAdminClient,
    private readonly store: PlacementStore,
    private readonly tenants: TenantImport,
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly clock: Clock
  ) {}

  get configured(): boolean {
    return this.registry.configured && this.nodeAdmin.configured;
  }

  async read(signal?: AbortSignal): Promise<InventorySides> {
    const [registry, shards] = await Promise.all([this.registry.list(signal), this.nodeAdmin.inventory(signal)]);
    const [tenants, ourShards, assignments] = await Promise.all([
      this.tenants.identities(),
      this.store.listShards(),
      this.store.listAssignments({ limit: MAX_LISTING }),
    ]);
    return {
      platform: { tenants: registry.tenants, shards, rejected: registry.rejected },
      controlPlane: { tenants, shards: ourShards, assignments },
    };
  }

  async diff(signal?: AbortSignal): Promise<InventoryDiff> {
    const sides = await this.read(signal);
    return diffInventory(sides.platform, sides.controlPlane);
  }

  /** The whole fleet's diff: only for callers whose tenant scope is unrestricted (it lists every tenant). */
  async preview(scope: TenantScope = ALL_TENANTS): Promise<InventoryPreview> {
    refuseLimitedScope(scope, 'The inventory preview');
    const sides = await this.read();
    const d = diffInventory(sides.platform, sides.controlPlane);
    return {
      ...d,
      changes: hasChanges(d),
      platform: {
        tenants: sides.platform.tenants.length,
        shards: sides.platform.shards.length,
        placements: sides.platform.tenants.reduce((n, t) => n + Object.keys(t.placement).length, 0),
      },
      generatedAt: this.clock.now().toISOString(),
    };
  }

  /** Creates and updates shards as the platform reports them; audited as one `inventory.shards` entry. */
  async applyShards(ctx: MutationContext, signal?: AbortSignal): Promise<{ created: number; updated: number }> {
    const sides = await this.read(signal);
    const d = diffInventory(sides.platform, sides.controlPlane);
    const byId = new Map(sides.platform.shards.map((s) => [s.id, s]));
    const at = this.clock.now();
    const done = { created: [] as string[], updated: [] as string[] };
    for (const c of d.shards.create) {
      const p = byId.get(c.id)!;
      try {
        await this.store.createShard(
          {
            id: p.id,
            kind: p.kind,
            region: p.region,
            capacity: p.capacityRps,
            version: p.version,
            status: p.status,
            labels: p.env ? { env: p.env } : {},
          },
          at
        );
        done.created.push(p.id);
      } catch (err) {
        if (!(err instanceof PlacementConflict)) throw err;
      }
    }
    for (const u of d.shards.update) {
      const p = byId.get(u.id)!;
      for (let attempt = 0; attempt < 10; attempt++) {
        const s = await this.store.getShard(u.id);
        if (!s) break;
        try {
          await this.store.updateShard(
            u.id,
            s.revision,
            {
              region: p.region,
              capacity: p.capacityRps,
              version: p.version,
              labels: p.env ? { ...s.labels, env: p.env } : s.labels,
            },
            at
          );
          done.updated.push(u.id);
          break;
        } catch (err) {
          if (!(err instanceof PlacementConflict)) throw err;
        }
      }
    }
    if (done.created.length + done.updated.length > 0)
      await this.audit(ctx, 'inventory.shards', { created: done.created, updated: done.updated });
    return { created: done.created.length, updated: done.updated.length };
  }

  /** Creates and updates tenants; each one in its own audited transaction (`tenant.import` / `tenant.sync`). */
  async applyTenants(
    ctx: MutationContext,
    reason: string,
    signal?: AbortSignal
  ): Promise<Record<ImportOutcome, number>> {
    const sides = await this.read(signal);
    const d = diffInventory(sides.platform, sides.controlPlane);
    const byId = new Map(sides.platform.tenants.map((t) => [t.id, t]));
    const out: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
    for (const c of [...d.tenants.create, ...d.tenants.update]) {
      signal?.throwIfAborted();
      const { placement: _placement, ...entry } = byId.get(c.id)!;
      out[await this.tenants.apply(ctx, entry, reason)]++;
    }
    return out;
  }

  /** Creates missing assignments and moves the ones the platform runs elsewhere; audited as one `inventory.placements` entry. */
  async applyPlacements(ctx: MutationContext, reason: string, signal?: AbortSignal): Promise<PlacementApplyResult> {
    const d = await this.diff(signal);
    const busy = await activeJobsOfTypes(this.db, PLACEMENT_JOB_TYPES);
    const fleetWide = busy.find((j) => j.type !== 'tenant.migrate');
    const migrating = new Map(busy.filter((j) => j.tenantId).map((j) => [j.tenantId!, j.id]));
    const meta = () => ({ at: this.clock.now(), actor: ctx.actor.login, reason, jobId: ctx.jobId ?? null });
    const result: PlacementApplyResult = { created: 0, moved: 0, deferred: [] };
    const done: Array<{ tenantId: string; kind: ServiceKind; from: string | null; to: string }> = [];
    for (const c of d.placements.create) {
      try {
        await this.store.createAssignment(c.tenantId, c.kind, c.to, meta());
        result.created++;
        done.push(c);
      } catch (err) {
        if (!(err instanceof PlacementConflict)) throw err;
      }
    }
    for (const u of d.placements.update) {
      signal?.throwIfAborted();
      const owner = fleetWide ?? (migrating.has(u.tenantId) ? { id: migrating.get(u.tenantId)! } : null);
      if (owner) {
        result.deferred.push({
          tenantId: u.tenantId,
          kind: u.kind,
          to: u.to,
          reason: `job ${owner.id} is moving placements; the next sync applies this move`,
        });
        continue;
      }
      const moved = await casAssignment(
        this.store,
        u.tenantId,
        u.kind,
        (current) => (current.shardId === u.from ? u.to : null),
        meta
      );
      if (moved) {
        result.moved++;
        done.push(u);
      }
    }
    if (done.length > 0 || result.deferred.length > 0)
      await this.audit(ctx, 'inventory.placements', {
        changed: done.slice(0, 500),
        changedCount: done.length,
        deferred: result.deferred.slice(0, 500),
      });
    return result;
  }

  private async audit(ctx: MutationContext, action: string, details: Record<string, unknown>): Promise<void> {
    await this.mutations.run(ctx, async (_trx, { audit }) =>
      audit({
        action,
        targetType: 'placement',
        targetId: 'inventory',
        reason: 'inventory sync from the platform',
        outcome: 'success',
        details,
      })
    );
  }
}
