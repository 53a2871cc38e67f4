/**
 * One tenant move as the batch jobs (shard drain, rebalance apply) run it: re-read the assignment
 * (skip when it already moved), drain on the source until in-flight work is zero (time-boxed),
 * compare-and-set the placement, reload both nodes (a failed reload rolls this move back), undrain
 * the source. Safe to replay.
 */
import type { ServiceKind } from '../../../../contract';
import type { StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { placementDeps } from './migrate.job';
import type { PlacementJobTypeDeps } from './placementJobDeps';

export interface PlannedMoveRef {
  tenantId: string;
  kind: ServiceKind;
  from: string;
  to: string;
}

export async function moveTenant(
  ctx: StepContext<unknown, PlacementJobTypeDeps>,
  m: PlannedMoveRef,
  drainTimeoutSeconds: number
): Promise<'moved' | 'skipped'> {
  const { store, platform } = placementDeps(ctx.deps);
  const a = await store.getAssignment(m.tenantId, m.kind);
  if (!a || a.shardId !== m.from) return 'skipped';
  await platform.drain(a.shardId, m.tenantId, ctx.signal);
  const deadline = performance.now() + drainTimeoutSeconds * 1000;
  for (;;) {
    const st = await platform.placementStatus(a.shardId, ctx.signal);
    if ((st.tenants.find((t) => t.tenantId === m.tenantId)?.inFlight ?? 0) === 0) break;
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
  const meta = (reason: string) => ({
    at: ctx.deps.clock.now(),
    actor: ctx.mutation.actor.login,
    reason,
    jobId: ctx.jobId,
  });
  const moved = await store.moveAssignment(m.tenantId, m.kind, a.revision, m.to, meta(ctx.reason));
  const assignment = [{ tenantId: m.tenantId, kind: m.kind, shard: m.to }];
  try {
    await platform.reload(m.to, assignment, ctx.signal);
    await platform.reload(a.shardId, assignment, ctx.signal);
  } catch (err) {
    // Roll this move back so the store never claims a placement the platform did not take.
    await store.moveAssignment(
      m.tenantId,
      m.kind,
      moved.revision,
      a.shardId,
      meta(`rollback: ${(err as Error).message}`)
    );
    await platform.reload(a.shardId, [{ ...assignment[0], shard: a.shardId }], ctx.signal).catch(() => undefined);
    await platform.undrain(a.shardId, m.tenantId, ctx.signal);
    throw err;
  }
  await platform.undrain(a.shardId, m.tenantId, ctx.signal);
  return 'moved';
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
