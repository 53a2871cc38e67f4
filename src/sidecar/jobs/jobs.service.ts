/**
 * Job rules at the API: plan (dry run), create (refused when preflight is blocked or another job is
 * active on the target; awaiting approval when the policy says so), list, get, cancel, approve.
 * Creation, approval and cancellation each change the job and append the audit entry in one
 * transaction (Mutations), together with the stored Idempotency-Key response.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ErrorCode,
  type ApproveJob,
  type CreateJobResponse,
  type JobType,
  type JobSource,
  type JobDetail,
  type JobPage,
  type ListJobsQuery,
  type PreflightCheck,
} from '../../contract';
import type { Caller } from '../kernel/trust/idToken';
import { DomainError, forbidden, notFound } from '../kernel/errors';
import { decodeCursor, encodeCursor, queryFingerprint } from '../kernel/cursor';
import type { Mutations, MutationContext, MutationTools } from '../kernel/mutations';
import {
  activeJobOn,
  auditSeqs,
  cancelPendingSteps,
  getJobRow,
  getSteps,
  insertJob,
  listJobRows,
  rowToJob,
  updateJobIf,
  type InsertedJob,
} from './jobs.store';
import type { Db, Executor, JobsTable } from '../kernel/database/schema';
import { isUniqueViolation } from '../kernel/database/database';
import { ALL_TENANTS, tenantVisible, type TenantScope } from '../kernel/scope';
import type { JobTypeRegistry } from './registry';
import { buildPlan } from './planner';
import type { JobEngine } from './engine';

const JobCursorSchema = z.object({ f: z.string(), a: z.number().int(), c: z.string(), i: z.string() });

/**
 * What creating a job takes: a `CreateJob` from `POST /jobs`, or a job type a module creates only
 * through its own endpoint (params validated there against the type's schema).
 */
export interface JobRequest {
  type: JobType;
  params: unknown;
  reason: string;
  source: JobSource;
}

export interface JobsServiceOptions {
  approvalPolicy: string[];
  /** This replica's workers: a slot for a job being created (null when all are busy), and a wake-up after an approval. */
  workers: Pick<JobEngine, 'reserve' | 'wake'>;
}

