/**
 * A caller's tenant scope and the SQL conditions that apply it IN the store query (never by
 * filtering results afterwards), so lists, counts, pages and exports can only ever contain what the
 * caller may see. Modules get a request's scope from the registrar (`HandlerContext.scope()`) and
 * pass it down to their store; the entitlements module decides what the scope is.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from './database/schema';
import { forbidden } from './errors';

export interface LimitedScope {
  all: false;
  /** Every tenant in these environments. */
  environments: readonly string[];
  /** Every tenant carrying all labels of one of these selectors. */
  labelSelectors: ReadonlyArray<Readonly<Record<string, string>>>;
  /** These tenants. */
  tenantIds: readonly string[];
}

export type TenantScope = { all: true } | LimitedScope;

export const ALL_TENANTS: TenantScope = { all: true };

export const NO_TENANTS: LimitedScope = { all: false, environments: [], labelSelectors: [], tenantIds: [] };

const FALSE = sql<SqlBool>`1 = 0`;

function or(parts: Expression<SqlBool>[]): Expression<SqlBool> {
  if (parts.length === 0) return FALSE;
  if (parts.length === 1) return parts[0];
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/**
 * How a label selector is tested: `set` reads the selector's tenants once from the (key, value,
 * tenant_id) index (`id in (…)`; best for counts and lookups, which read every match anyway);
 * `probe` tests each row it meets (its value of the key, read by the (tenant_id, key) key; best for a page in
 * index order, which stops after a page's worth of matches — at 100k tenants a 10-team scope's
 * page is 20× cheaper this way).
 */
export type SelectorStrategy = 'set' | 'probe';

/**
 * The condition on a `tenants` row (`table` is its name or alias in the query), or null when the
 * scope is unrestricted.
 */
export function tenantRowCondition(
  scope: TenantScope,
  table = 'tenants',
  strategy: SelectorStrategy = 'set'
): Expression<SqlBool> | null {
  if (scope.all) return null;
  const id = sql.ref(`${table}.id`);
  const parts: Expression<SqlBool>[] = [];
  if (scope.environments.length > 0) {
    parts.push(sql<SqlBool>`${sql.ref(`${table}.environment`)} in (${sql.join([...scope.environments])})`);
  }
  if (scope.tenantIds.length > 0) {
    parts.push(sql<SqlBool>`${id} in (${sql.join([...scope.tenantIds])})`);
  }
  const label = (key: string, values: readonly string[]) => {
    const value = values.length === 1 ? sql`= ${values[0]}` : sql`in (${sql.join([...values])})`;
    return strategy === 'probe'
      ? // The row's value of the key, read by the (tenant_id, key) primary key: one lookup per row
        // however many values are granted (NULL, so false, when the tenant has no such label).
        sql<SqlBool>`(select sl.value from tenant_labels sl where sl.tenant_id = ${id} and sl.key = ${key}) ${value}`
      : sql<SqlBool>`${id} in (select tenant_id from tenant_labels where key = ${key} and value ${value})`;
  };
  // Selectors of one label (`team=a`, `team=b`, …) are one test of that label against the set of
  // values: a tenant has one value per key, so this is their OR, with one lookup per row instead of one per selector.
  const oneLabel = new Map<string, string[]>();
  for (const selector of scope.labelSelectors) {
    const entries = Object.entries(selector);
    if (entries.length === 1) {
      const [key, value] = entries[0];
      oneLabel.set(key, [...(oneLabel.get(key) ?? []), value]);
    } else if (entries.length > 1) {
      parts.push(
        sql<SqlBool>`(${sql.join(
          entries.map(([key, value]) => label(key, [value])),
          sql` and `
        )})`
      );
    }
  }
  for (const [key, values] of oneLabel) parts.push(label(key, values));
  return or(parts);
}

/**
 * The condition that a tenant-id column (`jobs.tenant_id`, `alerts.tenant_id`, …) names a tenant in
 * scope, or null when unrestricted. Rows without a tenant are outside a limited scope unless
 * `environmentColumn` is given and their environment is granted whole.
 */
export function tenantIdCondition(
  scope: TenantScope,
  column: string,
  environmentColumn?: string
): Expression<SqlBool> | null {
  if (scope.all) return null;
  const inner = tenantRowCondition(scope, 't') ?? FALSE;
  const parts: Expression<SqlBool>[] = [
    sql<SqlBool>`${sql.ref(column)} in (select t.id from tenants t where ${inner})`,
  ];
  if (environmentColumn && scope.environments.length > 0) {
    parts.push(
      sql<SqlBool>`(${sql.ref(column)} is null and ${sql.ref(environmentColumn)} in (${sql.join([...scope.environments])}))`
    );
  }
  return or(parts);
}

/** The same rule in memory, for a tenant that is not stored yet (create) or already loaded. */
export function scopeAllows(
  scope: TenantScope,
  tenant: { id: string; environment: string; labels: Record<string, string> }
): boolean {
  if (scope.all) return true;
  return (
    scope.environments.includes(tenant.environment) ||
    scope.tenantIds.includes(tenant.id) ||
    scope.labelSelectors.some(
      (sel) => Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => tenant.labels[k] === v)
    )
  );
}

/**
 * Fleet-wide plans (inventory preview, rebalance preview) weigh every tenant together; a partial view
 * would be a different, wrong plan, so they need an unrestricted scope. The refusal names no tenant.
 */
export function refuseLimitedScope(scope: TenantScope, what: string): void {
  if (!scope.all)
    throw forbidden(
      `${what} covers every tenant of the platform; it needs an unrestricted tenant scope (ask an administrator to run it)`
    );
}

/** Whether tenant `id` exists and is in `scope` (one indexed lookup; every tenant is visible when unrestricted). */
export async function tenantVisible(ex: Executor, id: string, scope: TenantScope): Promise<boolean> {
  let q = ex.selectFrom('tenants').select('id').where('id', '=', id);
  const cond = tenantRowCondition(scope);
  if (cond) q = q.where(cond);
  return (await q.executeTakeFirst()) !== undefined;
}

/** The ids of the tenants in a limited scope (for reads served from memory, e.g. the isolation posture cache). */
export async function tenantIdsInScope(ex: Executor, scope: LimitedScope): Promise<Set<string>> {
  const rows = await ex
    .selectFrom('tenants')
    .select('id')
    .where(tenantRowCondition(scope) ?? FALSE)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Whether `scope` reaches environment `env`: the environment is granted whole, or at least one tenant
 * there is in scope (the same rule as the environments `/me/entitlements` offers). Environment-level
 * views (platform health) answer 404 outside it.
 */
export async function environmentVisible(ex: Executor, env: string, scope: TenantScope): Promise<boolean> {
  if (scope.all || scope.environments.includes(env)) return true;
  const row = await ex
    .selectFrom('tenants')
    .select('id')
    .where('environment', '=', env)
    .where(tenantRowCondition(scope) ?? FALSE)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
