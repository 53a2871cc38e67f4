/**
 * What a job type is: how it finds its target, what its preflight measures, and its ordered steps.
 * Every step must be idempotent toward the outside world: it reads the platform first and only
 * acts if the effect is not there yet, and any choice that a replay must repeat exactly (a
 * `restartedAt`, a staging secret name) is persisted with `remember` BEFORE the call that uses it.
 */
import type { DiffEntry, Environment, JobType, PreflightCheck } from '../../contract';
import type { Clock } from '../kernel/clock';
import type { MutationContext } from '../kernel/mutations';
import { StepAborted } from './stepErrors';

/**
 * What the engine gives every job type. A module's job types declare what more they need
 * (`EngineDeps & { … }`) and the module binds those when it contributes them (registry.ts).
 */
export interface EngineDeps {
  /** The kernel clock: every timestamp a step records comes from it. */
  clock: Clock;
  /** Upper bound of convergence waits. */
  waitTimeoutMs: number;
  /** Interval between convergence polls. */
  pollIntervalMs: number;
}

export interface JobTarget {
  environment: Environment;
  tenantId: string | null;
  /** Human-readable target. */
  target: string;
  /** At most one active job per lock key. */
  lockKey: string;
}

export interface Preflight {
  checks: PreflightCheck[];
  diff: DiffEntry[];
}

export type Observed = Record<string, unknown>;

export interface StepContext<P, D extends EngineDeps = EngineDeps> {
  jobId: string;
  params: P;
  target: JobTarget;
  /** Values persisted for this job by earlier `remember` calls (survive crashes and takeovers). */
  context: Record<string, unknown>;
  /** Persists values into the job context (fenced) before they are used toward the platform. */
  remember(patch: Record<string, unknown>): Promise<void>;
  /** Aborted when the step times out, the lease is lost or the process stops. */
  signal: AbortSignal;
  deps: D;
  /** Actor (the requester, role `job`), request id and job id for audited service calls. */
  mutation: MutationContext;
  reason: string;
}

export interface StepDef<P, D extends EngineDeps = EngineDeps> {
  name: string;
  title: string;
  /** Default 30 s. */
  timeoutMs?: number;
  /** A long wait: a cancellation request interrupts it instead of waiting for the step to end. */
  interruptible?: boolean;
  /** Runs the step and returns its observed effect, read back from the platform. */
  run(ctx: StepContext<P, D>): Promise<Observed>;
  /** Undo after a cancellation, where defined (also idempotent). */
  compensate?: { title: string; run(ctx: StepContext<P, D>): Promise<Observed> };
  /** What the operator should do when this step fails with `err`. */
  remediation(err: unknown): string;
}

export interface JobTypeDef<P, D extends EngineDeps = EngineDeps> {
  type: JobType;
  /**
   * The module endpoint that alone creates and approves jobs of this type (behind that module's own
   * RBAC actions); the generic job endpoints refuse to approve or retry them.
   */
  ownedBy?: string;
  /** True when this job needs a second person's approval whatever the approvals policy says. */
  alwaysNeedsApproval?(params: P, target: JobTarget): boolean;
  target(params: P, deps: D): Promise<JobTarget>;
  preflight(params: P, target: JobTarget, deps: D): Promise<Preflight>;
  steps: StepDef<P, D>[];
}

export function check(
  name: string,
  ok: boolean,
  message: string,
  measured: unknown,
  threshold?: unknown
): PreflightCheck {
  return threshold === undefined ? { name, ok, message, measured } : { name, ok, message, measured, threshold };
}

/** Sleeps, or rejects with StepAborted as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortReason(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortReason(signal: AbortSignal): StepAborted {
  return signal.reason instanceof StepAborted ? signal.reason : new StepAborted('timeout');
}

/** Polls `probe` until it returns a value (not undefined), or throws `onTimeout()` after `timeoutMs`. */
export async function waitFor<T>(
  ctx: { signal: AbortSignal; deps: EngineDeps },
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  onTimeout: () => Error
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (ctx.signal.aborted) throw abortReason(ctx.signal);
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() >= deadline) throw onTimeout();
    await sleep(ctx.deps.pollIntervalMs, ctx.signal);
  }
}
