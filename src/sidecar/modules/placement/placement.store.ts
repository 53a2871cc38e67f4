/**
 * The placement store interface: shards and (tenant, service kind) → shard assignments, each with a
 * revision. Every write is a create (fails if the key exists) or a compare-and-set on the revision
 * the caller read, and returns the record as read back from the store after the write, so a caller
 * never completes a step on an unconfirmed write. Two implementations share one test suite:
 * the embedded SQL store (kysely, SQLite/PostgreSQL) and NATS JetStream KV.
 */
import type { Assignment, AssignmentHistoryEntry, ServiceKind, Shard, ShardStatus } from '../../../contract';
import type { LimitedScope } from '../../kernel/scope';

export interface WriteMeta {
  at: Date;
  actor: string;
  reason: string | null;
  jobId: string | null;
}

export interface ShardInput {
  id: string;
  kind: ServiceKind;
  region: string;
  labels: Record<string, string>;
  capacity: number;
  version: string;
  status: ShardStatus;
}

export type ShardPatch = Partial<Omit<ShardInput, 'id' | 'kind'>>;

export interface AssignmentFilter {
  kind?: ServiceKind;
  shardId?: string;
  tenantId?: string;
  /** Keyset: only assignments with (tenantId, kind) after this pair. */
  after?: { tenantId: string; kind: ServiceKind };
  limit?: number;
}

/** Hard cap on rows any one listing returns. */
export const MAX_LISTING = 500_000;
/** History entries kept per assignment by stores that bound it (JetStream KV keeps them in the value). */
export const HISTORY_KEEP = 50;

export interface PlacementStore {
  readonly kind: 'sql' | 'nats';
  listShards(filter?: { kind?: ServiceKind }): Promise<Shard[]>;
  getShard(id: string): Promise<Shard | null>;
  /** Fails with PlacementConflict when the shard exists. */
  createShard(input: ShardInput, at: Date): Promise<Shard>;
  /** Compare-and-set on the shard's revision; PlacementConflict (with the current record) on mismatch. */
  updateShard(id: string, expectedRevision: number, patch: ShardPatch, at: Date): Promise<Shard>;

  getAssignment(tenantId: string, kind: ServiceKind): Promise<Assignment | null>;
  /** Sorted by (tenantId, kind). */
  listAssignments(filter?: AssignmentFilter): Promise<Assignment[]>;
  /**
   * Tenants placed per shard id; with a limited `scope`, only tenants in it (a SQL store applies the
   * scope in its query, a store without the tenants table keeps the ids `inScope` returns).
   */
  countByShard(scope?: LimitedScope, inScope?: () => Promise<ReadonlySet<string>>): Promise<Map<string, number>>;
  /** Fails with PlacementConflict when the assignment exists. */
  createAssignment(tenantId: string, kind: ServiceKind, shardId: string, meta: WriteMeta): Promise<Assignment>;
  /** Compare-and-set on the assignment's revision; records a history entry with the write. */
  moveAssignment(
    tenantId: string,
    kind: ServiceKind,
    expectedRevision: number,
    shardId: string,
    meta: WriteMeta
  ): Promise<Assignment>;
  /** Newest first. */
  history(tenantId: string, kind: ServiceKind, limit: number): Promise<AssignmentHistoryEntry[]>;
  close(): Promise<void>;
}

/** A create hit an existing key, or a compare-and-set saw a different revision. */
export class PlacementConflict extends Error {
  constructor(
    readonly key: string,
    readonly expectedRevision: number | null,
    readonly currentRevision: number | null
  ) {
    super(
      expectedRevision === null
        ? `${key} already exists (revision ${currentRevision})`
        : `${key} changed: expected revision ${expectedRevision}, found ${currentRevision ?? 'none'}`
    );
    this.name = 'PlacementConflict';
  }
}

/** The key or record a write expected is missing. */
export class PlacementNotFound extends Error {
  constructor(readonly key: string) {
    super(`${key} does not exist`);
    this.name = 'PlacementNotFound';
  }
}

/** A write returned but the confirming read did not show it. */
export class PlacementUnconfirmed extends Error {
  constructor(
    readonly key: string,
    detail: string
  ) {
    super(`${key}: write not confirmed by read-back (${detail})`);
    this.name = 'PlacementUnconfirmed';
  }
}

export const assignmentKey = (tenantId: string, kind: ServiceKind) => `assignment ${tenantId}/${kind}`;
export const shardKey = (id: string) => `shard ${id}`;

/**
 * Read-CAS-retry: reads the current assignment, lets `decide` pick the new shard (or null to stop),
 * and retries on conflicts. Used by writers that must not lose updates.
 */
export async function casAssignment(
  store: PlacementStore,
  tenantId: string,
  kind: ServiceKind,
  decide: (current: Assignment) => string | null,
  meta: () => WriteMeta,
  maxAttempts = 10_000
): Promise<Assignment | null> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = await store.getAssignment(tenantId, kind);
    if (!current) throw new PlacementNotFound(assignmentKey(tenantId, kind));
    const next = decide(current);
    if (next === null) return null;
    try {
      return await store.moveAssignment(tenantId, kind, current.revision, next, meta());
    } catch (err) {
      if (!(err instanceof PlacementConflict)) throw err;
    }
  }
  throw new Error(`${assignmentKey(tenantId, kind)}: gave up after ${maxAttempts} conflicting attempts`);
}
