/** Audit read side: search (newest first, keyset), chain verification, bounded streamed export. */
import { z } from 'zod';
import type { AuditEntry, AuditVerify, ListAuditQuery } from '../../../contract';
import { assemblePage, decodeCursor, encodeCursor, queryFingerprint } from '../../kernel/cursor';
import { computeEntryHash, rowToEntry, storedEntryHash, GENESIS_HASH } from '../../kernel/audit/auditChain';
import { chainBatch, listEntries, readHead, type AuditFilters } from './audit.store';
import type { Db } from '../../kernel/database/schema';
import type { Mutations, MutationContext } from '../../kernel/mutations';

const AuditCursorSchema = z.object({ f: z.string(), s: z.number().int().min(0), d: z.enum(['n', 'p']) });
const VERIFY_BATCH = 1000;
const EXPORT_BATCH = 500;

type AuditPage = { items: AuditEntry[]; nextCursor: string | null; prevCursor: string | null };

function filtersOf(q: ListAuditQuery): AuditFilters {
  const { limit: _l, cursor: _c, ...filters } = q;
  return filters;
}

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations
  ) {}

  async list(query: ListAuditQuery): Promise<AuditPage> {
    const filters = filtersOf(query);
    const f = queryFingerprint(filters);
    const cursor = query.cursor ? decodeCursor(query.cursor, AuditCursorSchema, f) : undefined;
    const backward = cursor?.d === 'p';
    const rows = await listEntries(this.db, filters, {
      beforeSeq: cursor && !backward ? cursor.s : undefined,
      afterSeq: cursor && backward ? cursor.s : undefined,
      ascending: backward,
      limit: query.limit + 1,
    });
    const mode = !cursor ? 'first' : backward ? 'prev' : 'next';
    return assemblePage(rows, query.limit, mode, (e, d) => encodeCursor({ f, s: e.seq, d }));
  }

  /**
   * Walks the whole chain in order and reports the first entry whose sequence, link or hash is wrong.
   * Each row is hashed from its columns as stored (storedEntryHash); only a row whose details text is
   * not in canonical form is parsed and re-serialized before it is judged.
   */
  async verify(): Promise<AuditVerify> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const rows = await chainBatch(this.db, expectedSeq - 1, VERIFY_BATCH);
      for (const row of rows) {
        const seq = Number(row.seq);
        const broken =
          seq !== expectedSeq
            ? ({ seq: expectedSeq, reason: 'sequence_gap' } as const)
            : row.prev_hash !== prevHash
              ? ({ seq, reason: 'link_mismatch' } as const)
              : storedEntryHash(row) !== row.hash && computeEntryHash(stripHash(rowToEntry(row))) !== row.hash
                ? ({ seq, reason: 'hash_mismatch' } as const)
                : null;
        if (broken) {
          return { ok: false, checked, firstBroken: broken, headHash: prevHash === GENESIS_HASH ? null : prevHash };
        }
        prevHash = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (rows.length < VERIFY_BATCH) break;
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

  /** Records who exported what, then yields up to `limit` matching entries, newest first, in batches. */
  async *export(
    ctx: MutationContext,
    query: ListAuditQuery & { limit: number; format: string }
  ): AsyncGenerator<AuditEntry> {
    const { format: _format, ...rest } = query;
    const filters = filtersOf(rest);
    await this.mutations.recordOutcome(ctx, {
      action: 'audit.export',
      targetType: 'audit',
      targetId: '*',
      reason: null,
      outcome: 'success',
      details: { format: query.format, limit: query.limit, filters },
    });
    let remaining = query.limit;
    let beforeSeq: number | undefined;
    while (remaining > 0) {
      const want = Math.min(EXPORT_BATCH, remaining);
      const rows = await listEntries(this.db, filters, { beforeSeq, ascending: false, limit: want });
      for (const e of rows) yield e;
      remaining -= rows.length;
      if (rows.length < want) break;
      beforeSeq = rows[rows.length - 1].seq;
    }
  }
}

function stripHash(e: AuditEntry): Omit<AuditEntry, 'hash'> {
  const { hash: _h, ...rest } = e;
  return rest;
}
