/**
 * Audit persistence. Appends are hash-chained: hash = sha256(prevHash + canonicalJson(entry without hash)).
 * Appending first bumps the single `audit_head` row (UPDATE ... RETURNING), which takes a row lock on
 * PostgreSQL until the transaction ends and is naturally exclusive on SQLite (one writer), so the chain
 * cannot fork. The append runs inside the caller's transaction, together with the change it records.
 */
import type { AuditEntry, AuditOutcomeSchema } from '../../../contract';
import type { z } from 'zod';
import { canonicalJson, sha256Hex } from '../canonicalJson';
import type { AuditEntriesTable, Executor } from '../database/schema';

export interface AuditInput {
  actor: AuditEntry['actor'];
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
  requestId: string;
  jobId: string | null;
  outcome: z.infer<typeof AuditOutcomeSchema>;
  details: Record<string, unknown>;
}

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

export function computeEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(entry.prevHash + canonicalJson(entry));
}

export function rowToEntry(r: AuditEntriesTable): AuditEntry {
  const actor: AuditEntry['actor'] = { login: r.actor_login, orgId: Number(r.actor_org_id) };
  if (r.actor_role !== null) actor.role = r.actor_role;
  return {
    seq: Number(r.seq),
    ts: r.ts,
    actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    reason: r.reason,
    requestId: r.request_id,
    jobId: r.job_id,
    outcome: r.outcome as AuditEntry['outcome'],
    details: JSON.parse(r.details),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function appendEntry(trx: Executor, input: AuditInput, now: Date): Promise<AuditEntry> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  // Normalise details to plain JSON so the stored text re-hashes to the same value on verify.
  const details = JSON.parse(canonicalJson(input.details)) as Record<string, unknown>;
  const actor: AuditEntry['actor'] = { login: input.actor.login, orgId: input.actor.orgId };
  if (input.actor.role !== undefined) actor.role = input.actor.role;
  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq: Number(head.seq),
    ts: now.toISOString(),
    actor,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    reason: input.reason,
    requestId: input.requestId,
    jobId: input.jobId,
    outcome: input.outcome,
    details,
    prevHash: head.hash,
  };
  const entry: AuditEntry = { ...unhashed, hash: computeEntryHash(unhashed) };
  await trx
    .insertInto('audit_entries')
    .values({
      seq: entry.seq,
      ts: entry.ts,
      actor_login: actor.login,
      actor_org_id: actor.orgId,
      actor_role: actor.role ?? null,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      reason: entry.reason,
      request_id: entry.requestId,
      job_id: entry.jobId,
      outcome: entry.outcome,
      details: canonicalJson(details),
      prev_hash: entry.prevHash,
      hash: entry.hash,
    })
    .execute();
  await trx.updateTable('audit_head').set({ hash: entry.hash }).where('id', '=', 1).execute();
  return entry;
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
