/**
 * Definitions rules at the API: bundles are parsed (JSON or YAML), validated (schema, references,
 * unique names, version above every stored version of the bundle) and stored immutably by content
 * hash; promotions and reverts are jobs of the engine (a promotion into prod waits for a second
 * person, through the engine's approval bound to the plan hash); tenant overrides only where the
 * bundle running in the tenant's environment allows them. Every change is audited in its transaction.
 */
import { LineCounter, parseDocument } from 'yaml';
import {
  ErrorCode,
  MAX_INPUT_DEPTH,
  findTextViolation,
  type BundleEnvironmentState,
  type BundleRecord,
  type DefinitionBundle,
  type Environment,
  type ImpactAnalysis,
  type Job,
  type Promotion,
  type ValidationIssue,
  type ValidationResult,
} from '../../../contract';
import {
  analyzeImpact,
  checkApproval,
  checkTenantOverride,
  compareVersions,
  contentHash,
  previousEnvironment,
  revertTarget,
  validateBundle,
} from '../../../changes';
import type { JobRequest, JobsService } from '../../jobs';
import { DomainError, forbidden, notFound } from '../../kernel/errors';
import type { Db } from '../../kernel/database/schema';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import { ALL_TENANTS, tenantIdsInScope, tenantVisible, type TenantScope } from '../../kernel/scope';
import type { Caller } from '../../kernel/trust/idToken';
import {
  definitionJobs,
  environmentStates,
  getBundleRecord,
  insertBundleRecord,
  listBundleRecords,
  listOverrides,
  statesOf,
  tenantEnvironment,
  tenantRuntimes,
  upsertOverride,
} from './definitions.store';

type RawBundle = Record<string, unknown> | string;

/** As deep as a bundle may nest when it is sent as JSON inside the request body. */
const MAX_BUNDLE_DEPTH = MAX_INPUT_DEPTH - 1;
/** How often YAML aliases may repeat anchored content (yaml's own default, stated): more is an expansion bomb. */
const MAX_ALIAS_COUNT = 100;
const TOO_DEEP = `The bundle is nested too deeply (at most ${MAX_BUNDLE_DEPTH} levels)`;

const problem = (message: string) => ({ value: null, errors: [{ path: '', message }] });

/** Why yaml could not turn a well-formed document into a value, or null when the error is not one of its refusals. */
function toJsProblem(err: unknown): string | null {
  if (err instanceof RangeError) return TOO_DEEP;
  if (err instanceof ReferenceError && /alias count/i.test(err.message))
    return `The bundle uses too many YAML aliases (anchored content may be repeated at most ${MAX_ALIAS_COUNT} times)`;
  if (err instanceof ReferenceError && /alias/i.test(err.message))
    return 'The bundle uses a YAML alias whose anchor is not defined before it';
  return null;
}

/**
 * A bundle as text (YAML, or JSON which YAML reads too) or as an object; parse errors carry their line.
 * Text is held to the API's text rule after YAML has decoded it (escapes such as `\u202e` or `\0` only
 * become characters here), with the same depth limit as a JSON body; alias bombs and nesting that
 * exhausts the parser are refused with a problem instead of an internal error.
 */
