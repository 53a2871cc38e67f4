/**
 * Runs one claimed job to a terminal state (or until its lease is lost): re-checks an approved plan,
 * then runs the steps in order from the persisted `current_step`, saving state after every step,
 * checking for cancellation between steps (compensating completed steps in reverse order), and
 * retrying transient failures with capped exponential backoff and jitter. Every failure is stored
 * with a remediation message.
 */
import type { Logger } from 'pino';
import type { JobError, JobStep } from '../../contract';
import { DomainError } from '../kernel/errors';
import { getJobRow, getSteps, type Fence, type InsertedJob } from './jobs.store';
import type { Db, JobsTable } from '../kernel/database/schema';
import { backoffMs } from './backoff';
import { sleep, type JobTarget, type StepContext, type StepDef } from './jobType';
import { workerContext, type JobWrites } from './jobWrites';
import { buildPlan } from './planner';
import type { JobTypeRegistry } from './registry';
import { StepAborted, StepError } from './stepErrors';
import { PlatformCallError } from '../platform/platformCallError';
import { runWithRequestId } from '../kernel/requestContext';

export interface RunnerOptions {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  approvalPolicy: string[];
  defaultStepTimeoutMs: number;
  /** After a timed-out platform call, the next attempt waits at least this long, so the abandoned request has landed (or died) before state is re-read. */
  platformTimeoutMs: number;
}

type Outcome =
  | { ok: true; observed: Record<string, unknown> }
  | { ok: false; cancelled?: false; error: Omit<JobError, 'step'> }
  | { ok: false; cancelled: true };

export class JobRunner {
  constructor(
    private readonly db: Db,
    private readonly writes: JobWrites,
    private readonly registry: JobTypeRegistry,
    private readonly opts: RunnerOptions,
    private readonly log: Logger
  ) {}

  /**
   * Runs until the job is terminal; throws FencedOut / StepAborted when the job was taken over or the
   * process stops. Outbound calls carry the request id that created the job. `inserted` is the row
   * and steps of a job claimed at its creation (nothing else can have changed them but through its
   * fence, which every write checks).
   */
  async run(f: Fence, lease: AbortSignal, inserted?: InsertedJob): Promise<void> {
    const row = inserted?.row ?? (await getJobRow(this.db, f.jobId));
    return runWithRequestId(row?.request_id ?? f.jobId, () => this.execute(f, lease, row, inserted?.steps));
  }

  private async execute(
    f: Fence,
    lease: AbortSignal,
    loaded: JobsTable | undefined,
    insertedSteps: JobStep[] | undefined
  ): Promise<void> {
    let row = loaded;
    if (!row || Number(row.fence) !== f.fence || !['queued', 'running'].includes(row.status)) return;
    const { def, deps } = this.registry.get(row.type);
    const params = JSON.parse(row.params);
    const approval = JSON.parse(row.approval) as { required: boolean; planHash: string };
    // Its own array: the run replaces entries as attempts are counted.
    const steps = insertedSteps ? [...insertedSteps] : await getSteps(this.db, row.id);
    /** The step whose first attempt the start transition already recorded (-1: none). */
    let marked = -1;
    if (row.status === 'queued') {
      if (approval.required) {
        const { plan } = await buildPlan(this.registry, def.type, params, this.opts.approvalPolicy);
        if (plan.planHash !== approval.planHash) {
          this.log.info({ jobId: row.id }, 'plan changed since approval; approval void');
          return this.writes.voidApproval(f, row, plan);
        }
        if (plan.blocked) {
          const failed = plan.preflight
            .filter((c) => !c.ok)
            .map((c) => `${c.name}: ${c.message}`)
            .join('; ');
          return this.writes.fail(f, row, null, {
            code: 'preflight_failed',
            message: `Preflight failed at start: ${failed}`,
            remediation: 'Fix the failing checks, then create a new job.',
            step: null,
          });
        }
      }
      // One transaction: the job starts and its first step's attempt is counted (nothing can happen
      // in between that a check before the step would catch: a cancel of a queued job bumps the fence).
      const first = Number(row.current_step);
      const step = Number(row.cancel_requested) === 1 ? undefined : steps[first];
      await this.writes.start(
        f,
        row,
        step ? { index: first, attempts: step.attempts + 1, startedAt: step.startedAt } : null
      );
      if (step) {
        marked = first;
        steps[first] = { ...step, attempts: step.attempts + 1 };
      }
    }
    const target: JobTarget = {
      environment: row.environment as JobTarget['environment'],
      tenantId: row.tenant_id,
      target: row.target,
      lockKey: row.lock_key,
    };
    const context: Record<string, unknown> = JSON.parse(row.context);
    const ctx: StepContext<unknown> = {
      jobId: row.id,
      params,
      target,
      context,
      remember: async (patch) => {
        Object.assign(context, patch);
        await this.writes.remember(f, context);
      },
      signal: lease,
      deps,
      mutation: workerContext(row),
      reason: row.reason,
    };
    for (let idx = Number(row.current_step); idx < def.steps.length; idx++) {
      if (idx !== marked) {
        row = (await getJobRow(this.db, f.jobId)) as JobsTable;
        if (Number(row.fence) !== f.fence) throw new StepAborted('lease_lost');
        if (Number(row.cancel_requested) === 1) return this.cancel(f, row, def.steps, ctx, lease);
      }
      const step = def.steps[idx];
      const run = (signal: AbortSignal) => step.run({ ...ctx, signal });
      const outcome = await this.attempt(f, idx, step, steps[idx], run, lease, idx === marked);
      if (!outcome.ok && outcome.cancelled) return this.cancel(f, row, def.steps, ctx, lease);
      if (!outcome.ok) return this.writes.fail(f, row, idx, { ...outcome.error, step: step.name });
      await this.writes.stepSucceeded(f, row, idx, step.name, outcome.observed);
    }
    row = (await getJobRow(this.db, f.jobId)) as JobsTable;
    await this.writes.succeed(f, row);
  }

