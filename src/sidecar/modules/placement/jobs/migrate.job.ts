/**
 * tenant.migrate (SPEC §2): preflight → mark migrating → drain on source (time-boxed) → CAS placement
 * update → reload target and source → verify on target → undrain source → mark active.
 * Every step re-reads before acting (idempotent on replay after a crash). A failure after the
 * placement update rolls back: placement CAS'd back to the source, nodes reloaded, source undrained,
 * tenant active again; the step then fails with what happened. A rollback is recorded in the job
 * context (fenced) before it changes anything, so a worker that lost the job cannot start one, and a
 * retried or resumed step finishes it instead of carrying on: once begun, the job can only fail. An
 * aborted step (lease lost, shutdown, time-out) never rolls back; whoever resumes the job decides.
 * A cancellation once the placement is updated rolls back the same way, as the engine's compensations
 * (newest first): placement CAS'd back to the source (this job's move only; recorded first, fenced),
 * nodes reloaded until the platform serves the tenant from the source alone, source undrained, tenant
 * active; the job ends cancelled, or failed when the platform could not be brought back.
 * Verification requires the platform itself to serve the tenant from the target, not only traffic
 * on the target in VictoriaMetrics (a rate window still shows traffic that has already moved away).
 */
import type { JobParams, ServiceKind } from '../../../../contract';
import { VmUnavailable } from '../../../platform/victoriaMetrics';
import { sleep, waitFor, type JobTypeDef, type Observed, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { tenantTarget } from '../../tenants';
import { migrationPreflight } from './migrate.preflight';
import type { PlacementJobDeps, PlacementJobTypeDeps } from './placementJobDeps';
import { PlacementConflict } from '../placement.store';
import { PlatformCallError, platformRemediation } from '../../../platform/platformCallError';

type Migrate = JobParams<'tenant.migrate'>;
type Ctx = StepContext<Migrate, PlacementJobTypeDeps>;

export const RELOAD_ATTEMPTS = 3;

export function placementDeps(deps: PlacementJobTypeDeps): PlacementJobDeps {
  if (!deps.placement)
    throw new StepError(
      'placement_unavailable',
      'Placement is not configured on this sidecar',
      'Configure the placement store and VictoriaMetrics (SWITCHYARD_VM_URL).'
    );
  return deps.placement;
}

const source = (ctx: Ctx) => String(ctx.context.source ?? '');
/** A failed placement step's remediation: the step's own, the platform call's, or else `unexpected`. */
const remediationOr =
  (unexpected: string) =>
  (err: unknown): string => {
    if (err instanceof StepError) return err.remediation;
    if (err instanceof PlatformCallError) return platformRemediation(err);
    return unexpected;
  };
/** The remediation of a placement job step (rebalance, shard jobs). */
export const placementRemediation = remediationOr('Check the sidecar logs for this job id, then retry.');
const remediate = (what: string) =>
  remediationOr(`${what} failed unexpectedly. Check the sidecar logs for this job id, then retry.`);

async function inFlightOn(ctx: Ctx, shard: string): Promise<number> {
  const st = await placementDeps(ctx.deps).platform.placementStatus(shard, ctx.signal);
  return st.tenants.find((t) => t.tenantId === ctx.params.tenantId)?.inFlight ?? 0;
}

async function reloadBoth(ctx: Ctx, shard: string): Promise<void> {
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
async function platformServesTarget(ctx: Ctx): Promise<{ ok: boolean; seen: string }> {
  const { onTarget, onSource, seen } = await placedOn(ctx);
  return { ok: onTarget && !onSource, seen };
}

const CANCELLED = 'migration cancelled';

/**
 * A cancelled migration's placement write undone: when the store holds this job's move to the target,
 * it is compare-and-set back to the source, recorded in the job first (fenced) as a rollback is. A
 * placement another writer changed since is left alone and fails the cancellation. Nothing when the
 * store already has the source (never moved, or already undone).
 */
async function undoMove(ctx: Ctx): Promise<Observed> {
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
async function serveFromSource(ctx: Ctx): Promise<Observed> {
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
function rollbackUnlessAborted(ctx: Ctx, why: string): Promise<never> {
  ctx.signal.throwIfAborted();
  return rollback(ctx, why);
}

/**
 * Puts everything back on the source: CAS placement back, reload, undrain, tenant active. Recorded
 * first (fenced), so only the job's owner starts it and a retry or a takeover resumes it.
 */
async function rollback(ctx: Ctx, cause: string): Promise<never> {
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

export const tenantMigrate: JobTypeDef<Migrate, PlacementJobTypeDeps> = {
  type: 'tenant.migrate',
  target: async (p, deps) => ({
    ...(await tenantTarget(p.tenantId, deps)),
    target: `tenant ${p.tenantId} (${p.kind})`,
  }),
  preflight: (p, target, deps) => migrationPreflight(p, target, deps),
  steps: [
    {
      name: 'record-source',
      title: 'Record the current shard and placement revision',
      async run(ctx) {
        if (ctx.context.source) return { source: ctx.context.source, revision: ctx.context.revision, reused: true };
        const a = await placementDeps(ctx.deps).store.getAssignment(ctx.params.tenantId, ctx.params.kind);
        if (!a)
          throw new StepError(
            'no_assignment',
            `Tenant ${ctx.params.tenantId} has no ${ctx.params.kind} placement`,
            'Import the placement (sync) first; nothing was changed.'
          );
        if (a.shardId === ctx.params.targetShardId)
          throw new StepError('already_there', `The tenant is already on ${a.shardId}`, 'Nothing to do.');
        await ctx.remember({ source: a.shardId, revision: a.revision });
        return { source: a.shardId, revision: a.revision };
      },
      remediation: remediate('Reading placement'),
    },
    {
      name: 'mark-migrating',
      title: 'Mark the tenant migrating',
      async run(ctx) {
        const t = await ctx.deps.tenants.get(ctx.params.tenantId);
        if (t.status === 'migrating') return { status: 'migrating', alreadyDone: true };
        const after = await ctx.deps.tenants.changeStatus(ctx.mutation, t.id, 'migrating', ctx.reason);
        return { status: { from: t.status, to: after.status } };
      },
      compensate: {
        title: 'Set the tenant back to active',
        run: async (ctx) =>
          (await ctx.deps.tenants.get(ctx.params.tenantId)).status === 'migrating'
            ? {
                status: (
                  await ctx.deps.tenants.changeStatus(
                    ctx.mutation,
                    ctx.params.tenantId,
                    'active',
                    'migration cancelled'
                  )
                ).status,
              }
            : { unchanged: true },
      },
      remediation: remediate('Marking the tenant migrating'),
    },
    {
      name: 'drain-source',
      title: 'Drain the tenant on the source shard (time-boxed)',
      timeoutMs: 3_700_000,
      async run(ctx) {
        const p = placementDeps(ctx.deps);
        await p.platform.drain(source(ctx), ctx.params.tenantId, ctx.signal);
        const started = performance.now();
        let last = -1;
        await waitFor(
          ctx,
          ctx.params.drainTimeoutSeconds * 1000,
          async () => ((last = await inFlightOn(ctx, source(ctx))) === 0 ? true : undefined),
          () =>
            new StepError(
              'drain_not_converging',
              `In-flight work on ${source(ctx)} did not reach zero within ${ctx.params.drainTimeoutSeconds} s (still ${last})`,
              'The tenant stays drained on the source and placement is unchanged. Cancel the job to undrain, or retry with a longer drainTimeoutSeconds.'
            )
        );
        return { shard: source(ctx), inFlight: 0, waitedMs: Math.round(performance.now() - started) };
      },
      compensate: {
        title: 'Undrain the source (after moving the placement back, if this job moved it)',
        async run(ctx) {
          // The placement step may have written the store and stopped before it was recorded as done
          // (crash, lost lease): its own compensation does not run then, so this one undoes the move.
          const moved = await undoMove(ctx);
          const platform = moved.placement ? await serveFromSource(ctx) : {};
          await placementDeps(ctx.deps).platform.undrain(source(ctx), ctx.params.tenantId, ctx.signal);
          return { ...moved, ...platform, undrained: source(ctx) };
        },
      },
      remediation: remediate('Draining the source'),
    },
    {
      name: 'update-placement',
      title: 'Move the assignment to the target (compare-and-set on the revision)',
      async run(ctx) {
        const { store } = placementDeps(ctx.deps);
        const { tenantId, kind, targetShardId } = ctx.params;
        const current = await store.getAssignment(tenantId, kind);
        if (current?.shardId === targetShardId && current.revision > Number(ctx.context.revision)) {
          return { shard: targetShardId, revision: current.revision, alreadyDone: true };
        }
        try {
          const a = await store.moveAssignment(tenantId, kind, Number(ctx.context.revision), targetShardId, {
            at: ctx.deps.clock.now(),
            actor: ctx.mutation.actor.login,
            reason: ctx.reason,
            jobId: ctx.jobId,
          });
          return {
            shard: { from: source(ctx), to: a.shardId },
            revision: { from: ctx.context.revision, to: a.revision },
          };
        } catch (err) {
          if (err instanceof PlacementConflict) {
            throw new StepError(
              'placement_changed',
              `Placement of ${tenantId}/${kind} changed during the migration (revision ${err.currentRevision})`,
              'Another writer moved the tenant. Review the Placement tab, cancel this job (it undrains the source) and plan again.'
            );
          }
          throw err;
        }
      },
      compensate: {
        title: 'Move the assignment back to the source and reload the nodes until the platform serves it there',
        async run(ctx) {
          if (ctx.context.rollback === undefined) await ctx.remember({ rollback: CANCELLED });
          return { ...(await undoMove(ctx)), ...(await serveFromSource(ctx)) };
        },
      },
      remediation: remediate('Updating placement'),
    },
    {
      name: 'reload-nodes',
      title: 'Reload the target and source nodes',
      async run(ctx) {
        if (ctx.context.rollback !== undefined) return rollback(ctx, String(ctx.context.rollback));
        try {
          await reloadBoth(ctx, ctx.params.targetShardId);
        } catch (err) {
          return rollbackUnlessAborted(ctx, `reload failed: ${(err as Error).message}`);
        }
        return { reloaded: [ctx.params.targetShardId, source(ctx)] };
      },
      remediation: remediate('Reloading nodes'),
    },
    {
      name: 'verify',
      title: 'Verify the platform serves the tenant from the target, with traffic there and no elevated error ratio',
      timeoutMs: 700_000,
      async run(ctx) {
        if (ctx.context.rollback !== undefined) return rollback(ctx, String(ctx.context.rollback));
        const p = placementDeps(ctx.deps);
        const { tenantId, kind, targetShardId } = ctx.params;
        let platform = 'not read';
        let traffic: number | null = null;
        let errors: number | null = null;
        try {
          await waitFor(
            ctx,
            ctx.params.verifySeconds * 1000,
            async () => {
              const served = await platformServesTarget(ctx);
              platform = served.seen;
              traffic = await p.vm.tenantTrafficOn(kind, tenantId, targetShardId);
              errors = await p.vm.errorRatio(tenantId);
              return served.ok && (traffic ?? 0) > 0 && (errors ?? 0) <= p.thresholds.maxErrorRatio ? true : undefined;
            },
            () =>
              new Error(
                `the platform has the tenant ${platform}, traffic on ${targetShardId} ${traffic ?? 'none'}, error ratio ${errors ?? 'unknown'} (threshold ${p.thresholds.maxErrorRatio})`
              )
          );
        } catch (err) {
          return rollbackUnlessAborted(
            ctx,
            `verification failed: ${err instanceof VmUnavailable ? err.message : (err as Error).message}`
          );
        }
        return {
          platform,
          trafficOnTarget: traffic,
          errorRatio: errors,
          threshold: p.thresholds.maxErrorRatio,
        };
      },
      remediation: remediate('Verifying'),
    },
    {
      name: 'undrain-source',
      title: 'Clear the drain on the source',
      run: async (ctx) => (
        await placementDeps(ctx.deps).platform.undrain(source(ctx), ctx.params.tenantId, ctx.signal),
        { undrained: source(ctx) }
      ),
      remediation: remediate('Undraining the source'),
    },
    {
      name: 'mark-active',
      title: 'Mark the tenant active',
      async run(ctx) {
        const t = await ctx.deps.tenants.get(ctx.params.tenantId);
        if (t.status === 'active') return { status: 'active', alreadyDone: true };
        return {
          status: {
            from: t.status,
            to: (await ctx.deps.tenants.changeStatus(ctx.mutation, t.id, 'active', ctx.reason)).status,
          },
        };
      },
      remediation: remediate('Marking the tenant active'),
    },
  ],
};
