/**
 * One tenant move as the batch jobs (shard drain, rebalance apply) run it: re-read the assignment
 * (skip when it already moved), drain on the source until in-flight work is zero (time-boxed),
 * compare-and-set the placement, reload both nodes (a failed reload rolls this move back), undrain
 * the source. Safe to replay, including after a crash between the placement write and the platform:
 * the assignment's last history entry is then this job's move, and the replay finishes it where the
 * platform does not show it yet instead of skipping it. Each platform call is made only where the
 * platform does not already show its effect, so a replay sends none twice.
 */
import type { Assignment, ServiceKind } from '../../../../contract';
import type { StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { placementDeps } from './placementJobDeps';
import type { PlacementJobTypeDeps } from './placementJobDeps';

export interface PlannedMoveRef {
  tenantId: string;
  kind: ServiceKind;
  from: string;
  to: string;
}

type Ctx = StepContext<unknown, PlacementJobTypeDeps>;

/** How the platform's node `shard` sees the tenant (absent: neither placed nor draining there). */
async function onNode(ctx: Ctx, shard: string, tenantId: string) {
  const st = await placementDeps(ctx.deps).platform.placementStatus(shard, ctx.signal);
  return st.tenants.find((t) => t.tenantId === tenantId);
}

/** The assignment's last change is this job's move of `m` (the store holds it; the platform may not). */
async function movedByThisJob(ctx: Ctx, m: PlannedMoveRef, a: Assignment): Promise<boolean> {
  if (a.shardId !== m.to || m.to === m.from) return false;
  const [last] = await placementDeps(ctx.deps).store.history(m.tenantId, m.kind, 1);
  return last?.jobId === ctx.jobId && last.revision === a.revision && last.previousShardId === m.from;
}

export async function moveTenant(
  ctx: Ctx,
  m: PlannedMoveRef,
  drainTimeoutSeconds: number
): Promise<'moved' | 'skipped'> {
  const { store, platform } = placementDeps(ctx.deps);
  const a = await store.getAssignment(m.tenantId, m.kind);
  if (a && (await movedByThisJob(ctx, m, a))) {
    return (await takeOnPlatform(ctx, m, a.revision)) ? 'moved' : 'skipped';
  }
  if (!a || a.shardId !== m.from) return 'skipped';
  if (!(await onNode(ctx, a.shardId, m.tenantId))?.draining) await platform.drain(a.shardId, m.tenantId, ctx.signal);
  const deadline = performance.now() + drainTimeoutSeconds * 1000;
  for (;;) {
    if (((await onNode(ctx, a.shardId, m.tenantId))?.inFlight ?? 0) === 0) break;
    if (performance.now() > deadline) {
      await platform.undrain(a.shardId, m.tenantId, ctx.signal);
      throw new StepError(
        'drain_not_converging',
        `${m.tenantId} did not drain on ${a.shardId} within ${drainTimeoutSeconds} s`,
        'Investigate in-flight work on the shard, then retry the job.'
      );
    }
    await new Promise((r) => setTimeout(r, ctx.deps.pollIntervalMs));
  }
  const moved = await store.moveAssignment(m.tenantId, m.kind, a.revision, m.to, {
    at: ctx.deps.clock.now(),
    actor: ctx.mutation.actor.login,
    reason: ctx.reason,
    jobId: ctx.jobId,
  });
  await takeOnPlatform(ctx, m, moved.revision);
  return 'moved';
}

/**
 * The platform takes a move the store holds (at `revision`): each node that does not show it yet is
 * reloaded, then the source's drain is cleared; whether anything had to be sent. A failed reload
 * rolls the move back, so the store never claims a placement the platform did not take.
 */
async function takeOnPlatform(ctx: Ctx, m: PlannedMoveRef, revision: number): Promise<boolean> {
  const { store, platform } = placementDeps(ctx.deps);
  const assignment = [{ tenantId: m.tenantId, kind: m.kind, shard: m.to }];
  let sent = false;
  let source: Awaited<ReturnType<typeof onNode>>;
  try {
    if (!(await onNode(ctx, m.to, m.tenantId))?.placed) {
      await platform.reload(m.to, assignment, ctx.signal);
      sent = true;
    }
    source = await onNode(ctx, m.from, m.tenantId);
    if (source?.placed) {
      await platform.reload(m.from, assignment, ctx.signal);
      sent = true;
    }
  } catch (err) {
    await store.moveAssignment(m.tenantId, m.kind, revision, m.from, {
      at: ctx.deps.clock.now(),
      actor: ctx.mutation.actor.login,
      reason: `rollback: ${(err as Error).message}`,
      jobId: ctx.jobId,
    });
    await platform.reload(m.from, [{ ...assignment[0], shard: m.from }], ctx.signal).catch(() => undefined);
    await platform.undrain(m.from, m.tenantId, ctx.signal);
    throw err;
  }
  // A reload does not touch the drain: the source's state read before it still holds.
  if (source?.draining) {
    await platform.undrain(m.from, m.tenantId, ctx.signal);
    sent = true;
  }
  return sent;
}

/**
 * Runs moves with at most `concurrency` at once. Stop condition: after `maxFailures` failed moves no
 * new move starts (running ones finish). Returns the tally and the failures.
 */
export async function runMoves(
  ctx: StepContext<unknown, PlacementJobTypeDeps>,
  moves: PlannedMoveRef[],
  opts: { concurrency: number; maxFailures: number; drainTimeoutSeconds: number }
) {
  const queue = [...moves];
  const tally = { moved: 0, skipped: 0, failed: 0 };
  const failures: Array<{ tenantId: string; kind: string; error: string }> = [];
  const worker = async () => {
    while (queue.length > 0 && tally.failed < opts.maxFailures && !ctx.signal.aborted) {
      const m = queue.shift()!;
      try {
        tally[await moveTenant(ctx, m, opts.drainTimeoutSeconds)] += 1;
      } catch (err) {
        tally.failed += 1;
        failures.push({ tenantId: m.tenantId, kind: m.kind, error: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  return { tally, failures, notStarted: queue.length };
}
