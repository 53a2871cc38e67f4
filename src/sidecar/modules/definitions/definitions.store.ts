/**
 * Definitions persistence: immutable bundle versions, activations per (bundle, environment) (the
 * highest `seq` is current; a job activates once, keyed by its id), tenant overrides, and the
 * promotion and revert jobs read back from the job engine's table.
 */
import type {
  BundleEnvironmentState,
  BundleRecord,
  DefinitionBundle,
  DeployedBundle,
  Environment,
  Job,
  ServiceKind,
  ValidationResult,
} from '../../../contract';
import { lastKnownGood, type TenantRuntime } from '../../../changes';
import { rowToJob } from '../../jobs/jobs.store';
import type { DefinitionActivationsTable, DefinitionBundlesTable, Executor } from '../../kernel/database/schema';

export const DEFINITION_JOB_TYPES = ['definitions.promote', 'definitions.revert'] as const;

function rowToRecord(r: DefinitionBundlesTable): BundleRecord {
  return {
    name: r.name,
    version: r.version,
    hash: r.hash,
    bundle: JSON.parse(r.bundle) as DefinitionBundle,
    validation: JSON.parse(r.validation) as ValidationResult,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
  };
}

export async function getBundleRecord(ex: Executor, name: string, version: string): Promise<BundleRecord | null> {
  const r = await ex
    .selectFrom('definition_bundles')
    .selectAll()
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirst();
  return r ? rowToRecord(r) : null;
}

/** Every stored version (bundle bodies included), newest upload first. */
export async function listBundleRecords(ex: Executor, name?: string): Promise<BundleRecord[]> {
  let q = ex.selectFrom('definition_bundles').selectAll();
  if (name) q = q.where('name', '=', name);
  const rows = await q.orderBy('uploaded_at', 'desc').orderBy('name').orderBy('version', 'desc').execute();
  return rows.map(rowToRecord);
}

export async function insertBundleRecord(ex: Executor, r: BundleRecord): Promise<void> {
  await ex
    .insertInto('definition_bundles')
    .values({
      name: r.name,
      version: r.version,
      hash: r.hash,
      bundle: JSON.stringify(r.bundle),
      validation: JSON.stringify(r.validation),
      uploaded_by: r.uploadedBy,
      uploaded_at: r.uploadedAt,
    })
    .execute();
}

const toDeployed = (r: DefinitionActivationsTable): DeployedBundle => ({
  name: r.bundle_name,
  version: r.version,
  hash: r.hash,
  promotedAt: r.promoted_at,
  promotedBy: r.promoted_by,
  healthy: Number(r.healthy) === 1,
});

/** Per (environment, bundle): current, last known good and history (newest first). */
export async function environmentStates(ex: Executor, name?: string): Promise<BundleEnvironmentState[]> {
  let q = ex.selectFrom('definition_activations').selectAll();
  if (name) q = q.where('bundle_name', '=', name);
  const rows = await q.orderBy('bundle_name').orderBy('environment').orderBy('seq', 'desc').execute();
  const states = new Map<string, BundleEnvironmentState>();
  for (const r of rows) {
    const key = `${r.environment}/${r.bundle_name}`;
    let s = states.get(key);
    if (!s) {
      s = {
        environment: r.environment as Environment,
        bundleName: r.bundle_name,
        current: toDeployed(r),
        lastKnownGood: null,
        history: [],
      };
      states.set(key, s);
    }
    s.history.push(toDeployed(r));
  }
  for (const s of states.values()) s.lastKnownGood = lastKnownGood(s.history, s.current?.version ?? null);
  return [...states.values()];
}

/** The states of one bundle keyed by environment (missing = never ran there). */
export async function statesOf(
  ex: Executor,
  name: string
): Promise<Partial<Record<Environment, BundleEnvironmentState>>> {
  return Object.fromEntries((await environmentStates(ex, name)).map((s) => [s.environment, s]));
}

