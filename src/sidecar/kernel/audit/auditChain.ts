/**
 * The audit chain: every mutation appends its entry here, in the transaction of the change. Appends are hash-chained: hash = sha256(prevHash + canonicalJson(entry without hash)).
 * Appending first bumps the single `audit_head` row (UPDATE ... RETURNING), which takes a row lock on
 * PostgreSQL until the transaction ends and is naturally exclusive on SQLite (one writer), so the chain
 * cannot fork. The append runs inside the caller's transaction, together with the change it records.
 */
import type { AuditEntry, AuditOutcomeSchema } from '../../../contract';
import type { z } from 'zod';
import { canonicalJson, jsonString, sha256Hex } from '../canonicalJson';
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

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as both stores keep it byte for byte: lone surrogates (which UTF-8 cannot hold) and NUL
 * (which PostgreSQL refuses) become U+FFFD. Applied to every string and key of an entry before it
 * is hashed, so the hash covers exactly the stored bytes. The API refuses such text at the
 * boundary; this covers text from elsewhere (platform answers, job errors).
 */
export function storableText(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd').replaceAll('\u0000', '\ufffd');
}

/** `storableText` over a JSON value's strings and keys, without recursion. */
export function storableJson(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(canonicalJson(value), (_key, v: unknown) => {
    if (typeof v === 'string') return storableText(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[storableText(k)] = x;
      return out;
    }
    return v;
  }) as Record<string, unknown>;
}

export function computeEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(entry.prevHash + canonicalJson(entry));
}

/**
 * The hash of a stored row, computed from its columns as stored: the details column holds the
 * canonical JSON that was hashed (appendEntry stores canonicalJson(details)), so it is spliced in as
 * it is instead of being parsed and written again. Members in canonical (sorted) order. Equal to
 * computeEntryHash(rowToEntry(r) without its hash) whenever the details text is canonical; verify
 * falls back to that slower form for a row whose details were stored another way.
 */
const orNull = (v: string | null) => (v === null ? 'null' : jsonString(v));

export function storedEntryHash(r: AuditEntriesTable): string {
  const q = jsonString;
  const role = r.actor_role === null ? '' : `,"role":${q(r.actor_role)}`;
  return sha256Hex(
    `${r.prev_hash}{"action":${q(r.action)},"actor":{"login":${q(r.actor_login)},"orgId":${Number(r.actor_org_id)}${role}}` +
      `,"details":${r.details},"jobId":${orNull(r.job_id)},"outcome":${q(r.outcome)},"prevHash":${q(r.prev_hash)}` +
      `,"reason":${orNull(r.reason)},"requestId":${q(r.request_id)},"seq":${Number(r.seq)},"targetId":${q(r.target_id)}` +
      `,"targetType":${q(r.target_type)},"ts":${q(r.ts)}}`
  );
}

/**
 * Whether a stored row hashes to `hash`: from its columns as stored (storedEntryHash) and, for a row
 * whose details text is not in canonical form, from its parsed and re-serialized entry.
 */
export function rehashes(r: AuditEntriesTable, hash: string): boolean {
  if (storedEntryHash(r) === hash) return true;
  const { hash: _stored, ...unhashed } = rowToEntry(r);
  return computeEntryHash(unhashed) === hash;
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
  // Normalise everything to what the store keeps, so the stored row re-hashes to the same value on verify.
  const details = storableJson(input.details);
  const text = (v: string) => storableText(v);
  const actor: AuditEntry['actor'] = { login: text(input.actor.login), orgId: input.actor.orgId };
  if (input.actor.role !== undefined) actor.role = text(input.actor.role);
  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq: Number(head.seq),
    ts: now.toISOString(),
    actor,
    action: text(input.action),
    targetType: text(input.targetType),
    targetId: text(input.targetId),
    reason: input.reason === null ? null : text(input.reason),
    requestId: text(input.requestId),
    jobId: input.jobId === null ? null : text(input.jobId),
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
  // Read the row back in the same transaction: if the store changed a single byte, the change and
  // its entry roll back together instead of leaving a chain that can never verify.
  const stored = await trx
    .selectFrom('audit_entries')
    .selectAll()
    .where('seq', '=', entry.seq)
    .executeTakeFirstOrThrow();
  if (!rehashes(stored, entry.hash)) {
    throw new Error(`audit entry ${entry.seq} did not read back as written; the change is rolled back`);
  }
  await trx.updateTable('audit_head').set({ hash: entry.hash }).where('id', '=', 1).execute();
  return entry;
}
