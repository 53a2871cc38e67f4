/**
 * Versioned config: documents per kind and scope, each write a new immutable version (validated
 * against its kind, author and reason recorded, a stale base refused), rollback as a new version
 * equal to an old one, diffs, the preview of a draft on affected tenants, the staged apply (a
 * `config.apply` job through the engine) and a tenant's effective config as applied. Every change
 * is audited in its transaction.
 */
import {
  ENVIRONMENTS,
  ErrorCode,
  parseScopeKey,
  type ConfigDiff,
  type ConfigKind,
  type ConfigLevel,
  type ConfigPreview,
  type ConfigVersion,
  type Environment,
  type EffectiveConfig,
} from '../../../contract';
import {
  BUILT_IN_CONFIG_DEFAULTS,
  ConfigVersionConflict,
  diffConfig,
  nextConfigVersion,
  planConfigApply,
  previewConfigChange,
  rollbackConfigVersion,
  validateConfigDocument,
} from '../../../changes';
import type { JobsService } from '../../jobs';
import { isUniqueViolation } from '../../kernel/database/database';
import type { Db, Executor } from '../../kernel/database/schema';
import { DomainError, notFound } from '../../kernel/errors';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import { ALL_TENANTS, type TenantScope } from '../../kernel/scope';
import type { Caller } from '../../kernel/trust/idToken';
import type { TenantsService } from '../tenants';
import { effectiveOfEveryKind, scopesOf, type TenantPlacement } from './config.effective';
import {
  appliedDocuments,
  getVersion,
  insertVersion,
  latestVersions,
  listApplied,
  listVersions,
  tenantRefs,
} from './config.store';

type JsonObject = Record<string, unknown>;

export interface DocumentSummary {
  kind: ConfigKind;
  scope: string;
  latestVersion: number;
  appliedVersion: Record<Environment, number | null>;
  updatedAt: string;
  author: string;
}

const docId = (kind: ConfigKind, scope: string) => `${kind}/${scope}`;

/** A draft that fails its kind's schema: 400 naming the first failing field, every issue in details. */
function refuseInvalid(kind: ConfigKind, level: ConfigLevel, value: unknown, field: string): void {
  const r = validateConfigDocument(kind, level, value);
  if (r.valid) return;
  const first = r.errors[0];
  const path = first.path ? `${field}.${first.path}` : field;
  throw new DomainError(ErrorCode.validation, `${path}: ${first.message}`, {
    field: path,
    details: { errors: r.errors.slice(0, 20) },
  });
}

function conflictOf(err: ConfigVersionConflict): DomainError {
  return new DomainError(ErrorCode.conflict, err.message, {
    field: 'baseVersion',
    details: { latestVersion: err.latest, baseVersion: err.baseVersion },
  });
}

