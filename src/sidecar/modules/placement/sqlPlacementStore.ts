/**
 * The embedded placement store: three tables in the sidecar's database (SQLite or PostgreSQL).
 * A compare-and-set is `UPDATE … WHERE revision = expected` (atomic on both engines: SQLite has one
 * writer, PostgreSQL re-checks the predicate under the row lock); the history row is inserted in the
 * same transaction. Every write is confirmed by reading the row back after commit.
 */
import { sql, type Kysely } from 'kysely';
import type { Assignment, AssignmentHistoryEntry, ServiceKind, Shard } from '../../../contract';
import { tenantIdCondition, type LimitedScope } from '../../kernel/scope';
import type { DB, StoreKind, PlacementAssignmentsTable, PlacementShardsTable } from '../../kernel/database/schema';
import {
  MAX_LISTING,
  PlacementConflict,
  PlacementNotFound,
  PlacementUnconfirmed,
  assignmentKey,
  shardKey,
  type AssignmentFilter,
  type PlacementStore,
  type ShardInput,
  type ShardPatch,
  type WriteMeta,
} from './placement.store';

const toShard = (r: PlacementShardsTable): Shard => ({
  id: r.id,
  kind: r.kind as ServiceKind,
  region: r.region,
  labels: JSON.parse(r.labels) as Record<string, string>,
  capacity: Number(r.capacity),
  version: r.version,
  status: r.status as Shard['status'],
  revision: Number(r.revision),
  updatedAt: r.updated_at,
});

const toAssignment = (r: PlacementAssignmentsTable): Assignment => ({
  tenantId: r.tenant_id,
  kind: r.kind as ServiceKind,
  shardId: r.shard_id,
  revision: Number(r.revision),
  generation: Number(r.generation),
  updatedAt: r.updated_at,
});

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/.test(e.message ?? '')
  );
};

/** Rolls the move's transaction back when the CAS update lost the race. */
class StaleWrite extends Error {}

