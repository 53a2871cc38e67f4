/**
 * The placement outbox: placement writes that must commit together with their audit entry. The
 * placement store may be NATS JetStream KV, which no SQL transaction covers, so a writer stages its
 * writes as outbox rows in the sidecar's database, in the SAME transaction as the audit entry
 * (`stage`), and the relay (`drain`) then applies each row to the store and marks it. A crash
 * between the commit and the store write leaves the rows pending; the next drain (at start-up, and
 * before every inventory step) applies them. Every row is applied at most once by construction —
 * a create fails if the key exists, a change is a compare-and-set on the revision read when the row
 * was staged — and a row whose write already happened (the crash came after the store write, before
 * the row was marked) is recognised by the record holding the target and marked applied without a
 * second write. A record another writer changed in between is left alone and marked superseded.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ServiceKind } from '../../../contract';
import type { Clock } from '../../kernel/clock';
import type { Db, Executor } from '../../kernel/database/schema';
import {
  PlacementConflict,
  PlacementNotFound,
  type PlacementStore,
  type ShardInput,
  type ShardPatch,
} from './placement.store';

/** Who wrote an assignment and why (the store's WriteMeta, with the time as text). */
export interface OutboxMeta {
  at: string;
  actor: string;
  reason: string | null;
  jobId: string | null;
}

export type OutboxOp =
  | { op: 'shard.create'; shard: ShardInput; at: string }
  | { op: 'shard.update'; id: string; expectedRevision: number; patch: ShardPatch; at: string }
  | { op: 'assignment.create'; tenantId: string; kind: ServiceKind; shardId: string; meta: OutboxMeta }
  | {
      op: 'assignment.move';
      tenantId: string;
      kind: ServiceKind;
      expectedRevision: number;
      from: string;
      to: string;
      meta: OutboxMeta;
    };

export type OutboxStatus = 'pending' | 'applied' | 'superseded';

export interface OutboxBatch<S = unknown> {
  id: string;
  jobId: string | null;
  step: string;
  summary: S;
  ops: Array<{ seq: number; op: OutboxOp; status: OutboxStatus }>;
}

export interface StageInput {
  jobId: string | null;
  step: string;
  summary: unknown;
  ops: OutboxOp[];
}

