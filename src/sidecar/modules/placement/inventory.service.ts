/**
 * The inventory sync's reads and writes. `read()` takes both sides fresh (the platform's tenant
 * registry and node inventory, the control plane's tenants, shards and assignments) and `diff()`
 * compares them (inventory.ts). The apply methods each re-read and write only what is still left,
 * so the `inventory.sync` job's steps can be replayed after a crash without doing anything twice:
 * shards (compare-and-set on the revision, status never touched) and placements (create, or a
 * compare-and-set move on the revision the diff read) are staged in the placement outbox in the
 * same transaction as their audit entry and applied by its relay (placementOutbox.ts: the store may
 * be JetStream KV, outside any SQL transaction); tenants are one audited transaction each, through
 * the tenants module. Placement moves wait while a migration, shard drain or rebalance job is
 * active, since those own the assignments they move.
 */
import type { Assignment, InventoryDiff, InventoryPreview, PlacementChange, ServiceKind } from '../../../contract';
import { activeJobsOfTypes } from '../../jobs';
import type { Clock } from '../../kernel/clock';
import { ALL_TENANTS, refuseLimitedScope, type TenantScope } from '../../kernel/scope';
import type { Db } from '../../kernel/database/schema';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import type { NodeAdminClient } from '../../platform/nodeAdmin';
import type { TenantRegistryClient } from '../../platform/tenantRegistry';
import type { ImportOutcome, TenantImport } from '../tenants';
import { diffInventory, hasChanges, type ControlPlaneInventory, type PlatformInventory } from './inventory';
import { MAX_LISTING, type PlacementStore, type ShardInput } from './placement.store';
import type { OutboxBatch, OutboxOp, PlacementOutbox } from './placementOutbox';

/** Job types that move assignments themselves; placement moves wait for them. */
export const PLACEMENT_JOB_TYPES = ['tenant.migrate', 'shard.drain', 'rebalance.apply'] as const;