export async function activationExists(ex: Executor, id: string): Promise<boolean> {
  return (
    (await ex.selectFrom('definition_activations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

/** Makes `version` current in `environment` (a new activation after the newest one). */
export async function insertActivation(
  ex: Executor,
  a: { id: string; environment: Environment; name: string; version: string; hash: string; by: string; at: string }
): Promise<void> {
  const last = await ex
    .selectFrom('definition_activations')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('bundle_name', '=', a.name)
    .where('environment', '=', a.environment)
    .executeTakeFirst();
  await ex
    .insertInto('definition_activations')
    .values({
      id: a.id,
      environment: a.environment,
      bundle_name: a.name,
      version: a.version,
      hash: a.hash,
      seq: Number(last?.seq ?? 0) + 1,
      promoted_at: a.at,
      promoted_by: a.by,
      healthy: 1,
    })
    .execute();
}

/** Marks every activation of `version` in `environment` bad (a revert away from it). */
export async function markUnhealthy(ex: Executor, name: string, environment: Environment, version: string) {
  await ex
    .updateTable('definition_activations')
    .set({ healthy: 0 })
    .where('bundle_name', '=', name)
    .where('environment', '=', environment)
    .where('version', '=', version)
    .execute();
}

/**
 * Tenants of an environment with their shards: a bundle current in an environment runs for every
 * tenant there that is not archived, on the shards the tenant is placed on.
 */
export async function tenantRuntimes(ex: Executor, environment: Environment, bundle: string): Promise<TenantRuntime[]> {
  const tenants = await ex
    .selectFrom('tenants')
    .select('id')
    .where('environment', '=', environment)
    .where('status', '!=', 'archived')
    .execute();
  const ids = tenants.map((t) => t.id);
  const placements = ids.length
    ? await ex
        .selectFrom('placement_assignments')
        .select(['tenant_id', 'kind', 'shard_id'])
        .where('tenant_id', 'in', ids)
        .execute()
    : [];
  const byTenant = new Map<string, Partial<Record<ServiceKind, string>>>();
  for (const p of placements) {
    const m = byTenant.get(p.tenant_id) ?? {};
    m[p.kind as ServiceKind] = p.shard_id;
    byTenant.set(p.tenant_id, m);
  }
  return ids.map((tenantId) => ({ tenantId, environment, bundles: [bundle], placement: byTenant.get(tenantId) ?? {} }));
}

export async function tenantEnvironment(ex: Executor, tenantId: string): Promise<Environment | null> {
  const r = await ex.selectFrom('tenants').select('environment').where('id', '=', tenantId).executeTakeFirst();
  return r ? (r.environment as Environment) : null;
}

export interface OverrideRow {
  bundleName: string;
  effectProviders: DefinitionBundle['effectProviders'];
  updatedAt: string;
  updatedBy: string;
}

export async function listOverrides(ex: Executor, tenantId: string): Promise<OverrideRow[]> {
  const rows = await ex
    .selectFrom('definition_overrides')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('bundle_name')
    .execute();
  return rows.map((r) => ({
    bundleName: r.bundle_name,
    effectProviders: JSON.parse(r.effect_providers) as OverrideRow['effectProviders'],
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

export async function upsertOverride(ex: Executor, tenantId: string, o: OverrideRow): Promise<void> {
  const values = {
    effect_providers: JSON.stringify(o.effectProviders),
    updated_at: o.updatedAt,
    updated_by: o.updatedBy,
  };
  await ex
    .insertInto('definition_overrides')
    .values({ tenant_id: tenantId, bundle_name: o.bundleName, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'bundle_name']).doUpdateSet(values))
    .execute();
}

/** Promotion and revert jobs, awaiting approval first, then newest first. */
export async function definitionJobs(ex: Executor, opts: { name?: string; limit: number }): Promise<Job[]> {
  let q = ex
    .selectFrom('jobs')
    .selectAll()
    .where('type', 'in', [...DEFINITION_JOB_TYPES]);
  if (opts.name) q = q.where('target', 'like', `definitions/${opts.name}/%`);
  const rows = await q
    .orderBy((eb) => eb.case().when('status', '=', 'awaiting_approval').then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .execute();
  return rows.map(rowToJob);
}
