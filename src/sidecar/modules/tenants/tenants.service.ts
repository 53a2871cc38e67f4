/**
 * Tenant rules: lifecycle state machine, optimistic concurrency, keyset listing, audited mutations,
 * and change plans. What a change does and when it is refused lives in `tenantChanges.ts`; the plan
 * endpoint and the mutations both apply it.
 */
import { z } from 'zod';
import {
  ErrorCode,
  allowedNextStatuses,
  isLegalTransition,
  type BulkStatusResult,
  type CreateTenant,
  type JobStatus,
  type ListTenantsQuery,
  type Tenant,
  type TenantPage,
  type TenantPlan,
  type TenantPlanRequest,
  type TenantPlanTarget,
  type TenantStatus,
  type UpdateTenant,
} from '../../../contract';
import { DomainError, notFound } from '../../kernel/errors';
import { ALL_TENANTS, scopeAllows, tenantVisible, type TenantScope } from '../../kernel/scope';
import { assemblePage, decodeCursor, encodeCursor, queryFingerprint, type Direction } from '../../kernel/cursor';
import type { Db, Executor } from '../../kernel/database/schema';
import {
  activeJobsOf,
  getTenant,
  getTenants,
  insertTenant,
  listTenantDocuments,
  listTenants,
  sortValue,
  updateTenant,
  type SortField,
  type TenantDocumentRow,
  type TenantListParams,
} from './tenants.store';
import { SerializedJson } from '../../kernel/serializedJson';
import { jsonString } from '../../kernel/canonicalJson';
import type { Mutations, MutationContext, MutationTools } from '../../kernel/mutations';
import type { Clock } from '../../kernel/clock';
import {
  applyEdit,
  flagsAfterStatus,
  idUnavailable,
  planCreate,
  planEdit,
  planStatus,
  summarizePlan,
  type TenantSurroundings,
} from './tenantChanges';

/** Where tenants are placed; provided by the placement module once it exists (plans show it). */
export type PlacementLookup = (ids: string[]) => Promise<Array<{ tenantId: string; kind: string; shardId: string }>>;

const TenantCursorSchema = z.object({ f: z.string(), k: z.string(), i: z.string(), d: z.enum(['n', 'p']) });

const TARGET = 'tenant';

