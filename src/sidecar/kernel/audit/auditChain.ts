/**
 * The audit chain: every mutation appends its entry here, in the transaction of the change. Appends are hash-chained: hash = sha256(prevHash + canonicalJson(entry without hash)).
 * Appending first bumps the single `audit_head` row (UPDATE ... RETURNING), which takes a row lock on
 * PostgreSQL until the transaction ends and is naturally exclusive on SQLite (one writer), so the chain
 * cannot fork. The append runs inside the caller's transaction, together with the change it records.
 */
import type { AuditEntry, AuditOutcomeSchema } from '../../../contract';
import type { z } from 'zod';
import { canonicalJson, sha256Hex } from '../canonicalJson';
import type { AuditEntriesTable, Executor } from '../database/schema';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

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
