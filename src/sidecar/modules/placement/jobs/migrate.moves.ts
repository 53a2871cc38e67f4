/**
 * tenant.migrate's moves on the platform and the store: the source's in-flight work, reloading the
 * target and source nodes, where the nodes place the tenant, and the way back to the source — the
 * rollback of a failed reload or verification and the undo of a cancelled migration (migrate.job.ts).
 */
import type { JobParams, ServiceKind } from '../../../../contract';
import { sleep, type Observed, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { PlatformCallError } from '../../../platform/platformCallError';
import { placementDeps, type PlacementJobTypeDeps } from './placementJobDeps';

type Migrate = JobParams<'tenant.migrate'>;
type Ctx = StepContext<Migrate, PlacementJobTypeDeps>;

const RELOAD_ATTEMPTS = 3;

/** The shard the tenant moves from (recorded by the first step). */
export const source = (ctx: Ctx) => String(ctx.context.source ?? '');

export async function inFlightOn(ctx: Ctx, shard: string): Promise<number> {
  const st = await placementDeps(ctx.deps).platform.placementStatus(shard, ctx.signal);
  return st.tenants.find((t) => t.tenantId === ctx.params.tenantId)?.inFlight ?? 0;
}

export async function reloadBoth(ctx: Ctx, shard: string): Promise<void> {
  const p = placementDeps(ctx.deps);
  const assignment = [{ tenantId: ctx.params.tenantId, kind: ctx.params.kind as ServiceKind, shard }];
  let last: unknown;
  for (let attempt = 1; attempt <= RELOAD_ATTEMPTS; attempt++) {
    try {
      await p.platform.reload(ctx.params.targetShardId, assignment, ctx.signal);
      await p.platform.reload(source(ctx), assignment, ctx.signal);
      return;
    } catch (err) {
      last = err;
      if (!(err instanceof PlatformCallError && err.transient)) break;
      await sleep(ctx.deps.pollIntervalMs * attempt, ctx.signal);
    }
  }
  throw last;
}

/** Whether the target and the source nodes place the tenant, and how that reads. */
async function placedOn(ctx: Ctx): Promise<{ onTarget: boolean; onSource: boolean; seen: string }> {
  const p = placementDeps(ctx.deps);
  const { tenantId, targetShardId } = ctx.params;
  const [onTarget, onSource] = await Promise.all(
    [targetShardId, source(ctx)].map(async (shard) =>
      (await p.platform.placementStatus(shard, ctx.signal)).tenants.some((t) => t.tenantId === tenantId && t.placed)
    )
  );
  const seen = `placed on ${[onTarget && targetShardId, onSource && source(ctx)].filter(Boolean).join(' and ') || 'neither node'}`;
  return { onTarget, onSource, seen };
}

/** Where the platform places the tenant: on the target only (true), or not (what its nodes report). */
export async function platformServesTarget(ctx: Ctx): Promise<{ ok: boolean; seen: string }> {
  const { onTarget, onSource, seen } = await placedOn(ctx);
  return { ok: onTarget && !onSource, seen };
}

export const CANCELLED = 'migration cancelled';

/**
 * A cancelled migration's placement write undone: when the store holds this job's move to the target,
 * it is compare-and-set back to the source, recorded in the job first (fenced) as a rollback is. A
 * placement another writer changed since is left alone and fails the cancellation. Nothing when the
 * store already has the source (never moved, or already undone).
 */
export async function undoMove(ctx: Ctx): Promise<Observed> {
  const { store } = placementDeps(ctx.deps);
  const { tenantId, kind, targetShardId } = ctx.params;
  const current = await store.getAssignment(tenantId, kind);
  if (!current || current.shardId === source(ctx)) return {};
  const [last] = await store.history(tenantId, kind, 1);
  if (current.shardId !== targetShardId || last?.jobId !== ctx.jobId || last.revision !== current.revision)
    throw new StepError(
      'placement_changed',
      `Placement of ${tenantId}/${kind} is on ${current.shardId} (revision ${current.revision}), written by ${last?.jobId ? `job ${last.jobId}` : (last?.actor ?? 'another writer')}, not by this migration; it was not moved back`,
      `Review the Placement tab and the platform's placement of ${tenantId}; the tenant may still be drained on ${source(ctx)}.`
    );
  if (ctx.context.rollback === undefined) await ctx.remember({ rollback: CANCELLED });
  const moved = await store.moveAssignment(tenantId, kind, current.revision, source(ctx), {
    at: ctx.deps.clock.now(),
    actor: ctx.mutation.actor.login,
    reason: `rollback: ${String(ctx.context.rollback)}`,
    jobId: ctx.jobId,
  });
  return { placement: { from: current.shardId, to: moved.shardId, revision: moved.revision } };
}

/**
 * The platform brought back to the store's placement on the source: the target is reloaded where it
 * still places the tenant, the source where it does not, then both nodes are read back. Fails (the
 * cancellation with it) while the platform does not serve the tenant from the source alone.
 */
export async function serveFromSource(ctx: Ctx): Promise<Observed> {
  const p = placementDeps(ctx.deps);
  const { tenantId, kind, targetShardId } = ctx.params;
  const assignment = [{ tenantId, kind, shard: source(ctx) }];
  const before = await placedOn(ctx);
  const reloaded: string[] = [];
  if (before.onTarget) {
    await p.platform.reload(targetShardId, assignment, ctx.signal);
    reloaded.push(targetShardId);
  }
  if (!before.onSource) {
    await p.platform.reload(source(ctx), assignment, ctx.signal);
    reloaded.push(source(ctx));
  }
  const after = reloaded.length > 0 ? await placedOn(ctx) : before;
  if (after.onTarget || !after.onSource)
    throw new StepError(
      'platform_not_restored',
      `The placement is back on ${source(ctx)} but the platform has the tenant ${after.seen}`,
      `Reload ${source(ctx)} and ${targetShardId} (node admin), check the platform's placement of ${tenantId}, then undrain it on ${source(ctx)}.`,
      true
    );
  return { platform: after.seen, reloaded };
}

/**
 * A failed reload or verification: rolls back, unless the step was aborted (lease lost, shutdown,
 * time-out), which leaves the job to whoever resumes it.
 */
export function rollbackUnlessAborted(ctx: Ctx, why: string): Promise<never> {
  ctx.signal.throwIfAborted();
  return rollback(ctx, why);
}

/**
 * Puts everything back on the source: CAS placement back, reload, undrain, tenant active. Recorded
 * first (fenced), so only the job's owner starts it and a retry or a takeover resumes it.
 */
export async function rollback(ctx: Ctx, cause: string): Promise<never> {
  if (ctx.context.rollback === undefined) await ctx.remember({ rollback: cause });
  const why = String(ctx.context.rollback);
  const p = placementDeps(ctx.deps);
  const { tenantId, kind } = ctx.params;
  const steps: string[] = [];
  const current = await p.store.getAssignment(tenantId, kind);
  if (current && current.shardId !== source(ctx)) {
    await p.store.moveAssignment(tenantId, kind, current.revision, source(ctx), {
      at: ctx.deps.clock.now(),
      actor: ctx.mutation.actor.login,
      reason: `rollback: ${why}`,
      jobId: ctx.jobId,
    });
    steps.push('placement restored');
  }
  try {
    await p.platform.reload(source(ctx), [{ tenantId, kind, shard: source(ctx) }], ctx.signal);
    steps.push('source reloaded');
  } catch {
    steps.push('source reload FAILED');
  }
  await p.platform.undrain(source(ctx), tenantId, ctx.signal);
  steps.push('source undrained');
  const t = await ctx.deps.tenants.get(tenantId);
  if (t.status === 'migrating')
    await ctx.deps.tenants.changeStatus(ctx.mutation, tenantId, 'active', `rollback: ${why}`);
  throw new StepError(
    'migration_rolled_back',
    `${why}; rolled back to ${source(ctx)} (${steps.join(', ')})`,
    `The tenant serves from ${source(ctx)} again. Fix the cause (${why}) and create a new migration job.`
  );
}
