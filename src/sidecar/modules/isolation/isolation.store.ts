/**
 * Isolation persistence: verdict CHANGES per tenant (history; a probe that confirms the current
 * verdict writes nothing) and the roster of Switchyard tenants to probe (ids and the facts the
 * checks need; never anything from the tenants' own data).
 */
import type { Environment, IsolationCheckId, IsolationVerdict, VerdictChange } from '../../../contract';
import type { Executor } from '../../kernel/database/schema';

export interface RosterEntry {
  id: string;
  environment: Environment;
  organizationId: string;
  applicationId: string;
}

const ROSTER_COLUMNS = ['id', 'environment', 'organization_id', 'application_id'] as const;

type RosterRow = { id: string; environment: string; organization_id: string; application_id: string };
const toRoster = (r: RosterRow): RosterEntry => ({
  id: r.id,
  environment: r.environment as Environment,
  organizationId: r.organization_id,
  applicationId: r.application_id,
});

/** Every tenant that is not archived, in id order. */
export async function listRoster(ex: Executor): Promise<RosterEntry[]> {
  const rows = await ex
    .selectFrom('tenants')
    .select(ROSTER_COLUMNS)
    .where('status', '!=', 'archived')
    .orderBy('id')
    .execute();
  return rows.map(toRoster);
}

export async function getRosterEntry(ex: Executor, id: string): Promise<RosterEntry | undefined> {
  const row = await ex
    .selectFrom('tenants')
    .select(ROSTER_COLUMNS)
    .where('id', '=', id)
    .where('status', '!=', 'archived')
    .executeTakeFirst();
  return row ? toRoster(row) : undefined;
}

export async function latestVerdict(ex: Executor, tenantId: string): Promise<IsolationVerdict | undefined> {
  const row = await ex
    .selectFrom('isolation_verdict_changes')
    .select('verdict')
    .where('tenant_id', '=', tenantId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.verdict as IsolationVerdict | undefined;
}

/**
 * Records `verdict` if it differs from the last recorded one; returns the change, or null when
 * the verdict is unchanged. Run it inside the caller's transaction.
 */
export async function recordVerdict(
  ex: Executor,
  tenantId: string,
  verdict: IsolationVerdict,
  failing: IsolationCheckId[],
  at: Date
): Promise<VerdictChange | null> {
  const previous = (await latestVerdict(ex, tenantId)) ?? null;
  if (previous === verdict) return null;
  const last = await ex
    .selectFrom('isolation_verdict_changes')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const change: VerdictChange = { verdict, previousVerdict: previous, changedAt: at.toISOString(), failing };
  await ex
    .insertInto('isolation_verdict_changes')
    .values({
      tenant_id: tenantId,
      seq: Number(last?.seq ?? 0) + 1,
      verdict,
      previous_verdict: previous,
      changed_at: change.changedAt,
      failing: JSON.stringify(failing),
    })
    .execute();
  return change;
}

/** Newest first. */
export async function listVerdictChanges(ex: Executor, tenantId: string, limit: number): Promise<VerdictChange[]> {
  const rows = await ex
    .selectFrom('isolation_verdict_changes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    verdict: r.verdict as IsolationVerdict,
    previousVerdict: (r.previous_verdict as IsolationVerdict | null) ?? null,
    changedAt: r.changed_at,
    failing: JSON.parse(r.failing) as IsolationCheckId[],
  }));
}
