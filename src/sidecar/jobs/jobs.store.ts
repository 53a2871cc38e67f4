/**
 * Job persistence. Workers own a job through a lease (`lease_owner`, `lease_expires_at`) and a
 * fencing token (`fence`, incremented on every claim). Every worker write is conditional on the
 * fence it claimed with, so a worker whose lease was taken over cannot write any more: its
 * update matches no row and `FencedOut` is thrown, rolling back the transaction it ran in.
 */
import {
  ACTIVE_JOB_STATUSES,
  type Job,
  type JobError,
  type JobStatus,
  type JobStep,
  type StepStatus,
} from '../../contract';
import type { Executor, JobsTable, JobStepsTable } from '../kernel/database/schema';
import { ALL_TENANTS, tenantIdCondition, type TenantScope } from '../kernel/scope';

export class FencedOut extends Error {
  constructor(
    readonly jobId: string,
    readonly fence: number
  ) {
    super(`job ${jobId}: fencing token ${fence} is stale; another worker owns the job`);
    this.name = 'FencedOut';
  }
}

export interface Fence {
  jobId: string;
  fence: number;
}

export const isActive = (s: JobStatus): boolean => ACTIVE_JOB_STATUSES.includes(s);

export function rowToJob(r: JobsTable): Job {
  return {
    id: r.id,
    type: r.type as Job['type'],
    status: r.status as JobStatus,
    environment: r.environment as Job['environment'],
    tenantId: r.tenant_id,
    target: r.target,
    params: JSON.parse(r.params),
    reason: r.reason,
    source: JSON.parse(r.source),
    requestedBy: { login: r.requested_by_login, orgId: Number(r.requested_by_org) },
    approval: JSON.parse(r.approval),
    currentStep: Number(r.current_step),
    stepCount: Number(r.step_count),
    cancelRequested: Number(r.cancel_requested) === 1,
    error: r.error ? (JSON.parse(r.error) as JobError) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export function rowToStep(r: JobStepsTable): JobStep {
  return {
    index: Number(r.idx),
    name: r.name,
    title: r.title,
    status: r.status as StepStatus,
    attempts: Number(r.attempts),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    observed: r.observed ? JSON.parse(r.observed) : null,
    error: r.error ? JSON.parse(r.error) : null,
  };
}

/** A job as inserted: its row and its steps (a fresh job's run starts from these, without reading them). */
export interface InsertedJob {
  row: JobsTable;
  steps: JobStep[];
}

export async function insertJob(
  ex: Executor,
  row: JobsTable,
  steps: Array<{ name: string; title: string }>
): Promise<InsertedJob> {
  await ex.insertInto('jobs').values(row).execute();
  const stepRows: JobStepsTable[] = steps.map((s, idx) => ({
    job_id: row.id,
    idx,
    name: s.name,
    title: s.title,
    status: 'pending',
    attempts: 0,
    started_at: null,
    finished_at: null,
    observed: null,
    error: null,
  }));
  if (stepRows.length) await ex.insertInto('job_steps').values(stepRows).execute();
  return { row, steps: stepRows.map(rowToStep) };
}

/** The job, if it exists and (with a scope) its tenant — or, for a fleet job, its whole environment — is in scope. */
export async function getJobRow(
  ex: Executor,
  id: string,
  scope: TenantScope = ALL_TENANTS
): Promise<JobsTable | undefined> {
  let q = ex.selectFrom('jobs').selectAll().where('id', '=', id);
  const cond = tenantIdCondition(scope, 'jobs.tenant_id', 'jobs.environment');
  if (cond) q = q.where(cond);
  return q.executeTakeFirst();
}

export async function getSteps(ex: Executor, id: string): Promise<JobStep[]> {
  const rows = await ex.selectFrom('job_steps').selectAll().where('job_id', '=', id).orderBy('idx').execute();
  return rows.map(rowToStep);
}

export async function auditSeqs(ex: Executor, jobId: string): Promise<number[]> {
  const rows = await ex
    .selectFrom('audit_entries')
    .select('seq')
    .where('job_id', '=', jobId)
    .orderBy('seq')
    .limit(1000)
    .execute();
  return rows.map((r) => Number(r.seq));
}

export async function activeJobOn(ex: Executor, lockKey: string): Promise<string | null> {
  const r = await ex
    .selectFrom('jobs')
    .select('id')
    .where('lock_key', '=', lockKey)
    .where('active', '=', 1)
    .executeTakeFirst();
  return r?.id ?? null;
}

/** Active jobs of the given types (id, type, tenant), for callers that must not race them. */
export async function activeJobsOfTypes(
  ex: Executor,
  types: readonly string[]
): Promise<Array<{ id: string; type: string; tenantId: string | null }>> {
  if (types.length === 0) return [];
  const rows = await ex
    .selectFrom('jobs')
    .select(['id', 'type', 'tenant_id'])
    .where('active', '=', 1)
    .where('type', 'in', [...types])
    .execute();
  return rows.map((r) => ({ id: r.id, type: r.type, tenantId: r.tenant_id }));
}

export interface JobListFilters {
  environment?: string[];
  type?: string[];
  status?: string[];
  tenant?: string;
  after?: { active: number; createdAt: string; id: string };
  limit: number;
  /** Only jobs on tenants in scope (fleet jobs: only with their whole environment in scope). */
  scope: TenantScope;
}

/** Active first, then newest first; keyset on (active, created_at, id), all descending. */
export async function listJobRows(ex: Executor, f: JobListFilters): Promise<JobsTable[]> {
  let query = ex.selectFrom('jobs').selectAll();
  const inScope = tenantIdCondition(f.scope, 'jobs.tenant_id', 'jobs.environment');
  if (inScope) query = query.where(inScope);
  if (f.environment?.length) query = query.where('environment', 'in', f.environment);
  if (f.type?.length) query = query.where('type', 'in', f.type);
  if (f.status?.length) query = query.where('status', 'in', f.status);
  if (f.tenant) query = query.where('tenant_id', '=', f.tenant);
  const a = f.after;
  if (a) {
    query = query.where((eb) =>
      eb.or([
        eb('active', '<', a.active),
        eb.and([eb('active', '=', a.active), eb('created_at', '<', a.createdAt)]),
        eb.and([eb('active', '=', a.active), eb('created_at', '=', a.createdAt), eb('id', '<', a.id)]),
      ])
    );
  }
  return query.orderBy('active', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** Unfenced update for API-side changes (approve, cancel of a job no worker holds); `expect` guards the status. */
export async function updateJobIf(
  ex: Executor,
  id: string,
  expectStatus: JobStatus[],
  patch: Partial<JobsTable>
): Promise<boolean> {
  const r = await ex
    .updateTable('jobs')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', expectStatus)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Fenced update of the job row; throws FencedOut when another worker claimed the job since. */
export async function updateJobFenced(ex: Executor, f: Fence, patch: Partial<JobsTable>): Promise<void> {
  const r = await ex
    .updateTable('jobs')
    .set(patch)
    .where('id', '=', f.jobId)
    .where('fence', '=', f.fence)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new FencedOut(f.jobId, f.fence);
}

export async function cancelPendingSteps(ex: Executor, jobId: string, iso: string): Promise<void> {
  await ex
    .updateTable('job_steps')
    .set({ status: 'cancelled', finished_at: iso })
    .where('job_id', '=', jobId)
    .where('status', 'in', ['pending', 'running'])
    .execute();
}

export async function updateStep(
  ex: Executor,
  jobId: string,
  idx: number,
  patch: Partial<JobStepsTable>
): Promise<void> {
  await ex.updateTable('job_steps').set(patch).where('job_id', '=', jobId).where('idx', '=', idx).execute();
}

/**
 * Claims one runnable job (queued, or running with an expired lease: its worker died) by a
 * compare-and-set on the fence. Returns the new fence, or null when nothing is runnable.
 */
export async function claimNext(ex: Executor, owner: string, now: Date, leaseMs: number): Promise<Fence | null> {
  const iso = now.toISOString();
  const candidates = await ex
    .selectFrom('jobs')
    .select(['id', 'fence'])
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', iso)]))
    .orderBy('created_at')
    .limit(8)
    .execute();
  for (const c of candidates) {
    const r = await ex
      .updateTable('jobs')
      .set({
        lease_owner: owner,
        lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(),
        fence: Number(c.fence) + 1,
      })
      .where('id', '=', c.id)
      .where('fence', '=', Number(c.fence))
      .where('status', 'in', ['queued', 'running'])
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', iso)]))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return { jobId: c.id, fence: Number(c.fence) + 1 };
  }
  return null;
}

export async function renewLease(ex: Executor, f: Fence, until: Date): Promise<boolean> {
  const r = await ex
    .updateTable('jobs')
    .set({ lease_expires_at: until.toISOString() })
    .where('id', '=', f.jobId)
    .where('fence', '=', f.fence)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseLease(ex: Executor, f: Fence): Promise<void> {
  await ex
    .updateTable('jobs')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('id', '=', f.jobId)
    .where('fence', '=', f.fence)
    .execute();
}

/** Start time of the oldest running job, or null. */
export async function oldestRunningStart(ex: Executor): Promise<string | null> {
  const r = await ex
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('started_at').as('t'))
    .where('status', '=', 'running')
    .executeTakeFirst();
  return (r?.t as string | null | undefined) ?? null;
}

/** Active jobs per status and type. */
export async function activeJobCounts(ex: Executor): Promise<Array<{ status: string; type: string; n: number }>> {
  const rows = await ex
    .selectFrom('jobs')
    .select(['status', 'type', (eb) => eb.fn.countAll().as('n')])
    .where('active', '=', 1)
    .groupBy(['status', 'type'])
    .execute();
  return rows.map((r) => ({ status: r.status, type: r.type, n: Number(r.n) }));
}