export class SqlPlacementStore implements PlacementStore {
  readonly kind = 'sql' as const;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: StoreKind = 'sqlite'
  ) {}

  async listShards(filter: { kind?: ServiceKind } = {}): Promise<Shard[]> {
    let q = this.db.selectFrom('placement_shards').selectAll().orderBy('id');
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    return (await q.limit(MAX_LISTING).execute()).map(toShard);
  }

  async getShard(id: string): Promise<Shard | null> {
    const r = await this.db.selectFrom('placement_shards').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toShard(r) : null;
  }

  async createShard(input: ShardInput, at: Date): Promise<Shard> {
    try {
      await this.db
        .insertInto('placement_shards')
        .values({ ...input, labels: JSON.stringify(input.labels), revision: 1, updated_at: at.toISOString() })
        .execute();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new PlacementConflict(shardKey(input.id), null, (await this.getShard(input.id))?.revision ?? null);
    }
    return this.confirmShard(input.id, 1);
  }

  async updateShard(id: string, expectedRevision: number, patch: ShardPatch, at: Date): Promise<Shard> {
    const { labels, ...rest } = patch;
    const r = await this.db
      .updateTable('placement_shards')
      .set({
        ...rest,
        ...(labels ? { labels: JSON.stringify(labels) } : {}),
        revision: expectedRevision + 1,
        updated_at: at.toISOString(),
      })
      .where('id', '=', id)
      .where('revision', '=', expectedRevision)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const current = await this.getShard(id);
      if (!current) throw new PlacementNotFound(shardKey(id));
      throw new PlacementConflict(shardKey(id), expectedRevision, current.revision);
    }
    return this.confirmShard(id, expectedRevision + 1);
  }

  async getAssignment(tenantId: string, kind: ServiceKind): Promise<Assignment | null> {
    const r = await this.db
      .selectFrom('placement_assignments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return r ? toAssignment(r) : null;
  }

  async listAssignments(filter: AssignmentFilter = {}): Promise<Assignment[]> {
    let q = this.db.selectFrom('placement_assignments').selectAll().orderBy('tenant_id').orderBy('kind');
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.shardId) q = q.where('shard_id', '=', filter.shardId);
    if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
    const after = filter.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('tenant_id', '>', after.tenantId),
          eb.and([eb('tenant_id', '=', after.tenantId), eb('kind', '>', after.kind)]),
        ])
      );
    }
    return (await q.limit(Math.min(filter.limit ?? MAX_LISTING, MAX_LISTING)).execute()).map(toAssignment);
  }

  async countByShard(scope?: LimitedScope): Promise<Map<string, number>> {
    let q = this.db.selectFrom('placement_assignments').select(['shard_id', (eb) => eb.fn.countAll().as('n')]);
    const inScope = scope ? tenantIdCondition(scope, 'placement_assignments.tenant_id') : null;
    if (inScope) q = q.where(inScope);
    const rows = await q.groupBy('shard_id').execute();
    return new Map(rows.map((r) => [r.shard_id, Number(r.n)]));
  }

  async createAssignment(tenantId: string, kind: ServiceKind, shardId: string, meta: WriteMeta): Promise<Assignment> {
    const at = meta.at.toISOString();
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('placement_assignments')
          .values({ tenant_id: tenantId, kind, shard_id: shardId, revision: 1, generation: 1, updated_at: at })
          .execute();
        await trx
          .insertInto('placement_history')
          .values(historyRow(tenantId, kind, 1, shardId, null, meta))
          .execute();
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new PlacementConflict(
        assignmentKey(tenantId, kind),
        null,
        (await this.getAssignment(tenantId, kind))?.revision ?? null
      );
    }
    return this.confirmAssignment(tenantId, kind, 1, shardId);
  }

  async moveAssignment(
    tenantId: string,
    kind: ServiceKind,
    expectedRevision: number,
    shardId: string,
    meta: WriteMeta
  ): Promise<Assignment> {
    const next = expectedRevision + 1;
    let outcome: 'ok' | 'stale';
    if (this.dialect === 'postgres') {
      outcome = (await this.casPostgres(tenantId, kind, expectedRevision, shardId, meta)) ? 'ok' : 'stale';
    } else {
      outcome = await this.moveSqlite(tenantId, kind, expectedRevision, shardId, meta);
    }
    if (outcome === 'stale') {
      const current = await this.getAssignment(tenantId, kind);
      if (!current) throw new PlacementNotFound(assignmentKey(tenantId, kind));
      throw new PlacementConflict(assignmentKey(tenantId, kind), expectedRevision, current.revision);
    }
    return this.confirmAssignment(tenantId, kind, next, shardId);
  }

  /** SQLite (one writer): history row copied from the expected row, then the guarded update, in one transaction. */
  private async moveSqlite(
    tenantId: string,
    kind: ServiceKind,
    expectedRevision: number,
    shardId: string,
    meta: WriteMeta
  ): Promise<'ok' | 'stale'> {
    const next = expectedRevision + 1;
    try {
      return await this.db.transaction().execute(async (trx) => {
        // History row first, copying the previous shard from the row we expect; 0 rows → stale.
        const h = await trx
          .insertInto('placement_history')
          .columns([
            'tenant_id',
            'kind',
            'revision',
            'shard_id',
            'previous_shard_id',
            'at',
            'actor',
            'reason',
            'job_id',
          ])
          .expression((eb) =>
            eb
              .selectFrom('placement_assignments')
              .select((e) => [
                'tenant_id',
                'kind',
                sql<number>`cast(${next} as integer)`.as('revision'),
                e.val(shardId).as('shard_id'),
                'shard_id as previous_shard_id',
                e.val(meta.at.toISOString()).as('at'),
                e.val(meta.actor).as('actor'),
                e.val(meta.reason).as('reason'),
                e.val(meta.jobId).as('job_id'),
              ])
              .where('tenant_id', '=', tenantId)
              .where('kind', '=', kind)
              .where('revision', '=', expectedRevision)
          )
          .executeTakeFirst();
        if (Number(h.numInsertedOrUpdatedRows ?? 0) !== 1) return 'stale' as const;
        const r = await trx
          .updateTable('placement_assignments')
          .set({ shard_id: shardId, revision: next, generation: next, updated_at: meta.at.toISOString() })
          .where('tenant_id', '=', tenantId)
          .where('kind', '=', kind)
          .where('revision', '=', expectedRevision)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new StaleWrite();
        return 'ok' as const;
      });
    } catch (err) {
      if (!(err instanceof StaleWrite) && !isUniqueViolation(err)) throw err;
      return 'stale';
    }
  }

  /**
   * PostgreSQL: the compare-and-set and its history row in ONE statement (a data-modifying CTE), so a
   * contended write costs one round trip and holds the row lock only for that statement. The
   * previous shard comes from the statement's snapshot, taken after the caller read `expected`.
   */
  private async casPostgres(
    tenantId: string,
    kind: ServiceKind,
    expected: number,
    shardId: string,
    meta: WriteMeta
  ): Promise<boolean> {
    const next = expected + 1;
    const at = meta.at.toISOString();
    try {
      const r = await sql<{ n: number }>`
        with u as (
          update placement_assignments a
             set shard_id = ${shardId}, revision = ${next}::int, generation = ${next}::int, updated_at = ${at}
            from (select shard_id as prev from placement_assignments where tenant_id = ${tenantId} and kind = ${kind}) p
           where a.tenant_id = ${tenantId} and a.kind = ${kind} and a.revision = ${expected}::int
          returning p.prev
        ), h as (
          insert into placement_history (tenant_id, kind, revision, shard_id, previous_shard_id, at, actor, reason, job_id)
          select ${tenantId}, ${kind}, ${next}::int, ${shardId}, u.prev, ${at}, ${meta.actor}, ${meta.reason}, ${meta.jobId} from u
          returning 1
        )
        select count(*)::int as n from h`.execute(this.db);
      return Number(r.rows[0]?.n ?? 0) === 1;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async history(tenantId: string, kind: ServiceKind, limit: number): Promise<AssignmentHistoryEntry[]> {
    const rows = await this.db
      .selectFrom('placement_history')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .orderBy('revision', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      revision: Number(r.revision),
      shardId: r.shard_id,
      previousShardId: r.previous_shard_id,
      at: r.at,
      actor: r.actor,
      reason: r.reason,
      jobId: r.job_id,
    }));
  }

  async close(): Promise<void> {
    // The database belongs to the composition root.
  }

  private async confirmShard(id: string, revision: number): Promise<Shard> {
    const s = await this.getShard(id);
    if (!s || s.revision < revision)
      throw new PlacementUnconfirmed(shardKey(id), `read revision ${s?.revision ?? 'none'}`);
    return s;
  }

  /** Reads the row back; when another writer already moved past our revision, our history row must be there. */
  private async confirmAssignment(
    tenantId: string,
    kind: ServiceKind,
    revision: number,
    shardId: string
  ): Promise<Assignment> {
    const a = await this.getAssignment(tenantId, kind);
    if (a && a.revision === revision && a.shardId === shardId) return a;
    if (a && a.revision > revision) {
      const h = await this.db
        .selectFrom('placement_history')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('kind', '=', kind)
        .where('revision', '=', revision)
        .executeTakeFirst();
      if (h && h.shard_id === shardId)
        return { tenantId, kind, shardId, revision, generation: revision, updatedAt: h.at };
    }
    throw new PlacementUnconfirmed(assignmentKey(tenantId, kind), `read revision ${a?.revision ?? 'none'}`);
  }
}

function historyRow(
  tenantId: string,
  kind: string,
  revision: number,
  shardId: string,
  previous: string | null,
  meta: WriteMeta
) {
  return {
    tenant_id: tenantId,
    kind,
    revision,
    shard_id: shardId,
    previous_shard_id: previous,
    at: meta.at.toISOString(),
    actor: meta.actor,
    reason: meta.reason,
    job_id: meta.jobId,
  };
}
