/** Entitlement rules persistence, and the scoped tenant counts behind the preview and `me`. */
import { sql } from 'kysely';
import { EntitlementScopeSchema, type EntitlementRule } from '../../../contract';
import type { EntitlementRulesTable, Executor } from '../../kernel/database/schema';
import { tenantRowCondition, type TenantScope } from '../../kernel/scope';

export function rowToRule(r: EntitlementRulesTable): EntitlementRule {
  return {
    id: r.id,
    subject:
      r.subject_type === 'team'
        ? { type: 'team', team: r.subject }
        : { type: 'role', role: r.subject as 'Viewer' | 'Editor' | 'Admin' },
    scope: EntitlementScopeSchema.parse(JSON.parse(r.scope)),
    description: r.description,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export function ruleToRow(rule: EntitlementRule): EntitlementRulesTable {
  return {
    id: rule.id,
    subject_type: rule.subject.type,
    subject: rule.subject.type === 'team' ? rule.subject.team : rule.subject.role,
    scope_type: rule.scope.type,
    scope: JSON.stringify(rule.scope),
    description: rule.description,
    version: rule.version,
    created_at: rule.createdAt,
    updated_at: rule.updatedAt,
    updated_by: rule.updatedBy,
  };
}

export async function listRules(ex: Executor): Promise<EntitlementRule[]> {
  const rows = await ex
    .selectFrom('entitlement_rules')
    .selectAll()
    .orderBy('subject_type')
    .orderBy('subject')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToRule);
}

/** The rules that can apply to a caller: their org roles and their teams. */
export async function rulesFor(ex: Executor, roles: readonly string[], teams: readonly string[]) {
  const rows = await ex
    .selectFrom('entitlement_rules')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(roles.length ? [eb.and([eb('subject_type', '=', 'role'), eb('subject', 'in', [...roles])])] : []),
        ...(teams.length ? [eb.and([eb('subject_type', '=', 'team'), eb('subject', 'in', [...teams])])] : []),
      ])
    )
    .execute();
  return rows.map(rowToRule);
}

/** Whether any rule names a team (only then does a request need Grafana's team membership). */
export async function hasTeamRules(ex: Executor): Promise<boolean> {
  const row = await ex
    .selectFrom('entitlement_rules')
    .select('id')
    .where('subject_type', '=', 'team')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function getRule(ex: Executor, id: string): Promise<EntitlementRule | undefined> {
  const row = await ex.selectFrom('entitlement_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToRule(row) : undefined;
}

export async function insertRule(ex: Executor, rule: EntitlementRule): Promise<void> {
  await ex.insertInto('entitlement_rules').values(ruleToRow(rule)).execute();
}

export async function replaceRule(ex: Executor, rule: EntitlementRule, expectedVersion: number): Promise<boolean> {
  const { id, created_at: _c, ...row } = ruleToRow(rule);
  const res = await ex
    .updateTable('entitlement_rules')
    .set(row)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteRule(ex: Executor, id: string, expectedVersion: number): Promise<boolean> {
  const res = await ex
    .deleteFrom('entitlement_rules')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** How many tenants a scope covers, and the first few ids. */
export async function countScope(ex: Executor, scope: TenantScope, sampleSize: number) {
  const cond = tenantRowCondition(scope);
  let count = ex.selectFrom('tenants').select((eb) => eb.fn.countAll().as('n'));
  let sample = ex.selectFrom('tenants').select('id').orderBy('id').limit(sampleSize);
  if (cond) {
    count = count.where(cond);
    sample = sample.where(cond);
  }
  const [{ n }, rows] = await Promise.all([count.executeTakeFirstOrThrow(), sample.execute()]);
  return { tenants: Number(n), sample: rows.map((r) => r.id) };
}

/** The environments the scope has at least one tenant in. */
export async function environmentsInScope(ex: Executor, scope: TenantScope): Promise<string[]> {
  const cond = tenantRowCondition(scope);
  let q = ex
    .selectFrom('tenants')
    .select(sql<string>`environment`.as('environment'))
    .distinct();
  if (cond) q = q.where(cond);
  const rows = await q.execute();
  return rows.map((r) => r.environment).sort();
}
