/**
 * Alert inbox persistence. Writes are single conditional upserts (atomic on both stores, so two
 * concurrent webhook deliveries cannot both insert): a delivery replaces the stored row only when
 * its event time is newer, or equal without turning a resolved alert back into a firing one.
 * Reads are keyset pages in inbox order: active desc, event_ts desc, fingerprint asc.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Db, Executor, AlertsTable, DB } from '../../kernel/database/schema';
import { ALL_TENANTS, tenantIdCondition, type TenantScope } from '../../kernel/scope';

/** Stores `row` unless the stored row is newer; true when it was written. */
export async function upsertAlert(db: Executor, row: AlertsTable): Promise<boolean> {
  const { fingerprint: _fp, ...updates } = row;
  const result = await db
    .insertInto('alerts')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('fingerprint')
        .doUpdateSet(updates)
        .where((eb) =>
          eb.or([
            eb(eb.ref('excluded.event_ts'), '>', eb.ref('alerts.event_ts')),
            eb.and([
              eb(eb.ref('excluded.event_ts'), '=', eb.ref('alerts.event_ts')),
              eb(eb.ref('excluded.active'), '<=', eb.ref('alerts.active')),
            ]),
          ])
        )
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface AlertFilters {
  status?: 'firing' | 'resolved';
  tenant?: string;
  /** Alerts of these environments (an alert without an environment matches none). */
  environment?: readonly string[];
}

export interface AlertPosition {
  active: number;
  eventTs: string;
  fingerprint: string;
}

/**
 * Up to `limit` rows after (`backward`: before) `position` in inbox order. Backward pages come back
 * in reverse order (the caller's page assembly flips them).
 */
export async function listAlertRows(
  db: Db,
  filters: AlertFilters,
  position: AlertPosition | undefined,
  backward: boolean,
  limit: number,
  scope: TenantScope
): Promise<AlertsTable[]> {
  let q = db.selectFrom('alerts').selectAll();
  // A platform-wide alert (no tenant) shows only to those entitled to its whole environment.
  const inScope = tenantIdCondition(scope, 'alerts.tenant_id', 'alerts.environment');
  if (inScope) q = q.where(inScope);
  if (filters.status) q = q.where('active', '=', filters.status === 'firing' ? 1 : 0);
  if (filters.tenant) q = q.where('tenant_id', '=', filters.tenant);
  if (filters.environment?.length) q = q.where('environment', 'in', [...filters.environment]);
  if (position) {
    const { active, eventTs, fingerprint } = position;
    q = q.where((eb: ExpressionBuilder<DB, 'alerts'>) =>
      backward
        ? eb.or([
            eb('active', '>', active),
            eb.and([eb('active', '=', active), eb('event_ts', '>', eventTs)]),
            eb.and([eb('active', '=', active), eb('event_ts', '=', eventTs), eb('fingerprint', '<', fingerprint)]),
          ])
        : eb.or([
            eb('active', '<', active),
            eb.and([eb('active', '=', active), eb('event_ts', '<', eventTs)]),
            eb.and([eb('active', '=', active), eb('event_ts', '=', eventTs), eb('fingerprint', '>', fingerprint)]),
          ])
    );
  }
  const dir = backward ? 'asc' : 'desc';
  return q
    .orderBy('active', dir)
    .orderBy('event_ts', dir)
    .orderBy('fingerprint', backward ? 'desc' : 'asc')
    .limit(limit)
    .execute() as Promise<AlertsTable[]>;
}

/** Deletes resolved alerts whose resolution is older than `before`; returns how many. */
export async function purgeResolvedAlerts(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom('alerts').where('active', '=', 0).where('event_ts', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

/** The alert, if it exists and is in `scope` (an out-of-scope alert reads as missing). */
export async function getAlertRow(
  db: Executor,
  fingerprint: string,
  scope: TenantScope = ALL_TENANTS
): Promise<AlertsTable | undefined> {
  let q = db.selectFrom('alerts').selectAll().where('fingerprint', '=', fingerprint);
  const inScope = tenantIdCondition(scope, 'alerts.tenant_id', 'alerts.environment');
  if (inScope) q = q.where(inScope);
  return q.executeTakeFirst();
}

export const ACK_ACTION = 'alert.acknowledge';

export interface AckEntry {
  fingerprint: string;
  startsAt: string | null;
  by: string;
  at: string;
  reason: string | null;
}

/**
 * Acknowledgements of these alerts, newest first. They live in the audit chain (indexed by target):
 * an acknowledgement is the audited fact itself, so there is no second copy to disagree with it.
 */
export async function acknowledgementsOf(db: Executor, fingerprints: readonly string[]): Promise<AckEntry[]> {
  if (fingerprints.length === 0) return [];
  const rows = await db
    .selectFrom('audit_entries')
    .select(['target_id', 'ts', 'actor_login', 'reason', 'details'])
    .where('target_type', '=', 'alert')
    .where('target_id', 'in', [...fingerprints])
    .where('action', '=', ACK_ACTION)
    .where('outcome', '=', 'success')
    .orderBy('seq', 'desc')
    .execute();
  return rows.map((r) => ({
    fingerprint: r.target_id,
    startsAt: ((JSON.parse(r.details) as { startsAt?: unknown }).startsAt as string | undefined) ?? null,
    by: r.actor_login,
    at: r.ts,
    reason: r.reason,
  }));
}
