/** Security log persistence: append, and keyset pages newest first by (ts, id). */
import type { SecurityEvent } from '../../../contract';
import type { Executor, SecurityEventsTable } from '../../kernel/database/schema';

export interface SecurityEventFilters {
  decision?: string;
  from?: string;
  to?: string;
}

export function rowToEvent(r: SecurityEventsTable): SecurityEvent {
  return {
    id: r.id,
    ts: r.ts,
    decision: r.decision as SecurityEvent['decision'],
    status: Number(r.status),
    message: r.message,
    method: r.method,
    route: r.route,
    action: r.action,
    login: r.login,
    requestId: r.request_id,
  };
}

export async function insertEvent(ex: Executor, e: SecurityEvent): Promise<void> {
  await ex
    .insertInto('security_events')
    .values({
      id: e.id,
      ts: e.ts,
      decision: e.decision,
      status: e.status,
      message: e.message,
      method: e.method,
      route: e.route,
      action: e.action,
      login: e.login,
      request_id: e.requestId,
    })
    .execute();
}

/**
 * Newest first by (ts, id). `before` keeps rows strictly older than a position, `after` strictly
 * newer ones (then `ascending` walks toward newer rows); `limit + 1` tells whether more exist.
 */
export async function listEvents(
  ex: Executor,
  f: SecurityEventFilters,
  page: { before?: { ts: string; id: string }; after?: { ts: string; id: string }; ascending?: boolean; limit: number }
): Promise<SecurityEvent[]> {
  let q = ex.selectFrom('security_events').selectAll();
  if (f.decision) q = q.where('decision', '=', f.decision);
  if (f.from) q = q.where('ts', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('ts', '<', new Date(f.to).toISOString());
  const { before, after } = page;
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('ts', '<', before.ts), eb.and([eb('ts', '=', before.ts), eb('id', '<', before.id)])])
    );
  }
  if (after) {
    q = q.where((eb) => eb.or([eb('ts', '>', after.ts), eb.and([eb('ts', '=', after.ts), eb('id', '>', after.id)])]));
  }
  const order = page.ascending ? 'asc' : 'desc';
  const rows = await q.orderBy('ts', order).orderBy('id', order).limit(page.limit).execute();
  return rows.map(rowToEvent);
}