export interface InventorySides {
  platform: PlatformInventory;
  controlPlane: ControlPlaneInventory;
  /** The control plane's assignments as read, with their revisions (what a move compares and sets). */
  assignments: Assignment[];
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
    private readonly clock: Clock,
    private readonly outbox: PlacementOutbox
  ) {}

  get configured(): boolean {
    return this.registry.configured && this.nodeAdmin.configured;
  }

  /**
   * Both sides, the control plane first: a placement job writes the store before it tells the
   * platform, so what the platform reports after our store read is at least as new as that read
   * for every assignment no active job is moving (see applyPlacements). `beforePlatform` runs in
   * between.
   */
  async read(signal?: AbortSignal, beforePlatform?: () => Promise<void>): Promise<InventorySides> {
    const [tenants, ourShards, assignments] = await Promise.all([
      this.tenants.identities(),
      this.store.listShards(),
      this.store.listAssignments({ limit: MAX_LISTING }),
    ]);
    await beforePlatform?.();
    const [registry, shards] = await Promise.all([this.registry.list(signal), this.nodeAdmin.inventory(signal)]);
    return {
      platform: { tenants: registry.tenants, shards, rejected: registry.rejected },
      controlPlane: { tenants, shards: ourShards, assignments },
      assignments,
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

  /**
   * Creates and updates shards as the platform reports them. The writes and their one
   * `inventory.shards` audit entry commit together (placement outbox), then the relay applies them.
   */
  async applyShards(ctx: MutationContext, signal?: AbortSignal): Promise<{ created: number; updated: number }> {
    const batch = await this.staged(ctx, 'import-shards', signal, (sides, d) => {
      const byId = new Map(sides.platform.shards.map((s) => [s.id, s]));
      const ours = new Map(sides.controlPlane.shards.map((s) => [s.id, s]));
      const at = this.clock.now().toISOString();
      const ops: OutboxOp[] = [];
      for (const c of d.shards.create) {
        const p = byId.get(c.id)!;
        const shard: ShardInput = {
          id: p.id,
          kind: p.kind,
          region: p.region,
          capacity: p.capacityRps,
          version: p.version,
          status: p.status,
          labels: p.env ? { env: p.env } : {},
        };
        ops.push({ op: 'shard.create', shard, at });
      }
      for (const u of d.shards.update) {
        const p = byId.get(u.id)!;
        const s = ours.get(u.id)!;
        const patch = {
          region: p.region,
          capacity: p.capacityRps,
          version: p.version,
          labels: p.env ? { ...s.labels, env: p.env } : s.labels,
        };
        ops.push({ op: 'shard.update', id: u.id, expectedRevision: s.revision, patch, at });
      }
      const created = d.shards.create.map((c) => c.id);
      const updated = d.shards.update.map((u) => u.id);
      return {
        ops,
        summary: {},
        audit: ops.length ? { action: 'inventory.shards', details: { created, updated } } : null,
      };
    });
    return { created: applied(batch, 'shard.create'), updated: applied(batch, 'shard.update') };
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

  /**
   * Creates missing assignments and moves the ones the platform runs elsewhere (a compare-and-set
   * on the revision the diff read). The writes and their one `inventory.placements` audit entry
   * commit together (placement outbox), then the relay applies them.
   */
  async applyPlacements(ctx: MutationContext, reason: string, signal?: AbortSignal): Promise<PlacementApplyResult> {
    // The active placement jobs are read after the store and before the platform: a job that moved
    // an assignment before our store read and has not told the platform yet is still active then
    // (deferred); one that finished before it has told the platform, which we read afterwards; a
    // write after our store read fails the move's compare-and-set (superseded).
    let busy: Awaited<ReturnType<typeof activeJobsOfTypes>> = [];
    const readBusy = async () => {
      busy = await activeJobsOfTypes(this.db, PLACEMENT_JOB_TYPES);
    };
    const batch = await this.staged<{ deferred: PlacementApplyResult['deferred'] }>(
      ctx,
      'import-placements',
      signal,
      (sides, d) => {
        const fleetWide = busy.find((j) => j.type !== 'tenant.migrate');
        const migrating = new Map(busy.filter((j) => j.tenantId).map((j) => [j.tenantId!, j.id]));
        const revisions = new Map(sides.assignments.map((a) => [`${a.tenantId}|${a.kind}`, a.revision]));
        const meta = { at: this.clock.now().toISOString(), actor: ctx.actor.login, reason, jobId: ctx.jobId ?? null };
        const ops: OutboxOp[] = d.placements.create.map((c) => ({
          op: 'assignment.create',
          tenantId: c.tenantId,
          kind: c.kind,
          shardId: c.to,
          meta,
        }));
        const deferred: PlacementApplyResult['deferred'] = [];
        const changed: PlacementChange[] = [...d.placements.create];
        for (const u of d.placements.update) {
          const owner = fleetWide ?? (migrating.has(u.tenantId) ? { id: migrating.get(u.tenantId)! } : null);
          if (owner) {
            deferred.push({
              tenantId: u.tenantId,
              kind: u.kind,
              to: u.to,
              reason: `job ${owner.id} is moving placements; the next sync applies this move`,
            });
            continue;
          }
          const expectedRevision = revisions.get(`${u.tenantId}|${u.kind}`)!;
          ops.push({
            op: 'assignment.move',
            tenantId: u.tenantId,
            kind: u.kind,
            expectedRevision,
            from: u.from!,
            to: u.to,
            meta,
          });
          changed.push(u);
        }
        return {
          ops,
          summary: { deferred },
          audit:
            ops.length > 0 || deferred.length > 0
              ? {
                  action: 'inventory.placements',
                  details: {
                    changed: changed.slice(0, 500),
                    changedCount: changed.length,
                    deferred: deferred.slice(0, 500),
                  },
                }
              : null,
        };
      },
      readBusy
    );
    return {
      created: applied(batch, 'assignment.create'),
      moved: applied(batch, 'assignment.move'),
      deferred: batch?.summary.deferred ?? [],
    };
  }

  /**
   * One staged step: first applies whatever an earlier run committed but did not apply; a job step
   * that already staged its batch (a replay after a crash or a takeover) returns it; otherwise the
   * step's writes and audit entry are committed in one transaction and applied by the relay.
   * Null when there was nothing to write.
   */
  private async staged<S>(
    ctx: MutationContext,
    step: string,
    signal: AbortSignal | undefined,
    plan: (
      sides: InventorySides,
      d: InventoryDiff
    ) => { ops: OutboxOp[]; summary: S; audit: { action: string; details: Record<string, unknown> } | null },
    beforePlatform?: () => Promise<void>
  ): Promise<OutboxBatch<S> | null> {
    await this.outbox.drain();
    if (ctx.jobId) {
      const done = await this.outbox.batchOfStep<S>(ctx.jobId, step);
      if (done) return done;
    }
    const sides = await this.read(signal, beforePlatform);
    const p = plan(sides, diffInventory(sides.platform, sides.controlPlane));
    if (!p.audit) return null;
    const audit = p.audit;
    const id = await this.mutations.run(ctx, async (trx, tools) => {
      const batchId = await this.outbox.stage(trx, { jobId: ctx.jobId ?? null, step, summary: p.summary, ops: p.ops });
      await tools.audit({
        action: audit.action,
        targetType: 'placement',
        targetId: 'inventory',
        reason: 'inventory sync from the platform',
        outcome: 'success',
        details: { ...audit.details, outboxBatch: batchId },
      });
      return batchId;
    });
    await this.outbox.drain();
    return this.outbox.batch<S>(id);
  }
}

/** How many of the batch's writes of one kind the relay applied. */
function applied(batch: OutboxBatch | null, op: OutboxOp['op']): number {
  return batch?.ops.filter((o) => o.op.op === op && o.status === 'applied').length ?? 0;
}