export class ConfigService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly tenants: TenantsService,
    private readonly jobs: () => JobsService
  ) {}

  async list(q: { kind?: ConfigKind; level?: ConfigLevel }, scope: TenantScope): Promise<{ items: DocumentSummary[] }> {
    const [latest, applied] = await Promise.all([latestVersions(this.db, q.kind), listApplied(this.db, q.kind)]);
    const visible = scope.all ? null : new Set((await tenantRefs(this.db, scope)).map((t) => `tenant:${t.tenantId}`));
    const items = latest
      .filter((v) => !q.level || parseScopeKey(v.scope).level === q.level)
      .filter((v) => !visible || !v.scope.startsWith('tenant:') || visible.has(v.scope))
      .map((v) => {
        const appliedVersion = Object.fromEntries(ENVIRONMENTS.map((e) => [e, null])) as Record<
          Environment,
          number | null
        >;
        for (const a of applied)
          if (a.kind === v.kind && a.scope === v.scope) appliedVersion[a.environment] = a.version;
        return {
          kind: v.kind,
          scope: v.scope,
          latestVersion: v.version,
          appliedVersion,
          updatedAt: v.createdAt,
          author: v.author,
        };
      });
    return { items };
  }

  async versions(kind: ConfigKind, scope: string, tenantScope: TenantScope): Promise<{ items: ConfigVersion[] }> {
    await this.checkScope(scope, tenantScope);
    return { items: await listVersions(this.db, kind, scope) };
  }

  async version(kind: ConfigKind, scope: string, version: number, tenantScope: TenantScope): Promise<ConfigVersion> {
    await this.checkScope(scope, tenantScope);
    return this.mustGet(this.db, kind, scope, version);
  }

  async diff(kind: ConfigKind, scope: string, from: number, to: number, tenantScope: TenantScope): Promise<ConfigDiff> {
    await this.checkScope(scope, tenantScope);
    const [a, b] = await Promise.all([
      this.mustGet(this.db, kind, scope, from),
      this.mustGet(this.db, kind, scope, to),
    ]);
    return { kind, scope, from, to, entries: diffConfig(a.value, b.value) };
  }

  async write(
    ctx: MutationContext,
    kind: ConfigKind,
    scope: string,
    body: { value: JsonObject; reason: string; baseVersion: number | null },
    tenantScope: TenantScope
  ): Promise<ConfigVersion> {
    await this.checkScope(scope, tenantScope);
    refuseInvalid(kind, parseScopeKey(scope).level, body.value, 'value');
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const history = await listVersions(trx, kind, scope);
      let next: ConfigVersion;
      try {
        next = nextConfigVersion(history, {
          kind,
          scope,
          value: body.value,
          author: ctx.actor.login,
          reason: body.reason,
          now,
          baseVersion: body.baseVersion,
        });
      } catch (err) {
        if (err instanceof ConfigVersionConflict) throw conflictOf(err);
        throw err;
      }
      await this.append(trx, next);
      const before = history[0]?.value ?? {};
      await audit({
        action: 'config.write',
        targetType: 'config',
        targetId: docId(kind, scope),
        reason: body.reason,
        outcome: 'success',
        details: {
          kind,
          scope,
          version: next.version,
          hash: next.hash,
          changed: diffConfig(before, next.value)
            .slice(0, 50)
            .map((e) => `${e.change} ${e.path}`),
        },
      });
      return next;
    });
  }

  async rollback(
    ctx: MutationContext,
    kind: ConfigKind,
    scope: string,
    body: { toVersion: number; reason: string },
    tenantScope: TenantScope
  ): Promise<ConfigVersion> {
    await this.checkScope(scope, tenantScope);
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const history = await listVersions(trx, kind, scope);
      const target = history.find((v) => v.version === body.toVersion);
      if (!target) throw notFound('Config version', `${docId(kind, scope)}@${body.toVersion}`);
      const latest = history[0];
      if (latest.hash === target.hash)
        throw new DomainError(
          ErrorCode.conflict,
          `The latest version ${latest.version} already equals version ${target.version}; nothing to roll back`,
          { field: 'toVersion', details: { latestVersion: latest.version } }
        );
      refuseInvalid(kind, parseScopeKey(scope).level, target.value, 'toVersion');
      const next = rollbackConfigVersion(history, body.toVersion, {
        author: ctx.actor.login,
        reason: body.reason,
        now,
      });
      await this.append(trx, next);
      await audit({
        action: 'config.rollback',
        targetType: 'config',
        targetId: docId(kind, scope),
        reason: body.reason,
        outcome: 'success',
        details: { kind, scope, version: next.version, restoredFrom: target.version, replaced: latest.version },
      });
      return next;
    });
  }

  async preview(
    body: { kind: ConfigKind; scope: string; value: JsonObject; sampleSize: number },
    tenantScope: TenantScope
  ): Promise<ConfigPreview> {
    await this.checkScope(body.scope, tenantScope);
    const latest = await latestVersions(this.db, body.kind);
    const documents = new Map(latest.map((v) => [v.scope, { version: v.version, value: v.value }]));
    // Until a default document is written, the built-in default is what every tenant starts from.
    if (!documents.has('default'))
      documents.set('default', { version: 0, value: { ...BUILT_IN_CONFIG_DEFAULTS[body.kind] } });
    return previewConfigChange({
      kind: body.kind,
      scope: body.scope,
      draft: body.value,
      documents,
      tenants: await tenantRefs(this.db, tenantScope),
      sampleSize: body.sampleSize,
    });
  }

  async apply(
    ctx: MutationContext,
    caller: Caller,
    kind: ConfigKind,
    scope: string,
    body: { version: number; environments: Environment[]; reason: string },
    tenantScope: TenantScope
  ): Promise<{ jobId: string; version: number }> {
    const tenant = await this.checkScope(scope, tenantScope);
    await this.mustGet(this.db, kind, scope, body.version);
    const plan = planConfigApply({
      scope,
      version: body.version,
      environments: body.environments,
      tenantEnvironment: tenant?.environment,
    });
    if (!plan.ok) throw new DomainError(ErrorCode.validation, plan.reason, { field: 'environments' });
    const params = { kind, scope, version: body.version, environments: body.environments };
    const request = { type: 'config.apply' as const, params, reason: body.reason, source: { kind: 'api' as const } };
    // The job, the record of what it applies and the stored Idempotency-Key response: one transaction.
    return this.jobs().createWithin(ctx, caller, request, tenantScope, async (_trx, created, { audit }) => {
      if (!created.job) throw new Error('a created job has a detail');
      await audit({
        action: 'config.apply.request',
        targetType: 'config',
        targetId: docId(kind, scope),
        reason: body.reason,
        outcome: 'success',
        details: { ...params, jobId: created.job.id, status: created.job.status },
      });
      return { jobId: created.job.id, version: body.version };
    });
  }

  async effective(tenantId: string, tenantScope: TenantScope) {
    const t = await this.tenants.get(tenantId, tenantScope);
    const placement: TenantPlacement = { tenantId: t.id, environment: t.environment, plan: t.plan };
    const applied = await appliedDocuments(this.db, t.environment, scopesOf(placement));
    const configs: EffectiveConfig[] = effectiveOfEveryKind(placement, applied);
    return { tenantId: t.id, environment: t.environment, plan: t.plan, configs };
  }

  /** A tenant scope must name a tenant the caller may see (404 otherwise); returns it. */
  private async checkScope(scope: string, tenantScope: TenantScope): Promise<TenantPlacement | null> {
    const s = parseScopeKey(scope);
    if (s.level !== 'tenant') return null;
    const t = await this.tenants.get(s.tenantId, tenantScope ?? ALL_TENANTS);
    return { tenantId: t.id, environment: t.environment, plan: t.plan };
  }

  private async mustGet(ex: Executor, kind: ConfigKind, scope: string, version: number): Promise<ConfigVersion> {
    const v = await getVersion(ex, kind, scope, version);
    if (!v) throw notFound('Config version', `${docId(kind, scope)}@${version}`);
    return v;
  }

  private async append(trx: Executor, v: ConfigVersion): Promise<void> {
    try {
      await insertVersion(trx, v);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new DomainError(
          ErrorCode.conflict,
          `Version ${v.version} of ${v.kind}/${v.scope} was just written by someone else; reload and write again`,
          {
            field: 'baseVersion',
          }
        );
      throw err;
    }
  }
}
