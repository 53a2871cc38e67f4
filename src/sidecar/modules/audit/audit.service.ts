/** Audit read side: search (newest first, keyset), chain verification, bounded streamed export. */
import { z } from 'zod';
import { performance } from 'node:perf_hooks';
import {
  AUDIT_EXPORT_CAP,
  type ActivityQuery,
  type AuditCount,
  type AuditEntry,
  type AuditExportQuery,
  type AuditFilterQuery,
  type AuditVerify,
  type ListAuditQuery,
} from '../../../contract';
import { assemblePage, decodeCursor, encodeCursor, queryFingerprint } from '../../kernel/cursor';
import { rehashes, GENESIS_HASH } from '../../kernel/audit/auditChain';
import { tenantVisible, type TenantScope } from '../../kernel/scope';
import { notFound } from '../../kernel/errors';
import { getJobRow } from '../../jobs';
import { chainBatch, countEntries, listEntries, readHead, type AuditFilters } from './audit.store';
import type { AuditEntriesTable, Db } from '../../kernel/database/schema';
import type { Mutations, MutationContext } from '../../kernel/mutations';

const AuditCursorSchema = z.object({ f: z.string(), s: z.number().int().min(0), d: z.enum(['n', 'p']) });
/** Rows per keyset read while verifying; the next batch is read while this one is hashed. */
const VERIFY_BATCH = 5000;
const EXPORT_BATCH = 500;

type AuditPage = { items: AuditEntry[]; nextCursor: string | null; prevCursor: string | null };

/** An export about to stream: what matched, whether the cap cuts it, and the entries newest first. */
export interface AuditExport {
  matched: number;
  cap: number;
  truncated: boolean;
  entries: AsyncGenerator<AuditEntry>;
}

function filtersOf(q: ListAuditQuery): AuditFilters {
  const { limit: _l, cursor: _c, ...filters } = q;
  return filters;
}

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    /** Rows per verification read (tests use small batches to exercise the boundaries). */
    private readonly verifyBatch = VERIFY_BATCH
  ) {}

  async list(scope: TenantScope, query: ListAuditQuery): Promise<AuditPage> {
    const filters = filtersOf(query);
    const f = queryFingerprint(filters);
    const cursor = query.cursor ? decodeCursor(query.cursor, AuditCursorSchema, f) : undefined;
    const backward = cursor?.d === 'p';
    const rows = await listEntries(this.db, filters, scope, {
      beforeSeq: cursor && !backward ? cursor.s : undefined,
      afterSeq: cursor && backward ? cursor.s : undefined,
      ascending: backward,
      limit: query.limit + 1,
    });
    const mode = !cursor ? 'first' : backward ? 'prev' : 'next';
    return assemblePage(rows, query.limit, mode, (e, d) => encodeCursor({ f, s: e.seq, d }));
  }

  /**
   * One tenant's activity (entries about it and its jobs). A tenant outside the caller's scope is
   * answered exactly like a missing one.
   */
  async tenantActivity(scope: TenantScope, tenantId: string, page: ActivityQuery): Promise<AuditPage> {
    if (!(await tenantVisible(this.db, tenantId, scope))) throw notFound('Tenant', tenantId);
    return this.list(scope, { ...page, tenantId });
  }

  /** The entries one job wrote; a job outside the caller's scope is answered exactly like a missing one. */
  async jobActivity(scope: TenantScope, jobId: string, page: ActivityQuery): Promise<AuditPage> {
    if (!(await getJobRow(this.db, jobId, scope))) throw notFound('Job', jobId);
    return this.list(scope, { ...page, jobId });
  }

  async count(scope: TenantScope, filters: AuditFilterQuery): Promise<AuditCount> {
    return { count: await countEntries(this.db, filters, scope), exportCap: AUDIT_EXPORT_CAP };
  }

  /**
   * Walks the whole chain in order and reports the first entry whose sequence, link or hash is wrong.
   * Each row is hashed from its columns as stored (`rehashes`); only a row whose details text is not
   * in canonical form is parsed and re-serialized before it is judged.
   */
  async verify(): Promise<AuditVerify> {
    const started = performance.now();
    const result = await this.walkChain();
    return { ...result, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  private async walkChain(): Promise<Omit<AuditVerify, 'durationMs'>> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const read = (afterSeq: number) => {
      const batch = chainBatch(this.db, afterSeq, this.verifyBatch);
      batch.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
      return batch;
    };
    let next: Promise<AuditEntriesTable[]> | null = read(0);
    while (next) {
      const rows = await next;
      next = null;
      if (rows.length === this.verifyBatch) {
        // Ask for the next batch before hashing this one, and let the query go out: PostgreSQL
        // answers while this batch is hashed.
        next = read(Number(rows[rows.length - 1].seq));
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const row of rows) {
        const seq = Number(row.seq);
        const broken =
          seq !== expectedSeq
            ? ({ seq: expectedSeq, reason: 'sequence_gap' } as const)
            : row.prev_hash !== prevHash
              ? ({ seq, reason: 'link_mismatch' } as const)
              : !rehashes(row, row.hash)
                ? ({ seq, reason: 'hash_mismatch' } as const)
                : null;
        if (broken) {
          return { ok: false, checked, firstBroken: broken, headHash: prevHash === GENESIS_HASH ? null : prevHash };
        }
        prevHash = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
    }
    const head = await readHead(this.db);
    // Entries removed from the end leave the head ahead of the chain.
    if (head.seq !== checked || head.hash !== prevHash) {
      const reason = head.seq > checked ? 'sequence_gap' : 'link_mismatch';
      return {
        ok: false,
        checked,
        firstBroken: { seq: Math.max(head.seq, checked), reason },
        headHash: prevHash === GENESIS_HASH ? null : prevHash,
      };
    }
    return { ok: true, checked, firstBroken: null, headHash: checked === 0 ? null : prevHash };
  }

  /**
   * Records who exported what, then takes a snapshot of the chain (entries up to the head as it is
   * now, the export's own entry included), counts what matches and streams up to `limit` of them,
   * newest first, in batches.
   */
  async export(ctx: MutationContext, scope: TenantScope, query: AuditExportQuery): Promise<AuditExport> {
    const { format, limit, ...filters } = query;
    await this.mutations.recordOutcome(ctx, {
      action: 'audit.export',
      targetType: 'audit',
      targetId: '*',
      reason: null,
      outcome: 'success',
      details: { format, limit, filters },
    });
    const head = await readHead(this.db);
    const matched = await countEntries(this.db, filters, scope, head.seq);
    return {
      matched,
      cap: limit,
      truncated: matched > limit,
      entries: this.exportBatches(filters, scope, head.seq, limit),
    };
  }

  private async *exportBatches(
    filters: AuditFilters,
    scope: TenantScope,
    headSeq: number,
    limit: number
  ): AsyncGenerator<AuditEntry> {
    let remaining = limit;
    let beforeSeq = headSeq + 1;
    while (remaining > 0) {
      const want = Math.min(EXPORT_BATCH, remaining);
      const rows = await listEntries(this.db, filters, scope, { beforeSeq, ascending: false, limit: want });
      for (const e of rows) yield e;
      remaining -= rows.length;
      if (rows.length < want) break;
      beforeSeq = rows[rows.length - 1].seq;
    }
  }
}