export class PlacementOutbox {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly store: PlacementStore,
    private readonly clock: Clock,
    private readonly logger?: Logger
  ) {}

  /** Writes a batch and its rows inside the caller's transaction (the one that writes the audit entry). */
  async stage(trx: Executor, input: StageInput): Promise<string> {
    const id = randomUUID();
    await trx
      .insertInto('placement_outbox_batches')
      .values({
        id,
        job_id: input.jobId,
        step: input.step,
        summary: JSON.stringify(input.summary),
        created_at: this.clock.now().toISOString(),
      })
      .execute();
    for (let i = 0; i < input.ops.length; i += 200) {
      await trx
        .insertInto('placement_outbox')
        .values(
          input.ops.slice(i, i + 200).map((op, j) => ({
            batch_id: id,
            seq: i + j,
            op: JSON.stringify(op),
            status: 'pending',
            applied_at: null,
          }))
        )
        .execute();
    }
    return id;
  }

  /** The batch a job step staged, if it did. */
  async batchOfStep<S>(jobId: string, step: string): Promise<OutboxBatch<S> | null> {
    const b = await this.db
      .selectFrom('placement_outbox_batches')
      .select('id')
      .where('job_id', '=', jobId)
      .where('step', '=', step)
      .executeTakeFirst();
    return b ? this.batch<S>(b.id) : null;
  }

  async batch<S>(id: string): Promise<OutboxBatch<S> | null> {
    const b = await this.db.selectFrom('placement_outbox_batches').selectAll().where('id', '=', id).executeTakeFirst();
    if (!b) return null;
    const rows = await this.db
      .selectFrom('placement_outbox')
      .select(['seq', 'op', 'status'])
      .where('batch_id', '=', id)
      .orderBy('seq')
      .execute();
    return {
      id: b.id,
      jobId: b.job_id,
      step: b.step,
      summary: JSON.parse(b.summary) as S,
      ops: rows.map((r) => ({
        seq: Number(r.seq),
        op: JSON.parse(r.op) as OutboxOp,
        status: r.status as OutboxStatus,
      })),
    };
  }

  /**
   * Applies every pending row, oldest batch first, in staging order. Drains of one process run one
   * after the other; drains of two processes may overlap, which the store's compare-and-set makes
   * harmless (one write wins, the other sees the target in place). Throws on a store failure: the
   * row stays pending for the next drain.
   */
  drain(): Promise<{ applied: number; superseded: number }> {
    const run = this.chain.then(
      () => this.drainOnce(),
      () => this.drainOnce()
    );
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when no drain of this process is running (before the store closes). */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** The start-up replay: applies what a crashed process committed but did not apply. Never throws. */
  async recover(): Promise<void> {
    try {
      const r = await this.drain();
      if (r.applied + r.superseded > 0) this.logger?.info(r, 'placement outbox: replayed pending writes');
    } catch (err) {
      this.logger?.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'placement outbox: replay failed; the next inventory step retries it'
      );
    }
  }

  private async drainOnce(): Promise<{ applied: number; superseded: number }> {
    const rows = await this.db
      .selectFrom('placement_outbox as o')
      .innerJoin('placement_outbox_batches as b', 'b.id', 'o.batch_id')
      .select(['o.batch_id', 'o.seq', 'o.op'])
      .where('o.status', '=', 'pending')
      .orderBy('b.created_at')
      .orderBy('o.batch_id')
      .orderBy('o.seq')
      .execute();
    const out = { applied: 0, superseded: 0 };
    for (const r of rows) {
      const status = await this.apply(JSON.parse(r.op) as OutboxOp);
      await this.db
        .updateTable('placement_outbox')
        .set({ status, applied_at: this.clock.now().toISOString() })
        .where('batch_id', '=', r.batch_id)
        .where('seq', '=', Number(r.seq))
        .where('status', '=', 'pending')
        .execute();
      out[status]++;
    }
    return out;
  }

  /** One write, at most once: create-if-absent or compare-and-set; a conflict is resolved by reading the record. */
  private async apply(o: OutboxOp): Promise<'applied' | 'superseded'> {
    try {
      switch (o.op) {
        case 'shard.create':
          await this.store.createShard(o.shard, new Date(o.at));
          return 'applied';
        case 'shard.update':
          await this.store.updateShard(o.id, o.expectedRevision, o.patch, new Date(o.at));
          return 'applied';
        case 'assignment.create':
          await this.store.createAssignment(o.tenantId, o.kind, o.shardId, toMeta(o.meta));
          return 'applied';
        case 'assignment.move':
          await this.store.moveAssignment(o.tenantId, o.kind, o.expectedRevision, o.to, toMeta(o.meta));
          return 'applied';
      }
    } catch (err) {
      if (!(err instanceof PlacementConflict) && !(err instanceof PlacementNotFound)) throw err;
      return (await this.inPlace(o)) ? 'applied' : 'superseded';
    }
  }

  /** After a conflict: does the store already hold what the row writes (our earlier, unmarked write)? */
  private async inPlace(o: OutboxOp): Promise<boolean> {
    switch (o.op) {
      case 'shard.create':
        return (await this.store.getShard(o.shard.id)) !== null;
      case 'shard.update': {
        const s = await this.store.getShard(o.id);
        if (!s) return false;
        const { labels, ...rest } = o.patch;
        return (
          (Object.keys(rest) as Array<keyof typeof rest>).every((k) => s[k] === rest[k]) &&
          (labels === undefined || JSON.stringify(sorted(s.labels)) === JSON.stringify(sorted(labels)))
        );
      }
      case 'assignment.create':
        return (await this.store.getAssignment(o.tenantId, o.kind))?.shardId === o.shardId;
      case 'assignment.move': {
        const a = await this.store.getAssignment(o.tenantId, o.kind);
        return a !== null && a.revision !== o.expectedRevision && a.shardId === o.to;
      }
    }
  }
}

const toMeta = (m: OutboxMeta) => ({ ...m, at: new Date(m.at) });
const sorted = (r: Record<string, string>) =>
  Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