export function parseBundle(raw: RawBundle): { value: unknown; errors: ValidationIssue[] } {
  if (typeof raw !== 'string') return { value: raw, errors: [] };
  const lines = new LineCounter();
  const doc = parseDocument(raw, { prettyErrors: false, lineCounter: lines });
  if (doc.errors.length) {
    // yaml reports a stack overflow while composing deep nesting as RESOURCE_EXHAUSTION.
    if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) return problem(TOO_DEEP);
    return {
      value: null,
      errors: doc.errors.map((e) => ({
        path: '',
        message: `Line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const why = toJsProblem(err);
    if (why === null) throw err;
    return problem(why);
  }
  const violation = findTextViolation(value, 'bundle', MAX_BUNDLE_DEPTH);
  if (violation) {
    const path = violation.path === 'bundle' ? '' : violation.path.slice('bundle.'.length);
    const message = violation.message.startsWith(`${violation.path} `)
      ? violation.message.slice(violation.path.length + 1)
      : violation.message;
    return { value: null, errors: [{ path, message }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return problem('A bundle is a mapping with manifest, aggregates, …');
  return { value, errors: [] };
}

const nameOf = (value: unknown): string | null => {
  const m = (value as { manifest?: { name?: unknown } } | null)?.manifest?.name;
  return typeof m === 'string' ? m : null;
};
const versionOf = (value: unknown): string | null => {
  const v = (value as { manifest?: { version?: unknown } } | null)?.manifest?.version;
  return typeof v === 'string' ? v : null;
};

function invalid(errors: ValidationIssue[]): DomainError {
  const first = errors[0];
  return new DomainError(
    ErrorCode.validation,
    `The bundle is invalid: ${first.path ? `${first.path}: ` : ''}${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
    { field: first.path ? `bundle.${first.path}` : 'bundle', details: { errors } }
  );
}

/** A promotion or revert as the definitions endpoints show it: read from its job. */
export function toPromotion(job: Job): Promotion {
  const p = job.params as { name: string; version: string; to?: Environment; environment?: Environment };
  const revert = job.type === 'definitions.revert';
  const to = (revert ? p.environment : p.to) as Environment;
  const neverApproved = job.approval.required && job.approval.status !== 'approved';
  const status: Promotion['status'] =
    job.status === 'awaiting_approval'
      ? 'awaiting_approval'
      : job.status === 'queued' || job.status === 'running'
        ? 'running'
        : job.status === 'succeeded'
          ? 'succeeded'
          : job.status === 'cancelled' && neverApproved
            ? 'rejected'
            : 'failed';
  return {
    id: job.id,
    kind: revert ? 'revert' : 'promotion',
    name: p.name,
    version: p.version,
    from: revert ? null : previousEnvironment(to),
    to,
    status,
    approvalRequired: job.approval.required,
    requestedBy: job.requestedBy.login,
    approvedBy: job.approval.approvedBy,
    jobId: job.id,
    reason: job.reason,
    createdAt: job.createdAt,
  };
}

export class DefinitionsService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    /** The job engine's service (created after the modules; resolved on first use). */
    private readonly jobs: () => JobsService
  ) {}

  async listBundles(): Promise<{ items: Array<Omit<BundleRecord, 'bundle'>> }> {
    const records = await listBundleRecords(this.db);
    return { items: records.map(({ bundle: _bundle, ...summary }) => summary) };
  }

  async getBundle(name: string, version: string): Promise<BundleRecord> {
    const r = await getBundleRecord(this.db, name, version);
    if (!r) throw notFound('Bundle', `${name}@${version}`);
    return r;
  }

  /** The version a new one must exceed: the one running in `environment`, else the highest stored. */
  private async previousVersion(name: string | null, environment?: Environment): Promise<{ version: string } | null> {
    if (!name) return null;
    if (environment) {
      const current = (await statesOf(this.db, name))[environment]?.current;
      return current ? { version: current.version } : null;
    }
    const versions = (await listBundleRecords(this.db, name)).map((r) => r.version);
    versions.sort(compareVersions);
    return versions.length ? { version: versions[versions.length - 1] } : null;
  }

  async validate(raw: RawBundle, environment?: Environment): Promise<ValidationResult> {
    const parsed = parseBundle(raw);
    if (parsed.errors.length) return { valid: false, errors: parsed.errors };
    const v = validateBundle(parsed.value, await this.previousVersion(nameOf(parsed.value), environment));
    return { valid: v.valid, errors: v.errors };
  }

  /** Stores a valid bundle version once; the same content again answers the stored record. */
  async upload(ctx: MutationContext, raw: RawBundle, reason: string): Promise<BundleRecord> {
    const parsed = parseBundle(raw);
    if (parsed.errors.length) throw invalid(parsed.errors);
    const name = nameOf(parsed.value);
    const version = versionOf(parsed.value);
    const stored = name && version ? await getBundleRecord(this.db, name, version) : null;
    if (stored) {
      const check = validateBundle(parsed.value);
      if (check.bundle && contentHash(check.bundle) === stored.hash) return stored;
      throw new DomainError(
        ErrorCode.conflict,
        `${name} ${version} is already stored with other content; a stored bundle never changes — raise the version`,
        { field: 'bundle.manifest.version', details: { hash: stored.hash } }
      );
    }
    const v = validateBundle(parsed.value, await this.previousVersion(name));
    if (!v.valid || !v.bundle) throw invalid(v.errors);
    const bundle = v.bundle;
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const record: BundleRecord = {
        name: bundle.manifest.name,
        version: bundle.manifest.version,
        hash: contentHash(bundle),
        bundle,
        validation: { valid: true, errors: [] },
        uploadedBy: ctx.actor.login,
        uploadedAt: now.toISOString(),
      };
      if (await getBundleRecord(trx, record.name, record.version))
        throw new DomainError(ErrorCode.conflict, `${record.name} ${record.version} was stored meanwhile; reload`);
      await insertBundleRecord(trx, record);
      await audit({
        action: 'definitions.upload',
        targetType: 'definition_bundle',
        targetId: `${record.name}@${record.version}`,
        reason,
        outcome: 'success',
        details: { hash: record.hash, counts: countsOf(bundle) },
      });
      return record;
    });
  }

  async impact(name: string, version: string, environment: Environment, scope: TenantScope): Promise<ImpactAnalysis> {
    const record = await this.getBundle(name, version);
    const current = (await statesOf(this.db, name))[environment]?.current;
    const previous = current ? await getBundleRecord(this.db, name, current.version) : null;
    let tenants = await tenantRuntimes(this.db, environment, name);
    if (!scope.all) {
      const visible = await tenantIdsInScope(this.db, scope);
      tenants = tenants.filter((t) => visible.has(t.tenantId));
    }
    return analyzeImpact({ bundle: record.bundle, previous: previous?.bundle ?? null, environment, tenants });
  }

  async environments(): Promise<{ items: BundleEnvironmentState[] }> {
    return { items: await environmentStates(this.db) };
  }

  async listPromotions(query: { name?: string; limit: number }): Promise<{ items: Promotion[] }> {
    return { items: (await definitionJobs(this.db, query)).map(toPromotion) };
  }

  async getPromotion(id: string): Promise<Promotion> {
    return toPromotion(await this.promotionJob(id));
  }

  private async promotionJob(id: string): Promise<Job> {
    let job: Job;
    try {
      job = await this.jobs().get(id);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.notFound) throw notFound('Promotion', id);
      throw err;
    }
    if (job.type !== 'definitions.promote' && job.type !== 'definitions.revert') throw notFound('Promotion', id);
    return job;
  }

  /** Starts the promotion job (refused with the failing checks when the order or versions do not allow it). */
  async requestPromotion(
    ctx: MutationContext,
    caller: Caller,
    body: { name: string; version: string; to: Environment; reason: string }
  ): Promise<Promotion> {
    await this.getBundle(body.name, body.version);
    return this.startJob(ctx, caller, {
      type: 'definitions.promote',
      params: { name: body.name, version: body.version, to: body.to },
      reason: body.reason,
      source: { kind: 'api' },
    });
  }

  /** The second person's approval of a promotion into prod, through the engine's approval. */
  async approvePromotion(ctx: MutationContext, id: string, reason?: string): Promise<Promotion> {
    const job = await this.promotionJob(id);
    const promotion = toPromotion(job);
    if (job.type !== 'definitions.promote' || !job.approval.required)
      throw new DomainError(ErrorCode.conflict, `Promotions to ${promotion.to} need no approval`);
    const decision = checkApproval({ requestedBy: job.requestedBy.login, approver: ctx.actor.login, to: promotion.to });
    if (!decision.ok && job.requestedBy.login === ctx.actor.login) throw forbidden(decision.reason);
    return this.jobs().approveWithin(
      ctx,
      id,
      { planHash: job.approval.planHash, reason },
      ALL_TENANTS,
      async (_trx, approved) => toPromotion(approved),
      'approvePromotion'
    );
  }

  /** Reverts an environment to its last known good version (a job; the reverted version is marked unhealthy). */
  async revert(
    ctx: MutationContext,
    caller: Caller,
    body: { name: string; environment: Environment; reason: string }
  ): Promise<Promotion> {
    const state = (await statesOf(this.db, body.name))[body.environment];
    const { target, reason } = revertTarget(state);
    if (!target) throw new DomainError(ErrorCode.conflict, `${body.name} in ${body.environment}: ${reason}`);
    return this.startJob(ctx, caller, {
      type: 'definitions.revert',
      params: { name: body.name, environment: body.environment, version: target.version },
      reason: body.reason,
      source: { kind: 'api' },
    });
  }

  private startJob(ctx: MutationContext, caller: Caller, request: JobRequest): Promise<Promotion> {
    return this.jobs().createWithin(ctx, caller, request, ALL_TENANTS, async (_trx, created) => {
      if (!created.job) throw new Error('a created job has a detail');
      return toPromotion(created.job);
    });
  }

  async overrides(tenantId: string, scope: TenantScope) {
    if (!(await tenantVisible(this.db, tenantId, scope))) throw notFound('Tenant', tenantId);
    return { tenantId, items: await listOverrides(this.db, tenantId) };
  }

  /** Sets a tenant's effect provider overrides of a bundle, only where the bundle running for it allows. */
  async setOverride(
    ctx: MutationContext,
    tenantId: string,
    body: { bundleName: string; effectProviders: DefinitionBundle['effectProviders']; reason: string },
    scope: TenantScope
  ) {
    if (!(await tenantVisible(this.db, tenantId, scope))) throw notFound('Tenant', tenantId);
    const environment = (await tenantEnvironment(this.db, tenantId)) as Environment;
    const current = (await statesOf(this.db, body.bundleName))[environment]?.current;
    if (!current)
      throw new DomainError(
        ErrorCode.conflict,
        `${body.bundleName} does not run in ${environment}, the environment of ${tenantId}`,
        { field: 'bundleName' }
      );
    const record = await this.getBundle(body.bundleName, current.version);
    const result = checkTenantOverride(record.bundle, body.effectProviders);
    if (!record.bundle.tenantOverridesAllowed)
      throw new DomainError(ErrorCode.forbidden, `${result.errors[0].message} in ${environment} (${current.version})`, {
        field: 'bundleName',
        details: { policy: 'tenantOverridesAllowed', version: current.version },
      });
    if (!result.valid) throw invalidOverride(result.errors);
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      await upsertOverride(trx, tenantId, {
        bundleName: body.bundleName,
        effectProviders: body.effectProviders,
        updatedAt: now.toISOString(),
        updatedBy: ctx.actor.login,
      });
      await audit({
        action: 'definitions.override',
        targetType: 'tenant',
        targetId: tenantId,
        reason: body.reason,
        outcome: 'success',
        details: { bundleName: body.bundleName, version: current.version, effectProviders: body.effectProviders },
      });
      return { tenantId, items: await listOverrides(trx, tenantId) };
    });
  }
}

function invalidOverride(errors: ValidationIssue[]): DomainError {
  return new DomainError(ErrorCode.validation, errors[0].message, {
    field: errors[0].path,
    details: { errors },
  });
}

function countsOf(b: DefinitionBundle) {
  return {
    aggregates: b.aggregates.length,
    projections: b.projections.length,
    sagas: b.sagas.length,
    effectProviders: b.effectProviders.length,
  };
}