  private async cancel(
    f: Fence,
    row: JobsTable,
    defs: StepDef<unknown>[],
    ctx: StepContext<unknown>,
    lease: AbortSignal
  ): Promise<void> {
    const fresh = await getSteps(this.db, row.id);
    for (const s of [...fresh].reverse()) {
      const comp = defs[s.index]?.compensate;
      if (s.status !== 'succeeded' || !comp) continue;
      const outcome = await this.attempt(
        f,
        s.index,
        defs[s.index],
        null,
        (signal) => comp.run({ ...ctx, signal }),
        lease
      );
      if (!outcome.ok) {
        const error = outcome.cancelled
          ? { code: 'compensation_interrupted', message: 'interrupted', remediation: 'Retry the cancellation.' }
          : outcome.error;
        return this.writes.fail(f, row, null, {
          ...error,
          message: `Cancelled, but compensating "${s.name}" failed: ${error.message}`,
          step: s.name,
        });
      }
      await this.writes.compensated(f, row, s.index, s.name, outcome.observed);
    }
    await this.writes.cancelled(
      f,
      row,
      fresh.filter((s) => s.status === 'pending' || s.status === 'running').map((s) => s.index)
    );
  }

  /** Polls the job's cancel flag while an interruptible step runs. */
  private watchCancel(f: Fence, onCancel: () => void): NodeJS.Timeout {
    return setInterval(() => {
      getJobRow(this.db, f.jobId).then(
        (r) => {
          if (r && Number(r.cancel_requested) === 1) onCancel();
        },
        () => undefined
      );
    }, this.registry.engine.pollIntervalMs);
  }

  /**
   * Runs `fn` with the step's timeout and retries transient failures; `state` is the persisted step
   * (null for compensations), whose attempts already count the first one when `firstAttemptRecorded`.
   */
  private async attempt(
    f: Fence,
    idx: number,
    step: StepDef<unknown>,
    state: JobStep | null,
    fn: (signal: AbortSignal) => Promise<Record<string, unknown>>,
    lease: AbortSignal,
    firstAttemptRecorded = false
  ): Promise<Outcome> {
    let attempts = state?.attempts ?? 0;
    const timeoutMs = step.timeoutMs ?? this.opts.defaultStepTimeoutMs;
    for (let n = 1; ; n++) {
      if (lease.aborted) throw lease.reason;
      if (state && !(n === 1 && firstAttemptRecorded)) {
        attempts += 1;
        await this.writes.stepAttempt(f, idx, attempts, state.startedAt);
      }
      const timer = new AbortController();
      const t = setTimeout(() => timer.abort(new StepAborted('timeout')), timeoutMs);
      const watch =
        state && step.interruptible ? this.watchCancel(f, () => timer.abort(new StepAborted('cancelled'))) : undefined;
      const signal = AbortSignal.any([timer.signal, lease]);
      try {
        const observed = await raceAbort(fn(signal), signal);
        return { ok: true, observed };
      } catch (err) {
        if (lease.aborted) throw lease.reason;
        if (timer.signal.reason instanceof StepAborted && timer.signal.reason.why === 'cancelled')
          return { ok: false, cancelled: true };
        if (timer.signal.aborted) {
          return {
            ok: false,
            error: {
              code: 'step_timeout',
              message: `${step.title} did not finish within ${Math.round(timeoutMs / 1000)} s`,
              remediation: step.remediation(err),
            },
          };
        }
        const transient =
          (err instanceof PlatformCallError && err.transient) || (err instanceof StepError && err.transient);
        if (transient && n < this.opts.maxAttempts) {
          const settle = err instanceof PlatformCallError && err.kind === 'timeout' ? this.opts.platformTimeoutMs : 0;
          const wait = Math.max(settle, backoffMs(n, this.opts.retryBaseMs, this.opts.retryMaxMs));
          this.log.warn(
            { jobId: f.jobId, step: step.name, attempt: n, waitMs: wait, err: (err as Error).message },
            'transient step failure; retrying'
          );
          await sleep(wait, lease);
          continue;
        }
        if (!(err instanceof StepError || err instanceof PlatformCallError || err instanceof DomainError)) {
          this.log.error({ jobId: f.jobId, step: step.name, err }, 'step failed unexpectedly');
        }
        return { ok: false, error: { ...describe(err, n), remediation: step.remediation(err) } };
      } finally {
        clearTimeout(t);
        if (watch) clearInterval(watch);
      }
    }
  }
}

function describe(err: unknown, attempts: number): { code: string; message: string } {
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  if (err instanceof StepError) return { code: err.code, message: err.message + tries };
  if (err instanceof PlatformCallError)
    return { code: `${err.system}_${err.kind}${err.status ? `_${err.status}` : ''}`, message: err.message + tries };
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  return { code: 'internal', message: 'The step failed with an unexpected error' };
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  p.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      }
    );
  });
}
