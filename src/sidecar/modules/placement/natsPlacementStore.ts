/**
 * Placement store on NATS JetStream KV (production, SPEC §2/§8). One bucket, keys
 *   shard.<shardId>                → shard (without revision; the KV revision is the revision)
 *   assign.<tenantId>.<kind>       → assignment value with its bounded history
 * Writes are `create` (fails if the key exists) or `update` on the expected revision (server-side
 * compare-and-set), then confirmed by reading the key back. The history of an assignment travels
 * inside its value (newest first, HISTORY_KEEP entries), so the move and its history entry are one
 * atomic write. The bucket keeps one message per key; listings read the last value of each key.
 */
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Assignment, AssignmentHistoryEntry, ServiceKind, Shard } from '../../../contract';
import type { LimitedScope } from '../../kernel/scope';
import {
  HISTORY_KEEP,
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

interface AssignmentValue {
  tenantId: string;
  kind: ServiceKind;
  shardId: string;
  previousShardId: string | null;
  generation: number;
  updatedAt: string;
  actor: string;
  reason: string | null;
  jobId: string | null;
  /** Earlier writes, newest first, each with the revision it had. */
  past: AssignmentHistoryEntry[];
}

type ShardValue = Omit<Shard, 'revision'>;

const WRONG_LAST_SEQUENCE = 10071;
const SEEN_MAX = 10_000;
const isCasFailure = (err: unknown) => {
  const e = err as { code?: number; message?: string };
  return e.code === WRONG_LAST_SEQUENCE || /wrong last sequence/i.test(e.message ?? '');
};

const aKey = (tenantId: string, kind: ServiceKind) => `assign.${tenantId}.${kind}`;
const sKey = (id: string) => `shard.${id}`;

export interface NatsPlacementOptions {
  url: string;
  bucket: string;
  connectTimeoutMs?: number;
}

export class NatsPlacementStore implements PlacementStore {
  readonly kind = 'nats' as const;
  /** Last entry read per assignment key (bounded, insertion order = age). */
  private readonly seen = new Map<string, KvEntry>();

  private constructor(
    private readonly nc: NatsConnection,
    readonly kv: KV
  ) {}

  static async open(opts: NatsPlacementOptions): Promise<NatsPlacementStore> {
    const nc = await connect({
      servers: opts.url,
      timeout: opts.connectTimeoutMs ?? 5_000,
      name: 'switchyard-sidecar',
    });
    try {
      const kv = await new Kvm(nc).create(opts.bucket, { history: 1 });
      return new NatsPlacementStore(nc, kv);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  async listShards(filter: { kind?: ServiceKind } = {}): Promise<Shard[]> {
    const out: Shard[] = [];
    for (const e of await this.lastValues('shard.>')) {
      const s = toShard(e);
      if (!filter.kind || s.kind === filter.kind) out.push(s);
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async getShard(id: string): Promise<Shard | null> {
    const e = await this.live(sKey(id));
    return e ? toShard(e) : null;
  }

  async createShard(input: ShardInput, at: Date): Promise<Shard> {
    const value: ShardValue = { ...input, updatedAt: at.toISOString() };
    let rev: number;
    try {
      rev = await this.kv.create(sKey(input.id), JSON.stringify(value));
    } catch (err) {
      if (!isCasFailure(err)) throw err;
      throw new PlacementConflict(shardKey(input.id), null, (await this.getShard(input.id))?.revision ?? null);
    }
    return this.confirmShard(input.id, rev);
  }

  async updateShard(id: string, expectedRevision: number, patch: ShardPatch, at: Date): Promise<Shard> {
    const current = await this.getShard(id);
    if (!current) throw new PlacementNotFound(shardKey(id));
    if (current.revision !== expectedRevision)
      throw new PlacementConflict(shardKey(id), expectedRevision, current.revision);
    const { revision: _r, ...base } = current;
    const value: ShardValue = { ...base, ...patch, id, kind: current.kind, updatedAt: at.toISOString() };
    let rev: number;
    try {
      rev = await this.kv.update(sKey(id), JSON.stringify(value), expectedRevision);
    } catch (err) {
      if (!isCasFailure(err)) throw err;
      throw new PlacementConflict(shardKey(id), expectedRevision, (await this.getShard(id))?.revision ?? null);
    }
    return this.confirmShard(id, rev);
  }

  async getAssignment(tenantId: string, kind: ServiceKind): Promise<Assignment | null> {
    const key = aKey(tenantId, kind);
    const e = await this.live(key);
    if (!e) return null;
    this.remember(key, e);
    return toAssignment(e.json<AssignmentValue>(), e.revision);
  }

  async listAssignments(filter: AssignmentFilter = {}): Promise<Assignment[]> {
    const subject = filter.tenantId
      ? `assign.${filter.tenantId}.${filter.kind ?? '*'}`
      : filter.kind
        ? `assign.*.${filter.kind}`
        : 'assign.>';
    const out: Assignment[] = [];
    for (const e of await this.lastValues(subject)) {
      const a = toAssignment(e.json<AssignmentValue>(), e.revision);
      if (filter.shardId && a.shardId !== filter.shardId) continue;
      if (
        filter.after &&
        (a.tenantId < filter.after.tenantId || (a.tenantId === filter.after.tenantId && a.kind <= filter.after.kind))
      )
        continue;
      out.push(a);
    }
    out.sort((a, b) =>
      a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0
    );
    return out.slice(0, Math.min(filter.limit ?? MAX_LISTING, MAX_LISTING));
  }

  async countByShard(
    _scope?: LimitedScope,
    inScope?: () => Promise<ReadonlySet<string>>
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const visible = inScope ? await inScope() : null;
    for (const e of await this.lastValues('assign.>')) {
      const v = e.json<AssignmentValue>();
      if (visible && !visible.has(v.tenantId)) continue;
      counts.set(v.shardId, (counts.get(v.shardId) ?? 0) + 1);
    }
    return counts;
  }

  async createAssignment(tenantId: string, kind: ServiceKind, shardId: string, meta: WriteMeta): Promise<Assignment> {
    const value: AssignmentValue = {
      tenantId,
      kind,
      shardId,
      previousShardId: null,
      generation: 1,
      updatedAt: meta.at.toISOString(),
      actor: meta.actor,
      reason: meta.reason,
      jobId: meta.jobId,
      past: [],
    };
    let rev: number;
    try {
      rev = await this.kv.create(aKey(tenantId, kind), JSON.stringify(value));
    } catch (err) {
      if (!isCasFailure(err)) throw err;
      throw new PlacementConflict(
        assignmentKey(tenantId, kind),
        null,
        (await this.getAssignment(tenantId, kind))?.revision ?? null
      );
    }
    return this.confirmAssignment(tenantId, kind, rev, shardId);
  }

  async moveAssignment(
    tenantId: string,
    kind: ServiceKind,
    expectedRevision: number,
    shardId: string,
    meta: WriteMeta
  ): Promise<Assignment> {
    const key = aKey(tenantId, kind);
    // The value the caller read at expectedRevision (for the history) saves a round trip; the
    // server-side compare-and-set below is what guarantees correctness either way.
    const seen = this.seen.get(key);
    const e = seen && seen.revision === expectedRevision ? seen : await this.live(key);
    if (!e) throw new PlacementNotFound(assignmentKey(tenantId, kind));
    if (e.revision !== expectedRevision)
      throw new PlacementConflict(assignmentKey(tenantId, kind), expectedRevision, e.revision);
    const cur = e.json<AssignmentValue>();
    const value: AssignmentValue = {
      tenantId,
      kind,
      shardId,
      previousShardId: cur.shardId,
      generation: cur.generation + 1,
      updatedAt: meta.at.toISOString(),
      actor: meta.actor,
      reason: meta.reason,
      jobId: meta.jobId,
      past: [entryOf(cur, e.revision), ...cur.past].slice(0, HISTORY_KEEP - 1),
    };
    let rev: number;
    try {
      rev = await this.kv.update(key, JSON.stringify(value), expectedRevision);
    } catch (err) {
      if (!isCasFailure(err)) throw err;
      throw new PlacementConflict(
        assignmentKey(tenantId, kind),
        expectedRevision,
        (await this.getAssignment(tenantId, kind))?.revision ?? null
      );
    }
    return this.confirmAssignment(tenantId, kind, rev, shardId);
  }

  async history(tenantId: string, kind: ServiceKind, limit: number): Promise<AssignmentHistoryEntry[]> {
    const e = await this.live(aKey(tenantId, kind));
    if (!e) return [];
    const v = e.json<AssignmentValue>();
    return [entryOf(v, e.revision), ...v.past].slice(0, limit);
  }

  async close(): Promise<void> {
    await this.nc.close();
  }

  /** Deletes the whole bucket (tests). */
  async destroy(): Promise<void> {
    await this.kv.destroy();
  }

  private remember(key: string, e: KvEntry): void {
    this.seen.delete(key);
    this.seen.set(key, e);
    if (this.seen.size > SEEN_MAX) this.seen.delete(this.seen.keys().next().value as string);
  }

  private async live(key: string): Promise<KvEntry | null> {
    const e = await this.kv.get(key);
    return e && e.operation === 'PUT' ? e : null;
  }

  private async lastValues(filter: string): Promise<KvEntry[]> {
    const out: KvEntry[] = [];
    const it = await this.kv.history({ key: filter });
    for await (const e of it) {
      if (e.operation === 'PUT') out.push(e);
      if (out.length >= MAX_LISTING) break;
    }
    return out;
  }

  private async confirmShard(id: string, revision: number): Promise<Shard> {
    const s = await this.getShard(id);
    if (!s || s.revision < revision)
      throw new PlacementUnconfirmed(shardKey(id), `read revision ${s?.revision ?? 'none'}`);
    return s;
  }

  /** Reads the key back: our revision is current, or (after a later write) it is in the value's history. */
  private async confirmAssignment(
    tenantId: string,
    kind: ServiceKind,
    revision: number,
    shardId: string
  ): Promise<Assignment> {
    const e = await this.live(aKey(tenantId, kind));
    if (e) {
      const v = e.json<AssignmentValue>();
      if (e.revision === revision && v.shardId === shardId) return toAssignment(v, e.revision);
      const mine = v.past.find((p) => p.revision === revision);
      if (e.revision > revision && mine && mine.shardId === shardId) {
        const generation = v.generation - v.past.indexOf(mine) - 1;
        return { tenantId, kind, shardId, revision, generation, updatedAt: mine.at };
      }
    }
    throw new PlacementUnconfirmed(assignmentKey(tenantId, kind), `read revision ${e?.revision ?? 'none'}`);
  }
}

function entryOf(v: AssignmentValue, revision: number): AssignmentHistoryEntry {
  return {
    revision,
    shardId: v.shardId,
    previousShardId: v.previousShardId,
    at: v.updatedAt,
    actor: v.actor,
    reason: v.reason,
    jobId: v.jobId,
  };
}

function toAssignment(v: AssignmentValue, revision: number): Assignment {
  return {
    tenantId: v.tenantId,
    kind: v.kind,
    shardId: v.shardId,
    revision,
    generation: v.generation,
    updatedAt: v.updatedAt,
  };
}

function toShard(e: KvEntry): Shard {
  return { ...e.json<ShardValue>(), revision: e.revision };
}
