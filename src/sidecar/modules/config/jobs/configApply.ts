/**
 * config.apply: one config version applied environment by environment in promotion order, each
 * environment applied (the version recorded as applied there, audited in the same transaction) and
 * then verified (read back, content hash checked, and the effective config of every affected tenant
 * in that environment resolved: each key of the document comes from it or from a more specific
 * scope) before the next environment starts. Steps of environments not in the rollout do nothing.
 *
 * Replays are safe: an apply step finds its version already applied and writes nothing; a verify
 * step only reads.
 */
import {
  ENVIRONMENTS,
  parseScopeKey,
  type ConfigApplyParams,
  type ConfigLevel,
  type Environment,
  type PreflightCheck,
} from '../../../../contract';
import {
  configVersionHash,
  diffConfig,
  formatPath,
  leaves,
  planConfigApply,
  validateConfigDocument,
} from '../../../../changes';
import { check, type EngineDeps, type JobTypeDef, type StepContext, type StepDef } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import type { Db, Executor } from '../../../kernel/database/schema';
import type { Mutations } from '../../../kernel/mutations';
import { ALL_TENANTS } from '../../../kernel/scope';
import { byKindAndScope, effectiveOf } from '../config.effective';
import { appliedDocuments, appliedVersion, getVersion, setApplied, tenantRefs } from '../config.store';

export type ConfigApplyDeps = EngineDeps & { db: Db; mutations: Mutations };
type Ctx = StepContext<ConfigApplyParams, ConfigApplyDeps>;

const LEVELS: readonly ConfigLevel[] = ['default', 'environment', 'plan', 'tenant'];
const docId = (p: ConfigApplyParams) => `${p.kind}/${p.scope}`;

async function tenantEnvironment(ex: Executor, scope: string): Promise<Environment | undefined> {
  const s = parseScopeKey(scope);
  if (s.level !== 'tenant') return undefined;
  const r = await ex.selectFrom('tenants').select('environment').where('id', '=', s.tenantId).executeTakeFirst();
  return r?.environment as Environment | undefined;
}

async function mustVersion(ex: Executor, p: ConfigApplyParams) {
  const v = await getVersion(ex, p.kind, p.scope, p.version);
  if (!v)
    throw new StepError(
      'config_version_missing',
      `Version ${p.version} of ${docId(p)} does not exist`,
      'Write the version first, then apply it.'
    );
  return v;
}

function applyStep(environment: Environment): StepDef<ConfigApplyParams, ConfigApplyDeps> {
  return {
    name: `apply-${environment}`,
    title: `Apply in ${environment}`,
    async run(ctx: Ctx) {
      const p = ctx.params;
      if (!p.environments.includes(environment)) return { environment, skipped: 'not part of this rollout' };
      return ctx.deps.mutations.run(ctx.mutation, async (trx, { now, audit }) => {
        const previous = await appliedVersion(trx, p.kind, p.scope, environment);
        if (previous === p.version) return { environment, version: p.version, alreadyApplied: true };
        const v = await mustVersion(trx, p);
        await setApplied(trx, {
          kind: p.kind,
          scope: p.scope,
          environment,
          version: p.version,
          jobId: ctx.jobId,
          at: now.toISOString(),
        });
        await audit({
          action: 'config.apply',
          targetType: 'config',
          targetId: docId(p),
          reason: ctx.reason,
          outcome: 'success',
          details: {
            kind: p.kind,
            scope: p.scope,
            environment,
            version: p.version,
            previousVersion: previous,
            hash: v.hash,
          },
        });
        return { environment, version: p.version, previousVersion: previous };
      });
    },
    remediation: (err) =>
      err instanceof StepError ? err.remediation : 'The database write failed; check the sidecar logs, then retry.',
  };
}

