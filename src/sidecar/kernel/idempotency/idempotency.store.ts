/** Idempotency keys: reserve (insert-if-absent), complete with the stored response, release on failure. */
import type { Executor } from '../database/schema';

export type Reservation =
  | { kind: 'reserved' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

export async function reserveKey(
  ex: Executor,
  k: { scope: string; key: string; requestHash: string },
  now: Date,
  lockMs: number
): Promise<Reservation> {
  const iso = now.toISOString();
  const ins = await ex
    .insertInto('idempotency_keys')
    .values({
      scope: k.scope,
      key: k.key,
      request_hash: k.requestHash,
      state: 'in_progress',
      status_code: null,
      response_body: null,
      created_at: iso,
      locked_at: iso,
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 1) {
    return { kind: 'reserved' };
  }
  const row = await ex
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .executeTakeFirst();
  if (!row) {
    // Released between our insert and select: try once more.
    return reserveKey(ex, k, now, lockMs);
  }
  if (row.request_hash !== k.requestHash) {
    return { kind: 'mismatch' };
  }
  if (row.state === 'completed') {
    return { kind: 'replay', status: Number(row.status_code), body: JSON.parse(row.response_body ?? 'null') };
  }
  const staleBefore = new Date(now.getTime() - lockMs).toISOString();
  if (row.locked_at < staleBefore) {
    // The attempt holding the key died without finishing: take it over (only one taker wins).
    const took = await ex
      .updateTable('idempotency_keys')
      .set({ locked_at: iso })
      .where('scope', '=', k.scope)
      .where('key', '=', k.key)
      .where('state', '=', 'in_progress')
      .where('locked_at', '=', row.locked_at)
      .executeTakeFirst();
    if (Number(took.numUpdatedRows) === 1) {
      return { kind: 'reserved' };
    }
  }
  return { kind: 'in_progress' };
}

export async function completeKey(
  ex: Executor,
  k: { scope: string; key: string },
  status: number,
  body: unknown
): Promise<void> {
  await ex
    .updateTable('idempotency_keys')
    .set({ state: 'completed', status_code: status, response_body: JSON.stringify(body) })
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .where('state', '=', 'in_progress')
    .execute();
}

export async function releaseKey(ex: Executor, k: { scope: string; key: string }): Promise<void> {
  await ex
    .deleteFrom('idempotency_keys')
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .where('state', '=', 'in_progress')
    .execute();
}

export async function purgeKeys(ex: Executor, createdBefore: Date): Promise<number> {
  const r = await ex
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', createdBefore.toISOString())
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