export class JobsService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly registry: JobTypeRegistry,
    private readonly opts: JobsServiceOptions
  ) {}

  async create(
    ctx: MutationContext,
    caller: Caller,
    input: JobRequest,
    dryRun: boolean,
    scope: TenantScope = ALL_TENANTS
  ): Promise<CreateJobResponse> {
    if (dryRun) {
      const { plan, target } = await this.plan(input);
      await this.refuseOutOfScope(scope, target.tenantId, target.environment);
      return { dryRun: true, plan, job: null };
    }
    return this.createWithin(ctx, caller, input, scope, async (_trx, created) => created);
  }

  /** The job type's plan, with the check that no other job is active on its target. */
  private async plan(
    input: JobRequest
  ): Promise<Awaited<ReturnType<typeof buildPlan>> & { activeJobId: string | null }> {
    const built = await buildPlan(this.registry, input.type, input.params, this.opts.approvalPolicy);
    const activeJobId = await activeJobOn(this.db, built.target.lockKey);
    const preflight = [...built.plan.preflight, noActiveJobCheck(built.target.target, activeJobId)];
    return {
      ...built,
      activeJobId,
      plan: { ...built.plan, preflight, blocked: preflight.some((c) => !c.ok) },
    };
  }

  /**
   * Creates a job, then runs `respond` in the same transaction (a module's own record and audit entry
   * of what the job carries out); what `respond` returns is the stored Idempotency-Key response.
   */
  async createWithin<R>(
    ctx: MutationContext,
    caller: Caller,
    input: JobRequest,
    scope: TenantScope,
    respond: (trx: Executor, created: CreateJobResponse, tools: MutationTools) => Promise<R>
  ): Promise<R> {
    const { plan, target, activeJobId } = await this.plan(input);
    await this.refuseOutOfScope(scope, target.tenantId, target.environment);
    // Another active job is refused as before (409, its id in the details), whatever else the plan says;
    // the insert below checks again in its transaction, which is what holds under concurrency.
    if (activeJobId) throw busy(target.target, activeJobId);
    const id = randomUUID();
    if (plan.blocked) {
      const failed = plan.preflight.filter((c) => !c.ok);
      await this.mutations.recordOutcome(
        { ...ctx, jobId: null },
        {
          action: 'job.create',
          targetType: 'job',
          targetId: target.target,
          reason: input.reason,
          outcome: 'failure',
          details: {
            type: input.type,
            error: 'preflight_failed',
            failed: failed.map((c) => ({ name: c.name, message: c.message, measured: c.measured })),
          },
        }
      );
      throw new DomainError(
        ErrorCode.conflict,
        `Preflight failed: ${failed.map((c) => `${c.name}: ${c.message}`).join('; ')}`,
        { details: { preflight: plan.preflight } }
      );
    }
    // A job that can run now is inserted already claimed by a free local worker, which starts it
    // right after the commit. The stored Idempotency-Key response is `respond`'s, in the same transaction.
    const slot = plan.approvalRequired ? null : this.opts.workers.reserve();
    let inserted: InsertedJob | null = null;
    try {
      const response = await this.mutations.run({ ...ctx, jobId: id }, async (trx, tools) => {
        const { now, audit } = tools;
        const other = await activeJobOn(trx, target.lockKey);
        if (other) throw busy(target.target, other);
        const iso = now.toISOString();
        const status = plan.approvalRequired ? 'awaiting_approval' : 'queued';
        const approval = {
          required: plan.approvalRequired,
          status: plan.approvalRequired ? 'pending' : 'not_required',
          planHash: plan.planHash,
          approvedBy: null,
          approvedAt: null,
        };
        const row: JobsTable = {
          id,
          type: input.type,
          status,
          active: 1,
          environment: target.environment,
          tenant_id: target.tenantId,
          lock_key: target.lockKey,
          target: target.target,
          params: JSON.stringify(input.params),
          reason: input.reason,
          source: JSON.stringify(input.source),
          requested_by_login: caller.login,
          requested_by_org: caller.orgId,
          approval: JSON.stringify(approval),
          plan: JSON.stringify(plan),
          context: '{}',
          current_step: 0,
          step_count: plan.steps.length,
          cancel_requested: 0,
          error: null,
          request_id: ctx.requestId,
          created_at: iso,
          updated_at: iso,
          started_at: null,
          finished_at: null,
          ...(slot ? slot.claimedAtCreate(now) : { lease_owner: null, lease_expires_at: null, fence: 0 }),
        };
        let job: InsertedJob;
        try {
          job = await insertJob(trx, row, plan.steps);
        } catch (err) {
          if (isUniqueViolation(err)) throw busy(target.target, null);
          throw err;
        }
        const entry = await audit({
          targetType: 'job',
          targetId: id,
          action: 'job.create',
          reason: input.reason,
          outcome: 'success',
          details: {
            type: input.type,
            target: target.target,
            params: input.params,
            source: input.source,
            planHash: plan.planHash,
            approvalRequired: plan.approvalRequired,
          },
        });
        inserted = job;
        // The job as inserted, and its one audit entry so far: nothing to read back.
        const created: CreateJobResponse = {
          dryRun: false,
          plan,
          job: { ...rowToJob(job.row), steps: job.steps, auditIds: [entry.seq] },
        };
        return respond(trx, created, tools);
      });
      if (slot && inserted) slot.launch(id, inserted);
      return response;
    } finally {
      slot?.release();
    }
  }

  /**
   * A new job from a failed or cancelled one: same type and parameters, planned again now (fresh
   * preflight, plan hash and approval), source `retry` naming the original. Refused while the
   * original is still active, or when it succeeded.
   */
  async retry(
    ctx: MutationContext,
    caller: Caller,
    id: string,
    reason: string,
    scope: TenantScope = ALL_TENANTS
  ): Promise<CreateJobResponse> {
    const row = await this.load(this.db, id, scope);
    if (!['failed', 'cancelled'].includes(row.status)) {
      throw new DomainError(
        ErrorCode.conflict,
        `Job ${id} is ${row.status}; only a failed or cancelled job can be retried`,
        { details: { status: row.status } }
      );
    }
    if (this.registry.get(row.type).def.ownedBy) {
      throw new DomainError(
        ErrorCode.conflict,
        `A ${row.type} job is requested again through its own endpoint, not retried here`,
        { details: { type: row.type } }
      );
    }
    const source: JobSource = { kind: 'retry', ref: id };
    const input: JobRequest = { type: row.type as JobType, params: JSON.parse(row.params), reason, source };
    return this.create(ctx, caller, input, false, scope);
  }

  async list(query: ListJobsQuery, scope: TenantScope = ALL_TENANTS): Promise<JobPage> {
    const filters = { environment: query.environment, type: query.type, status: query.status, tenant: query.tenant };
    const fingerprint = queryFingerprint(filters);
    const cursor = query.cursor ? decodeCursor(query.cursor, JobCursorSchema, fingerprint) : undefined;
    const rows = await listJobRows(this.db, {
      ...filters,
      after: cursor ? { active: cursor.a, createdAt: cursor.c, id: cursor.i } : undefined,
      limit: query.limit + 1,
      scope,
    });
    const items = rows.slice(0, query.limit);
    const last = rows.length > query.limit ? items[items.length - 1] : undefined;
    return {
      items: items.map(rowToJob),
      nextCursor: last
        ? encodeCursor({ f: fingerprint, a: Number(last.active), c: last.created_at, i: last.id })
        : null,
      prevCursor: null,
    };
  }

  get(id: string, scope: TenantScope = ALL_TENANTS): Promise<JobDetail> {
    return this.detail(this.db, id, scope);
  }

  /**
   * A job on a tenant outside the caller's scope is refused exactly like a missing tenant; a fleet job
   * (no tenant) needs its whole environment in scope, since it acts on every tenant there.
   */
  private async refuseOutOfScope(scope: TenantScope, tenantId: string | null, environment: string): Promise<void> {
    if (scope.all) return;
    if (tenantId !== null) {
      if (!(await tenantVisible(this.db, tenantId, scope))) throw notFound('Tenant', tenantId);
      return;
    }
    if (!scope.environments.includes(environment)) {
      throw new DomainError(
        ErrorCode.forbidden,
        `This job acts on the whole ${environment} environment; it needs an entitlement to all of ${environment}`,
        { field: 'type' }
      );
    }
  }

  /** Not started yet → cancelled now (fence bumped so a worker that just claimed it stops); running → cancelled between steps. */
  async cancel(ctx: MutationContext, id: string, reason: string, scope: TenantScope = ALL_TENANTS): Promise<JobDetail> {
    return this.mutations.run({ ...ctx, jobId: id }, async (trx, { now, audit }) => {
      const row = await this.load(trx, id, scope);
      const iso = now.toISOString();
      if (['succeeded', 'failed', 'cancelled'].includes(row.status)) {
        throw new DomainError(ErrorCode.conflict, `Job ${id} is already ${row.status}`, {
          details: { status: row.status },
        });
      }
      let immediate = false;
      if (row.status !== 'running') {
        immediate = await updateJobIf(trx, id, ['queued', 'awaiting_approval'], {
          status: 'cancelled',
          active: 0,
          cancel_requested: 1,
          finished_at: iso,
          updated_at: iso,
          fence: Number(row.fence) + 1,
          lease_owner: null,
          lease_expires_at: null,
        });
        if (immediate) {
          await cancelPendingSteps(trx, id, iso);
        }
      }
      if (!immediate) await updateJobIf(trx, id, ['running', 'queued'], { cancel_requested: 1, updated_at: iso });
      await audit({
        targetType: 'job',
        targetId: id,
        action: 'job.cancel',
        reason,
        outcome: 'success',
        details: { type: row.type, from: row.status, immediate },
      });
      return this.detail(trx, id);
    });
  }

  async approve(
    ctx: MutationContext,
    id: string,
    body: ApproveJob,
    scope: TenantScope = ALL_TENANTS
  ): Promise<JobDetail> {
    return this.approveWithin(ctx, id, body, scope, async (_trx, job) => job, null);
  }

  /**
   * Approves a job awaiting approval (never by its requester, bound to the plan hash), then runs
   * `respond` in the same transaction. `via` names the endpoint approving: a job type owned by a
   * module endpoint (`JobTypeDef.ownedBy`) is refused through any other.
   */
  async approveWithin<R>(
    ctx: MutationContext,
    id: string,
    body: ApproveJob,
    scope: TenantScope,
    respond: (trx: Executor, job: JobDetail, tools: MutationTools) => Promise<R>,
    via: string | null
  ): Promise<R> {
    const result = await this.mutations.run({ ...ctx, jobId: id }, async (trx, tools) => {
      const { now, audit } = tools;
      const row = await this.load(trx, id, scope);
      const owner = this.registry.get(row.type).def.ownedBy ?? null;
      if (owner !== via) {
        throw forbidden(
          `A ${row.type} job is approved through ${owner ?? 'approveJob'}, which needs its own permission`
        );
      }
      if (row.status !== 'awaiting_approval') {
        throw new DomainError(
          ErrorCode.conflict,
          `Job ${id} is ${row.status}; only a job awaiting approval can be approved`,
          { details: { status: row.status } }
        );
      }
      if (row.requested_by_login === ctx.actor.login && Number(row.requested_by_org) === ctx.actor.orgId) {
        throw forbidden('The operator who requested a job cannot approve it; ask a second operator');
      }
      const approval = JSON.parse(row.approval) as { planHash: string };
      if (approval.planHash !== body.planHash) {
        throw new DomainError(
          ErrorCode.conflict,
          'The plan changed since you reviewed it; review the current plan and approve again',
          { field: 'planHash', details: { planHash: approval.planHash } }
        );
      }
      const iso = now.toISOString();
      const next = {
        required: true,
        status: 'approved',
        planHash: approval.planHash,
        approvedBy: ctx.actor.login,
        approvedAt: iso,
      };
      if (
        !(await updateJobIf(trx, id, ['awaiting_approval'], {
          status: 'queued',
          approval: JSON.stringify(next),
          updated_at: iso,
        }))
      ) {
        throw new DomainError(ErrorCode.conflict, `Job ${id} changed concurrently; reload it`);
      }
      await audit({
        targetType: 'job',
        targetId: id,
        action: 'job.approve',
        reason: body.reason ?? null,
        outcome: 'success',
        details: { type: row.type, planHash: approval.planHash, requestedBy: row.requested_by_login },
      });
      return respond(trx, await this.detail(trx, id), tools);
    });
    this.opts.workers.wake();
    return result;
  }

  private async load(ex: Executor, id: string, scope: TenantScope = ALL_TENANTS): Promise<JobsTable> {
    const row = await getJobRow(ex, id, scope);
    if (!row) throw notFound('Job', id);
    return row;
  }

  private async detail(ex: Executor, id: string, scope: TenantScope = ALL_TENANTS): Promise<JobDetail> {
    const row = await this.load(ex, id, scope);
    return { ...rowToJob(row), steps: await getSteps(ex, id), auditIds: await auditSeqs(ex, id) };
  }
}

/**
 * The preflight check every plan carries: no other job is active on the same target (the job's lock
 * key: a tenant, a deployment, a shard). A dry run shows it blocked, naming the job to wait for.
 */
export function noActiveJobCheck(target: string, activeJobId: string | null): PreflightCheck {
  return activeJobId
    ? {
        name: 'no-active-job',
        ok: false,
        message: `Job ${activeJobId} is already active on ${target}: wait for it to finish or cancel it`,
        measured: activeJobId,
        threshold: null,
      }
    : {
        name: 'no-active-job',
        ok: true,
        message: `No other job is active on ${target}`,
        measured: null,
        threshold: null,
      };
}

function busy(target: string, other: string | null): DomainError {
  return new DomainError(
    ErrorCode.conflict,
    `Another job is already active on ${target}${other ? ` (${other})` : ''}; wait for it or cancel it`,
    { details: { activeJobId: other } }
  );
}
