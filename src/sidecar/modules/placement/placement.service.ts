/**
 * Placement reads (fleet, shard tenants, tenant placement, rebalance preview) and the inventory
 * sync from the platform. Load comes from VictoriaMetrics; when it cannot be read the fleet still
 * renders (load null, with the reason) but a rebalance preview refuses, since it would plan blind.
 */
import { z } from 'zod';
import {
  SERVICE_KINDS,
  type Environment,
  type ListShardsQuery,
  type RebalancePlan,
  type RebalanceQuery,
  type ServiceKind,
  type Shard,
  type ShardPage,
  type ShardTenantPage,
  type ShardView,
  type SyncPlacementResult,
  type TenantPlacement,
} from '../../../contract';
import type { NodeAdminClient } from '../../platform/nodeAdmin';
import { VmUnavailable, type VictoriaMetrics } from '../../platform/victoriaMetrics';
import { notFound, unavailable } from '../../kernel/errors';
import { decodeCursor, encodeCursor, queryFingerprint } from '../../kernel/cursor';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import { plan, type PlannerTenant } from './planner';
import { PlacementConflict, type PlacementStore } from './placement.store';
import { type Clock } from '../../kernel/clock';
import type { Db } from '../../kernel/database/schema';
import { ALL_TENANTS, refuseLimitedScope, tenantIdsInScope, tenantVisible, type TenantScope } from '../../kernel/scope';

const ShardCursorSchema = z.object({ f: z.string(), id: z.string() });
const TenantCursorSchema = z.object({ f: z.string(), t: z.string(), k: z.enum(SERVICE_KINDS) });
const HISTORY_SHOWN = 20;

export class PlacementService {
  constructor(
    readonly store: PlacementStore,
    readonly vm: VictoriaMetrics,
    private readonly platform: NodeAdminClient,
    private readonly mutations: Mutations,
    private readonly clock: Clock,
    /** The tenants table, for entitlement scope checks (the placement store may live in NATS). */
    private readonly db: Db
  ) {}

  /** Shards are infrastructure (all listed); their tenant counts include only tenants in `scope`. */
  async listShards(q: ListShardsQuery, scope: TenantScope = ALL_TENANTS): Promise<ShardPage> {
    const f = queryFingerprint({ kind: q.kind ?? null, status: q.status ?? null, environment: q.environment ?? null });
    const after = q.cursor ? decodeCursor(q.cursor, ShardCursorSchema, f).id : null;
    let shards = await this.store.listShards({ kind: q.kind });
    if (q.status) shards = shards.filter((s) => s.status === q.status);
    if (q.environment) shards = shards.filter((s) => s.labels.env === q.environment);
    const rest = after === null ? shards : shards.filter((s) => s.id > after);
    const page = rest.slice(0, q.limit);
    const kinds = [...new Set(page.map((s) => s.kind))];
    const [counts, load] = await Promise.all([this.countByShard(scope), this.loadOf(kinds)]);
    return {
      items: page.map((s) => view(s, counts.get(s.id) ?? 0, load.error ? null : (load.byShard.get(s.id) ?? 0))),
      nextCursor: rest.length > q.limit ? encodeCursor({ f, id: page[page.length - 1].id }) : null,
      prevCursor: null,
      loadError: load.error,
    };
  }

  async getShard(id: string, scope: TenantScope = ALL_TENANTS): Promise<ShardView> {
    const s = await this.store.getShard(id);
    if (!s) throw notFound('Shard', id);
    const [counts, load] = await Promise.all([this.countByShard(scope), this.loadOf([s.kind])]);
    return view(s, counts.get(id) ?? 0, load.error ? null : (load.byShard.get(id) ?? 0));
  }

