/**
 * Reads of the audit chain. Every filtered read (search, count, export) goes through `filtered()`, so
 * a condition added there (a filter, a visibility scope) holds for all of them alike.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { AuditEntry, AuditFilterQuery } from '../../../contract';
import { rowToEntry } from '../../kernel/audit/auditChain';
import type { AuditEntriesTable, DB, Executor } from '../../kernel/database/schema';
import { tenantIdCondition, type TenantScope } from '../../kernel/scope';

export type AuditFilters = AuditFilterQuery;

type AuditEb = ExpressionBuilder<DB, 'audit_entries'>;

/** `%`, `_` and the escape character itself match literally in a LIKE pattern. */
function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Entries about any of `tenantIds`: the tenant itself (status, update, isolation probes…) and the
 * jobs run on it (their creation, steps and outcome, by job id or by target).
 */
export function aboutTenants(eb: AuditEb, tenantIds: readonly string[]) {
  const jobsOf = eb.selectFrom('jobs').select('jobs.id').where('jobs.tenant_id', 'in', tenantIds);
  return eb.or([
    eb.and([eb('audit_entries.target_type', '=', 'tenant'), eb('audit_entries.target_id', 'in', tenantIds)]),
    eb('audit_entries.job_id', 'in', jobsOf),
    eb.and([eb('audit_entries.target_type', '=', 'job'), eb('audit_entries.target_id', 'in', jobsOf)]),
  ]);
}

/**
 * Entries a limited tenant scope may read: about a tenant in scope, or about (or written by) a job on
 * one; null when the scope is unrestricted. Entries about nothing tenant-bound are outside a limited scope.
 */
function inScope(scope: TenantScope) {
  const tenant = tenantIdCondition(scope, 'audit_entries.target_id');
  const job = tenantIdCondition(scope, 'j.tenant_id', 'j.environment');
  if (!tenant || !job) return null;
  return sql<boolean>`((audit_entries.target_type = 'tenant' and ${tenant})
    or audit_entries.job_id in (select j.id from jobs j where ${job})
    or (audit_entries.target_type = 'job' and audit_entries.target_id in (select j.id from jobs j where ${job})))`;
}

/** The one place audit filters (and the caller's tenant scope) become SQL; callers add their selection, order and bounds. */
export function filtered(ex: Executor, f: AuditFilters, scope: TenantScope) {
  return ex.selectFrom('audit_entries').where((eb) => {
    const and = [];
    const visible = inScope(scope);
    if (visible) and.push(visible);
    if (f.targetType) and.push(eb('audit_entries.target_type', '=', f.targetType));
    if (f.targetId) and.push(eb('audit_entries.target_id', '=', f.targetId));
    if (f.tenantId) and.push(aboutTenants(eb, [f.tenantId]));
    if (f.actor) and.push(eb('audit_entries.actor_login', '=', f.actor));
    if (f.action) and.push(eb('audit_entries.action', '=', f.action));
    if (f.outcome) and.push(eb('audit_entries.outcome', '=', f.outcome));
    if (f.jobId) and.push(eb('audit_entries.job_id', '=', f.jobId));
    if (f.from) and.push(eb('audit_entries.ts', '>=', new Date(f.from).toISOString()));
    if (f.to) and.push(eb('audit_entries.ts', '<', new Date(f.to).toISOString()));
    if (f.q) {
      const pattern = likeContains(f.q);
      const columns = [
        'action',
        'target_type',
        'target_id',
        'actor_login',
        'reason',
        'request_id',
        'job_id',
        'details',
      ] as const;
      and.push(
        eb.or(columns.map((c) => sql<boolean>`lower(${sql.ref(`audit_entries.${c}`)}) like ${pattern} escape '\\'`))
      );
    }
    return eb.and(and);
  });
}

/** Newest first. `beforeSeq`/`afterSeq` are exclusive keyset bounds; `ascending` walks toward newer entries. */
export async function listEntries(
  ex: Executor,
  f: AuditFilters,
  scope: TenantScope,
  page: { beforeSeq?: number; afterSeq?: number; ascending: boolean; limit: number }
): Promise<AuditEntry[]> {
  let q = filtered(ex, f, scope).selectAll('audit_entries');
  if (page.beforeSeq !== undefined) q = q.where('audit_entries.seq', '<', page.beforeSeq);
  if (page.afterSeq !== undefined) q = q.where('audit_entries.seq', '>', page.afterSeq);
  const rows = await q
    .orderBy('audit_entries.seq', page.ascending ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
  return rows.map(rowToEntry);
}

/** How many entries match, among those up to `atMostSeq` when given (an export's snapshot of the chain). */
export async function countEntries(
  ex: Executor,
  f: AuditFilters,
  scope: TenantScope,
  atMostSeq?: number
): Promise<number> {
  let q = filtered(ex, f, scope);
  if (atMostSeq !== undefined) q = q.where('audit_entries.seq', '<=', atMostSeq);
  const row = await q.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
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