function verifyStep(environment: Environment): StepDef<ConfigApplyParams, ConfigApplyDeps> {
  return {
    name: `verify-${environment}`,
    title: `Verify the effective config in ${environment}`,
    async run(ctx: Ctx) {
      const p = ctx.params;
      if (!p.environments.includes(environment)) return { environment, skipped: 'not part of this rollout' };
      const db = ctx.deps.db;
      const applied = await appliedVersion(db, p.kind, p.scope, environment);
      if (applied !== p.version)
        throw new StepError(
          'config_not_applied',
          `${docId(p)} reads back version ${applied ?? 'none'} in ${environment}, not ${p.version}`,
          'Another apply changed this document meanwhile; review its history and apply again.'
        );
      const v = await mustVersion(db, p);
      if (configVersionHash(v.kind, v.scope, v.schemaVersion, v.value) !== v.hash)
        throw new StepError(
          'config_hash_mismatch',
          `The stored content of ${docId(p)} version ${p.version} does not match its hash`,
          'The config store was altered outside Switchyard; restore it from a backup.'
        );
      const own = LEVELS.indexOf(parseScopeKey(p.scope).level);
      const { schemaVersion: _format, ...settings } = v.value;
      const paths = leaves(settings).map((l) => formatPath(l.segments));
      const tenants = (await tenantRefs(db, ALL_TENANTS, environment)).filter((t) => {
        const s = parseScopeKey(p.scope);
        return (
          s.level === 'default' ||
          s.level === 'environment' ||
          (s.level === 'plan' && s.plan === t.plan) ||
          (s.level === 'tenant' && s.tenantId === t.tenantId)
        );
      });
      const scopes = new Set(['default', `environment:${environment}`]);
      for (const t of tenants) scopes.add(`plan:${t.plan}`).add(`tenant:${t.tenantId}`);
      const docs = byKindAndScope(await appliedDocuments(db, environment, [...scopes]));
      for (const t of tenants) {
        const eff = new Map(effectiveOf(t, p.kind, docs).entries.map((e) => [e.path, e]));
        for (const path of paths) {
          const e = eff.get(path);
          const level = e ? LEVELS.indexOf(e.source) : -1;
          if (!e || level < own || (level === own && e.version !== p.version))
            throw new StepError(
              'config_not_effective',
              `${path} of ${docId(p)} version ${p.version} is not effective for tenant ${t.tenantId} in ${environment}`,
              'Review the tenant effective config and the documents applied in this environment, then apply again.'
            );
        }
      }
      return { environment, version: p.version, hash: v.hash, tenantsVerified: tenants.length, keys: paths.length };
    },
    remediation: (err) =>
      err instanceof StepError
        ? err.remediation
        : 'Reading the config back failed; check the sidecar logs, then retry.',
  };
}

export const configApply: JobTypeDef<ConfigApplyParams, ConfigApplyDeps> = {
  // Created only by the applyConfig endpoint (config:write). Not `ownedBy` it: where the approvals
  // policy asks for a second operator (`prod:*`), the generic job approval is how one approves it.
  type: 'config.apply',
  async target(p) {
    const s = parseScopeKey(p.scope);
    return {
      environment: p.environments[p.environments.length - 1],
      tenantId: s.level === 'tenant' ? s.tenantId : null,
      target: `${docId(p)} v${p.version}`,
      lockKey: `config:${docId(p)}`,
    };
  },
  async preflight(p, _target, deps) {
    const checks: PreflightCheck[] = [];
    const v = await getVersion(deps.db, p.kind, p.scope, p.version);
    checks.push(
      check('version-exists', !!v, v ? `Version ${p.version} exists` : `Version ${p.version} does not exist`, p.version)
    );
    if (v) {
      const r = validateConfigDocument(p.kind, parseScopeKey(p.scope).level, v.value);
      checks.push(
        check(
          'document-valid',
          r.valid,
          r.valid ? `Valid ${p.kind} document` : r.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
          r.errors.length
        )
      );
    }
    const plan = planConfigApply({
      scope: p.scope,
      version: p.version,
      environments: p.environments,
      tenantEnvironment: await tenantEnvironment(deps.db, p.scope),
    });
    checks.push(
      check('staged-order', plan.ok, plan.ok ? `Applies in ${p.environments.join(' → ')}` : plan.reason, p.environments)
    );
    const diff = [];
    if (v) {
      for (const environment of p.environments) {
        const current = await appliedVersion(deps.db, p.kind, p.scope, environment);
        const before = current === null ? {} : ((await getVersion(deps.db, p.kind, p.scope, current))?.value ?? {});
        for (const e of diffConfig(before, v.value))
          diff.push({
            resource: `${docId(p)} in ${environment}`,
            field: e.path,
            from: e.before ?? null,
            to: e.after ?? null,
          });
      }
    }
    return { checks, diff };
  },
  steps: ENVIRONMENTS.flatMap((e) => [applyStep(e), verifyStep(e)]),
};
