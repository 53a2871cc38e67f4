/**
 * Config persistence: versions are only ever inserted and read (the tables' triggers refuse update
 * and delete), and the version applied per environment is upserted by the config.apply job.
 */
import type { ConfigKind, ConfigVersion, Environment, Plan } from '../../../contract';
import type { ConfigVersionsTable, Executor } from '../../kernel/database/schema';
import { tenantRowCondition, type TenantScope } from '../../kernel/scope';

export function toVersion(r: ConfigVersionsTable): ConfigVersion {
  return {
    kind: r.kind as ConfigKind,
    scope: r.scope,
    version: Number(r.version),
    schemaVersion: Number(r.schema_version),
    value: JSON.parse(r.value) as ConfigVersion['value'],
    author: r.author,
    reason: r.reason,
    createdAt: r.created_at,
    hash: r.hash,
    restoredFrom: r.restored_from === null ? null : Number(r.restored_from),
  };
}

export async function insertVersion(ex: Executor, v: ConfigVersion): Promise<void> {
  await ex
    .insertInto('config_versions')
    .values({
      kind: v.kind,
      scope: v.scope,
      version: v.version,
      schema_version: v.schemaVersion,
      value: JSON.stringify(v.value),
      author: v.author,
      reason: v.reason,
      created_at: v.createdAt,
      hash: v.hash,
      restored_from: v.restoredFrom,
    })
    .execute();
}

/** Every version of one document, newest first. */
export async function listVersions(ex: Executor, kind: ConfigKind, scope: string): Promise<ConfigVersion[]> {
  const rows = await ex
    .selectFrom('config_versions')
    .selectAll()
    .where('kind', '=', kind)
    .where('scope', '=', scope)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toVersion);
}

export async function getVersion(
  ex: Executor,
  kind: ConfigKind,
  scope: string,
  version: number
): Promise<ConfigVersion | null> {
  const r = await ex
    .selectFrom('config_versions')
    .selectAll()
    .where('kind', '=', kind)
    .where('scope', '=', scope)
    .where('version', '=', version)
    .executeTakeFirst();
  return r ? toVersion(r) : null;
}

/** The latest version of every document (optionally of one kind), in kind and scope order. */
export async function latestVersions(ex: Executor, kind?: ConfigKind): Promise<ConfigVersion[]> {
  let q = ex
    .selectFrom('config_versions as v')
    .selectAll('v')
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('config_versions as w')
          .select((e) => e.fn.max('w.version').as('m'))
          .whereRef('w.kind', '=', 'v.kind')
          .whereRef('w.scope', '=', 'v.scope')
      )
    );
  if (kind) q = q.where('v.kind', '=', kind);
  const rows = await q.orderBy('v.kind').orderBy('v.scope').execute();
  return rows.map(toVersion);
}

export interface AppliedRow {
  kind: ConfigKind;
  scope: string;
  environment: Environment;
  version: number;
  jobId: string;
  appliedAt: string;
}

export async function listApplied(ex: Executor, kind?: ConfigKind): Promise<AppliedRow[]> {
  let q = ex.selectFrom('config_applied').selectAll();
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.execute();
  return rows.map((r) => ({
    kind: r.kind as ConfigKind,
    scope: r.scope,
    environment: r.environment as Environment,
    version: Number(r.version),
    jobId: r.job_id,
    appliedAt: r.applied_at,
  }));
}

export async function appliedVersion(
  ex: Executor,
  kind: ConfigKind,
  scope: string,
  environment: Environment
): Promise<number | null> {
  const r = await ex
    .selectFrom('config_applied')
    .select('version')
    .where('kind', '=', kind)
    .where('scope', '=', scope)
    .where('environment', '=', environment)
    .executeTakeFirst();
  return r ? Number(r.version) : null;
}

export async function setApplied(
  ex: Executor,
  row: { kind: ConfigKind; scope: string; environment: Environment; version: number; jobId: string; at: string }
): Promise<void> {
  await ex
    .insertInto('config_applied')
    .values({
      kind: row.kind,
      scope: row.scope,
      environment: row.environment,
      version: row.version,
      job_id: row.jobId,
      applied_at: row.at,
    })
    .onConflict((oc) =>
      oc.columns(['kind', 'scope', 'environment']).doUpdateSet({
        version: row.version,
        job_id: row.jobId,
        applied_at: row.at,
      })
    )
    .execute();
}

/** The versions applied in one environment to the given scopes, every kind, with their values. */
export async function appliedDocuments(
  ex: Executor,
  environment: Environment,
  scopes: readonly string[]
): Promise<ConfigVersion[]> {
  const rows = await ex
    .selectFrom('config_applied as a')
    .innerJoin('config_versions as v', (j) =>
      j.onRef('v.kind', '=', 'a.kind').onRef('v.scope', '=', 'a.scope').onRef('v.version', '=', 'a.version')
    )
    .selectAll('v')
    .where('a.environment', '=', environment)
    .where('a.scope', 'in', [...scopes])
    .execute();
  return rows.map(toVersion);
}

export interface TenantRef {
  tenantId: string;
  environment: Environment;
  plan: Plan;
}

/** Tenants (not archived) the caller may see, optionally in one environment. */
export async function tenantRefs(ex: Executor, scope: TenantScope, environment?: Environment): Promise<TenantRef[]> {
  let q = ex.selectFrom('tenants').select(['id', 'environment', 'plan']).where('status', '!=', 'archived');
  const cond = tenantRowCondition(scope);
  if (cond) q = q.where(cond);
  if (environment) q = q.where('environment', '=', environment);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ tenantId: r.id, environment: r.environment as Environment, plan: r.plan as Plan }));
}
