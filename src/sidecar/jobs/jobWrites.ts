/**
 * The worker's writes. Each is ONE transaction that first updates the job row conditional on the
 * worker's fencing token (a stale worker's write matches nothing and is refused with FencedOut),
 * then the step row, then the audit entry for the state change (through Mutations, so the
 * hash-chained audit commits or rolls back with the state it records).
 */
import type { JobError, JobPlan } from '../../contract';
import type { Mutations, MutationContext } from '../kernel/mutations';
import { updateJobFenced, updateStep, type Fence } from './jobs.store';
import type { Db, JobsTable } from '../kernel/database/schema';
import { type Clock } from '../kernel/clock';

export function workerContext(row: JobsTable): MutationContext {
  return {
    actor: { login: row.requested_by_login, orgId: Number(row.requested_by_org), role: 'job' },
    requestId: row.request_id,
    jobId: row.id,
  };
}

/** The first step's attempt, recorded with the start transition. */
export interface FirstAttempt {
  index: number;
  attempts: number;
  startedAt: string | null;
}

const base = (row: JobsTable) => ({ targetType: 'job', targetId: row.id, reason: null });

export class JobWrites {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly clock: Clock
  ) {}

  async remember(f: Fence, context: Record<string, unknown>): Promise<void> {
    await updateJobFenced(this.db, f, { context: JSON.stringify(context), updated_at: this.clock.now().toISOString() });
  }

  /**
   * The job starts; with `first`, its first step is marked running and the attempt counted in the
   * same transaction (what stepAttempt would write next).
   */
  start(f: Fence, row: JobsTable, first: FirstAttempt | null = null): Promise<void> {
    return this.mutations.run(workerContext(row), async (trx, { now, audit }) => {
      const iso = now.toISOString();
      await updateJobFenced(trx, f, { status: 'running', started_at: row.started_at ?? iso, updated_at: iso });
      if (first) {
        await updateStep(trx, f.jobId, first.index, {
          status: 'running',
          attempts: first.attempts,
          started_at: first.startedAt ?? iso,
        });
      }
      await audit({
        ...base(row),
        action: 'job.start',
        outcome: 'success',
        details: { type: row.type, fence: f.fence },
      });
    });
  }

  /** Marks a step running (or re-running after a crash) and counts the attempt. */
  async stepAttempt(f: Fence, idx: number, attempts: number, startedAt: string | null): Promise<void> {
    const iso = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await updateJobFenced(trx, f, { updated_at: iso });
      await updateStep(trx, f.jobId, idx, { status: 'running', attempts, started_at: startedAt ?? iso });
    });
  }

  stepSucceeded(f: Fence, row: JobsTable, idx: number, name: string, observed: Record<string, unknown>): Promise<void> {
    return this.mutations.run(workerContext(row), async (trx, { now, audit }) => {
      const iso = now.toISOString();
      await updateJobFenced(trx, f, { current_step: idx + 1, updated_at: iso });
      await updateStep(trx, f.jobId, idx, {
        status: 'succeeded',
        finished_at: iso,
        observed: JSON.stringify(observed),
        error: null,
      });
      await audit({
        ...base(row),
        action: 'job.step',
        outcome: 'success',
        details: { step: name, index: idx, observed },
      });
    });
  }

  fail(f: Fence, row: JobsTable, idx: number | null, error: JobError): Promise<void> {
    return this.mutations.run(workerContext(row), async (trx, { now, audit }) => {
      const iso = now.toISOString();
      await updateJobFenced(trx, f, {
        status: 'failed',
        active: 0,
        error: JSON.stringify(error),
        finished_at: iso,
        updated_at: iso,
      });
      if (idx !== null) {
        const { step: _omit, ...stepError } = error;
        await updateStep(trx, f.jobId, idx, { status: 'failed', finished_at: iso, error: JSON.stringify(stepError) });
      }
      await audit({ ...base(row), action: 'job.failed', outcome: 'failure', details: { type: row.type, error } });
    });
  }

  succeed(f: Fence, row: JobsTable): Promise<void> {
    return this.mutations.run(workerContext(row), async (trx, { now, audit }) => {
      const iso = now.toISOString();
      await updateJobFenced(trx, f, { status: 'succeeded', active: 0, finished_at: iso, updated_at: iso });
      await audit({ ...base(row), action: 'job.succeeded', outcome: 'success', details: { type: row.type } });
    });
  }

  compensated(f: Fence, row: JobsTable, idx: number, name: string, observed: Record<string, unknown>): Promise<void> {
    return this.mutations.run(workerContext(row), async (trx, { now, audit }) => {
      const iso = now.toISOString();
      await updateJobFenced(trx, f, { updated_at: iso });
      await updateStep(trx, f.jobId, idx, {
        status: 'compensated',
        observed: JSON.stringify({ compensation: observed }),
      });
      await audit({
        ...base(row),
        action: 'job.compensate',
        outcome: 'success',
        details: { step: name, index: idx, observed },
      });
    });
  }

  cancelled(f: Fence, row: JobsTable, pending: number[]): Promise<void> {
    return this.mutations.run(workerContext(row), async (trx, { now, audit }) => {
      const iso = now.toISOString();
      await updateJobFenced(trx, f, { status: 'cancelled', active: 0, finished_at: iso, updated_at: iso });
      for (const idx of pending) await updateStep(trx, f.jobId, idx, { status: 'cancelled', finished_at: iso });
      await audit({
        ...base(row),
        action: 'job.cancelled',
        outcome: 'success',
        details: { type: row.type, cancelledSteps: pending },
      });
    });
  }

  /** The plan changed since it was approved: the approval is void and the job waits for a new one. */
  voidApproval(f: Fence, row: JobsTable, plan: JobPlan): Promise<void> {
    return this.mutations.run(workerContext(row), async (trx, { now, audit }) => {
      const iso = now.toISOString();
      const previous = JSON.parse(row.approval) as { planHash: string };
      const approval = { required: true, status: 'void', planHash: plan.planHash, approvedBy: null, approvedAt: null };
      await updateJobFenced(trx, f, {
        status: 'awaiting_approval',
        approval: JSON.stringify(approval),
        plan: JSON.stringify(plan),
        updated_at: iso,
      });
      await audit({
        ...base(row),
        action: 'job.approval_void',
        outcome: 'success',
        details: { approvedPlanHash: previous.planHash, planHash: plan.planHash, diff: plan.diff },
      });
    });
  }
}