  async shardTenants(scope: TenantScope, id: string, q: { limit: number; cursor?: string }): Promise<ShardTenantPage> {
    if (!(await this.store.getShard(id))) throw notFound('Shard', id);
    const f = queryFingerprint({ shard: id });
    const c = q.cursor ? decodeCursor(q.cursor, TenantCursorSchema, f) : null;
    const rows = await this.scopedAssignments(scope, id, c ? { tenantId: c.t, kind: c.k } : undefined, q.limit + 1);
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > q.limit && last ? encodeCursor({ f, t: last.tenantId, k: last.kind }) : null,
      prevCursor: null,
    };
  }

  /**
   * Assignments on a shard after `after`, only of tenants in scope. The placement store may be NATS
   * (no SQL to join), so a limited scope reads batches and keeps those its tenants query returns.
   */
  private async scopedAssignments(
    scope: TenantScope,
    shardId: string,
    after: { tenantId: string; kind: ServiceKind } | undefined,
    limit: number
  ) {
    if (scope.all) return this.store.listAssignments({ shardId, after, limit });
    const visible = await tenantIdsInScope(this.db, scope);
    const out: Awaited<ReturnType<PlacementStore['listAssignments']>> = [];
    let cursor = after;
    for (;;) {
      const batch = await this.store.listAssignments({ shardId, after: cursor, limit: 500 });
      for (const a of batch) if (visible.has(a.tenantId) && out.length < limit) out.push(a);
      const last = batch[batch.length - 1];
      if (out.length >= limit || batch.length < 500 || !last) return out;
      cursor = { tenantId: last.tenantId, kind: last.kind };
    }
  }

  /** Tenants placed per shard, only those in `scope` (the SQL store applies it in its query). */
  private countByShard(scope: TenantScope): Promise<Map<string, number>> {
    return scope.all
      ? this.store.countByShard()
      : this.store.countByShard(scope, () => tenantIdsInScope(this.db, scope));
  }

  /** A tenant outside `scope` answers exactly like a tenant without placement. */
  async tenantPlacement(scope: TenantScope, tenantId: string): Promise<TenantPlacement> {
    if (!scope.all && !(await tenantVisible(this.db, tenantId, scope))) throw notFound('Placement of tenant', tenantId);
    const kinds = await Promise.all(
      SERVICE_KINDS.map(async (kind) => ({
        kind,
        assignment: await this.store.getAssignment(tenantId, kind),
        history: await this.store.history(tenantId, kind, HISTORY_SHOWN),
      }))
    );
    if (kinds.every((k) => k.assignment === null)) throw notFound('Placement of tenant', tenantId);
    const tenant = await this.db
      .selectFrom('tenants')
      .select('environment')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    return { tenantId, environment: (tenant?.environment as Environment | undefined) ?? null, kinds };
  }

  async previewRebalance(q: RebalanceQuery, scope: TenantScope = ALL_TENANTS): Promise<RebalancePlan> {
    refuseLimitedScope(scope, 'A rebalance preview');
    const kinds = q.kind ? [q.kind] : [...SERVICE_KINDS];
    const shards = (await this.store.listShards()).filter((s) => kinds.includes(s.kind));
    const tenants: PlannerTenant[] = [];
    try {
      for (const kind of kinds) tenants.push(...(await this.tenantLoads(kind)));
    } catch (err) {
      if (err instanceof VmUnavailable) throw unavailable(`Cannot plan without current load: ${err.message}`);
      throw err;
    }
    const p = plan({ target: q.target, maxMoves: q.maxMoves, shards: shards.map((s) => ({ ...s })), tenants });
    const util = (load: number, cap: number) => (cap > 0 ? load / cap : null);
    return {
      target: p.target,
      feasible: p.feasible,
      moves: p.moves,
      shards: p.shards.map((s) => ({
        ...s,
        utilizationBefore: util(s.before, s.capacity),
        utilizationAfter: util(s.after, s.capacity),
      })),
      unresolved: p.unresolved,
      lowerBound: p.lowerBound,
      truncated: p.truncated,
      generatedAt: this.clock.now().toISOString(),
    };
  }

  /** Current load per tenant of a kind; kinds without a tenant label split each shard's load evenly. */
  async tenantLoads(kind: ServiceKind): Promise<PlannerTenant[]> {
    const assignments = await this.store.listAssignments({ kind });
    const perTenant = await this.vm.tenantLoad(kind);
    if (perTenant) {
      return assignments.map((a) => ({
        tenantId: a.tenantId,
        kind,
        shardId: a.shardId,
        load: perTenant.get(`${a.tenantId}|${a.shardId}`) ?? 0,
      }));
    }
    const byShard = await this.vm.shardLoad(kind);
    const counts = new Map<string, number>();
    for (const a of assignments) counts.set(a.shardId, (counts.get(a.shardId) ?? 0) + 1);
    return assignments.map((a) => ({
      tenantId: a.tenantId,
      kind,
      shardId: a.shardId,
      load: (byShard.get(a.shardId) ?? 0) / (counts.get(a.shardId) ?? 1),
    }));
  }

  /** Imports shards and current assignments from the platform; never overwrites what the store already holds. */
  async sync(ctx: MutationContext, scope: TenantScope = ALL_TENANTS): Promise<SyncPlacementResult> {
    refuseLimitedScope(scope, 'A placement sync');
    const inventory = await this.platform.inventory();
    const at = this.clock.now();
    const result = { shardsCreated: 0, shardsUpdated: 0, assignmentsCreated: 0 };
    for (const p of inventory) {
      const existing = await this.store.getShard(p.id);
      const labels: Record<string, string> = p.env ? { env: p.env } : {};
      const input = { region: p.region, capacity: p.capacityRps, version: p.version, labels };
      if (!existing) {
        await this.store.createShard({ id: p.id, kind: p.kind, status: 'ready', ...input }, at);
        result.shardsCreated += 1;
      } else if (
        existing.capacity !== input.capacity ||
        existing.version !== input.version ||
        existing.region !== input.region
      ) {
        await this.store.updateShard(p.id, existing.revision, input, at).catch(ignoreConflict);
        result.shardsUpdated += 1;
      }
      const status = await this.platform.placementStatus(p.id);
      for (const t of status.tenants.filter((x) => x.placed)) {
        try {
          await this.store.createAssignment(t.tenantId, p.kind, p.id, {
            at,
            actor: ctx.actor.login,
            reason: 'imported from the platform',
            jobId: null,
          });
          result.assignmentsCreated += 1;
        } catch (err) {
          ignoreConflict(err);
        }
      }
    }
    await this.mutations.run(ctx, async (_trx, { audit }) =>
      audit({
        action: 'placement.sync',
        targetType: 'placement',
        targetId: 'fleet',
        reason: null,
        outcome: 'success',
        details: result,
      })
    );
    return result;
  }

  private async loadOf(kinds: ServiceKind[]): Promise<{ byShard: Map<string, number>; error: string | null }> {
    const byShard = new Map<string, number>();
    try {
      for (const m of await Promise.all(kinds.map((k) => this.vm.shardLoad(k))))
        for (const [k, v] of m) byShard.set(k, v);
      return { byShard, error: null };
    } catch (err) {
      if (err instanceof VmUnavailable) return { byShard, error: err.message };
      throw err;
    }
  }
}

function ignoreConflict(err: unknown): void {
  if (!(err instanceof PlacementConflict)) throw err;
}

function view(s: Shard, tenants: number, load: number | null): ShardView {
  return { ...s, tenants, load, utilization: load === null ? null : s.capacity > 0 ? load / s.capacity : null };
}
