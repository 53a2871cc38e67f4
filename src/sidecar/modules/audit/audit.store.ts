/** Reads of the audit chain: filtered listing (keyset) and raw batches for verification. */
import type { AuditEntry } from '../../../contract';
import { rowToEntry } from '../../kernel/audit/auditChain';
import type { AuditEntriesTable, Executor } from '../../kernel/database/schema';

export interface AuditFilters {
  targetType?: string;
  targetId?: string;
  actor?: string;
  action?: string;
  outcome?: string;
  jobId?: string;
  from?: string;
  to?: string;
}

/** Newest first. `beforeSeq`/`afterSeq` are exclusive keyset bounds; `ascending` walks toward newer entries. */
export async function listEntries(
  ex: Executor,
  f: AuditFilters,
  page: { beforeSeq?: number; afterSeq?: number; ascending: boolean; limit: number }
): Promise<AuditEntry[]> {
  let q = ex.selectFrom('audit_entries').selectAll();
  if (f.targetType) q = q.where('target_type', '=', f.targetType);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.actor) q = q.where('actor_login', '=', f.actor);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.jobId) q = q.where('job_id', '=', f.jobId);
  if (f.from) q = q.where('ts', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('ts', '<', new Date(f.to).toISOString());
  if (page.beforeSeq !== undefined) q = q.where('seq', '<', page.beforeSeq);
  if (page.afterSeq !== undefined) q = q.where('seq', '>', page.afterSeq);
  const rows = await q
    .orderBy('seq', page.ascending ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
  return rows.map(rowToEntry);
}

/** Raw rows in chain order, for verification (rows are re-hashed as stored, not as parsed). */
export async function chainBatch(ex: Executor, afterSeq: number, limit: number): Promise<AuditEntriesTable[]> {
  return ex
    .selectFrom('audit_entries')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
}

export async function readHead(ex: Executor): Promise<{ seq: number; hash: string }> {
  const h = await ex.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash };
}