export class TenantsService {
  private placements: PlacementLookup = async () => [];

  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly clock: Clock
  ) {}

  /** Lets plans show where each tenant is placed (the placement module registers its store). */
  usePlacements(lookup: PlacementLookup): void {
    this.placements = lookup;
  }

  /** What a change would do, without doing it: the same rules the mutations apply. */
  /** Plans see only the tenants in `scope`: one outside it is planned as a missing tenant. */
  async plan(scope: TenantScope, req: TenantPlanRequest): Promise<TenantPlan> {
    switch (req.kind) {
      case 'create':
        return summarizePlan('create', this.clock.now(), [
          // Taken in any scope: the create would be refused, so the plan says so (idUnavailable).
          planCreate(req.tenant, await tenantVisible(this.db, req.tenant.id, ALL_TENANTS)),
        ]);
      case 'edit': {
        const current = (await getTenant(this.db, req.id, scope)) ?? null;
        const around = (await this.surroundings([req.id])).get(req.id) ?? EMPTY;
        return summarizePlan('edit', this.clock.now(), [planEdit(req.id, current, req.version, req.patch, around)]);
      }
      case 'status':
      case 'archive': {
        const to = req.kind === 'archive' ? 'archived' : req.to;
        const current = (await getTenant(this.db, req.id, scope)) ?? null;
        const around = (await this.surroundings([req.id])).get(req.id) ?? EMPTY;
        return summarizePlan(req.kind, this.clock.now(), [planStatus(req.id, current, to, around)], to);
      }
      case 'bulkStatus': {
        const ids = [...new Set(req.ids)];
        const byId = new Map((await getTenants(this.db, ids, scope)).map((t) => [t.id, t]));
        const around = await this.surroundings(ids);
        const targets = ids.map((id) => planStatus(id, byId.get(id) ?? null, req.to, around.get(id) ?? EMPTY));
        return summarizePlan('bulkStatus', this.clock.now(), targets, req.to);
      }
    }
  }

  private async surroundings(ids: string[]): Promise<Map<string, TenantSurroundings>> {
    const out = new Map<string, TenantSurroundings>(ids.map((id) => [id, { placements: [], activeJobs: [] }]));
    const [placements, jobs] = await Promise.all([this.placements(ids), activeJobsOf(this.db, ids)]);
    for (const p of placements) out.get(p.tenantId)?.placements.push({ kind: p.kind, shardId: p.shardId });
    for (const j of jobs)
      out.get(j.tenantId)?.activeJobs.push({ id: j.id, type: j.type, status: j.status as JobStatus });
    return out;
  }

  async list(scope: TenantScope, query: ListTenantsQuery): Promise<TenantPage> {
    const { params, mode, cursorAt } = this.listParams(scope, query);
    const rows = await listTenants(this.db, params);
    return assemblePage(rows, query.limit, mode, (t: Tenant, d) => cursorAt(sortValue(t, params.sort), t.id, d));
  }

  /**
   * The same page as `list`, written as JSON from the tenants' stored documents: no row is parsed
   * and no tenant serialized again (the list route sends this).
   */
  async listJson(scope: TenantScope, query: ListTenantsQuery): Promise<SerializedJson<TenantPage>> {
    const { params, mode, cursorAt } = this.listParams(scope, query);
    const rows = await listTenantDocuments(this.db, params);
    const page = assemblePage(rows, query.limit, mode, (r: TenantDocumentRow, d) => cursorAt(r.sortValue, r.id, d));
    const cursorJson = (c: string | null) => (c === null ? 'null' : jsonString(c));
    return SerializedJson.withArray(
      'items',
      page.items.map((r) => r.document),
      `"nextCursor":${cursorJson(page.nextCursor)},"prevCursor":${cursorJson(page.prevCursor)}`
    );
  }

  /** The store query of a list request, how its page was reached, and how its cursors are made. */
  private listParams(scope: TenantScope, query: ListTenantsQuery) {
    const descending = query.sort.startsWith('-');
    const sort = query.sort.replace(/^-/, '') as SortField;
    const [labelKey, ...rest] = query.label?.split('=') ?? [];
    const filters = {
      q: query.q || undefined,
      status: query.status,
      environment: query.environment,
      plan: query.plan,
      label: labelKey ? { key: labelKey, value: rest.length ? rest.join('=') : undefined } : undefined,
    };
    const fingerprint = queryFingerprint({ ...filters, sort: query.sort });
    const cursor = query.cursor ? decodeCursor(query.cursor, TenantCursorSchema, fingerprint) : undefined;
    const params: TenantListParams = {
      ...filters,
      sort,
      descending,
      boundary: cursor ? { value: cursor.k, id: cursor.i } : undefined,
      backward: cursor?.d === 'p',
      limit: query.limit + 1,
      scope,
    };
    const mode: 'first' | 'next' | 'prev' = !cursor ? 'first' : cursor.d === 'p' ? 'prev' : 'next';
    const cursorAt = (k: string, i: string, d: Direction) => encodeCursor({ f: fingerprint, k, i, d });
    return { params, mode, cursorAt };
  }

  /** A tenant within `scope` (job steps, which act for an already-authorized job, pass ALL_TENANTS). */
  async get(id: string, scope: TenantScope = ALL_TENANTS): Promise<Tenant> {
    const t = await getTenant(this.db, id, scope);
    if (!t) throw notFound('Tenant', id);
    return t;
  }

  async create(ctx: MutationContext, scope: TenantScope, input: CreateTenant): Promise<Tenant> {
    if (!scopeAllows(scope, input)) {
      throw new DomainError(
        ErrorCode.forbidden,
        `Tenant ${input.id} would be outside the tenants you are entitled to: give it an environment or labels your entitlements cover`,
        { field: 'labels' }
      );
    }
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const ts = now.toISOString();
      const tenant: Tenant = { ...input, status: 'provisioning', version: 1, createdAt: ts, updatedAt: ts };
      if (!(await insertTenant(trx, tenant))) {
        throw new DomainError(ErrorCode.conflict, idUnavailable(input.id), { field: 'id' });
      }
      await audit({
        action: 'tenant.create',
        targetType: TARGET,
        targetId: tenant.id,
        reason: null,
        outcome: 'success',
        details: { tenant },
      });
      return tenant;
    });
  }

  async update(
    ctx: MutationContext,
    scope: TenantScope,
    id: string,
    expectedVersion: number,
    patch: UpdateTenant
  ): Promise<Tenant> {
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const current = await this.load(trx, id, scope);
      if (current.version !== expectedVersion) {
        throw preconditionFailed(current);
      }
      refuseBlocked(planEdit(id, current, expectedVersion, patch, EMPTY));
      const next: Tenant = { ...applyEdit(current, patch), version: current.version + 1, updatedAt: now.toISOString() };
      if (!scopeAllows(scope, next)) {
        throw new DomainError(
          ErrorCode.forbidden,
          `This change would move tenant ${id} outside the tenants you are entitled to`,
          { field: 'labels' }
        );
      }
      if (!(await updateTenant(trx, next, expectedVersion, patch.labels !== undefined))) {
        throw preconditionFailed(await this.load(trx, id, scope));
      }
      const changes = Object.fromEntries(
        Object.keys(patch).map((k) => [k, { from: current[k as keyof Tenant], to: next[k as keyof Tenant] }])
      );
      await audit({
        action: 'tenant.update',
        targetType: TARGET,
        targetId: id,
        reason: null,
        outcome: 'success',
        details: { changes, version: next.version },
      });
      return next;
    });
  }

  /** Job steps act for an already-authorized job and leave `scope` at ALL_TENANTS. */
  async changeStatus(
    ctx: MutationContext,
    id: string,
    to: TenantStatus,
    reason: string,
    action = 'tenant.status',
    scope: TenantScope = ALL_TENANTS
  ): Promise<Tenant> {
    try {
      return await this.mutations.run(ctx, (trx, tools) => this.transition(trx, tools, scope, id, to, reason, action));
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.illegalTransition) {
        await this.mutations.recordOutcome(ctx, {
          action,
          targetType: TARGET,
          targetId: id,
          reason,
          outcome: 'failure',
          details: { error: err.code, ...err.extra.details },
        });
      }
      throw err;
    }
  }

  archive(ctx: MutationContext, scope: TenantScope, id: string, reason: string): Promise<Tenant> {
    return this.changeStatus(ctx, id, 'archived', reason, 'tenant.archive', scope);
  }

  /**
   * Each id changes in its own transaction; one failure does not stop the others. The stored
   * idempotent response is the whole result (the registrar completes the key once all ids ran), so a
   * replay of the same request returns the same per-id report.
   */
  async bulkStatus(
    ctx: MutationContext,
    scope: TenantScope,
    ids: string[],
    to: TenantStatus,
    reason: string
  ): Promise<BulkStatusResult> {
    const results: BulkStatusResult['results'] = [];
    const perTenant: MutationContext = { ...ctx, idempotency: undefined };
    for (const id of [...new Set(ids)]) {
      try {
        const t = await this.mutations.run(perTenant, (trx, tools) =>
          this.transition(trx, tools, scope, id, to, reason, 'tenant.status', true)
        );
        results.push({ id, ok: true, status: t.status });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        await this.mutations.recordOutcome(ctx, {
          action: 'tenant.status',
          targetType: TARGET,
          targetId: id,
          reason,
          outcome: 'failure',
          details: { error: err.code, bulk: true, to, ...err.extra.details },
        });
        results.push({ id, ok: false, error: { code: err.code, message: err.message } });
      }
    }
    return { results };
  }

  private async transition(
    trx: Executor,
    { now, audit }: MutationTools,
    scope: TenantScope,
    id: string,
    to: TenantStatus,
    reason: string,
    action: string,
    bulk = false
  ): Promise<Tenant> {
    const current = await this.load(trx, id, scope);
    if (!isLegalTransition(current.status, to)) {
      const allowed = [...allowedNextStatuses(current.status)];
      throw new DomainError(ErrorCode.illegalTransition, `A ${current.status} tenant cannot become ${to}`, {
        field: 'to',
        details: { from: current.status, to, allowed },
      });
    }
    const featureFlags = flagsAfterStatus(current, to);
    const next: Tenant = {
      ...current,
      status: to,
      featureFlags,
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    if (!(await updateTenant(trx, next, current.version, false))) {
      throw new DomainError(ErrorCode.conflict, `Tenant ${id} changed concurrently; retry`);
    }
    await audit({
      action,
      targetType: TARGET,
      targetId: id,
      reason,
      outcome: 'success',
      details: {
        from: current.status,
        to,
        killSwitch: featureFlags.killSwitch,
        version: next.version,
        ...(bulk ? { bulk: true } : {}),
      },
    });
    return next;
  }

  private async load(ex: Executor, id: string, scope: TenantScope): Promise<Tenant> {
    const t = await getTenant(ex, id, scope);
    if (!t) throw notFound('Tenant', id);
    return t;
  }
}

const EMPTY: TenantSurroundings = { placements: [], activeJobs: [] };

/** A change its plan blocks is refused with the first failed check's message (409, naming the field). */
function refuseBlocked(target: TenantPlanTarget): void {
  const failed = target.checks.find((c) => !c.ok);
  if (!failed) return;
  const field = failed.name === 'kill switch follows the status' ? 'featureFlags.killSwitch' : undefined;
  throw new DomainError(ErrorCode.conflict, failed.message, {
    ...(field ? { field } : {}),
    details: { check: failed.name, measured: failed.measured },
  });
}

/** 412 with the tenant as it is now, so a client can show their change next to the caller's. */
function preconditionFailed(current: Tenant): DomainError {
  return new DomainError(
    ErrorCode.preconditionFailed,
    `Tenant ${current.id} has changed (now version ${current.version}); reload and retry`,
    {
      field: 'If-Match',
      details: { currentVersion: current.version, current },
    }
  );
}
