/**
 * tenant.migrate (SPEC §2): preflight → mark migrating → drain on source (time-boxed) → CAS placement
 * update → reload target and source → verify on target → undrain source → mark active.
 * Every step re-reads before acting (idempotent on replay after a crash). A failure after the
 * placement update rolls back: placement CAS'd back to the source, nodes reloaded, source undrained,
 * tenant active again; the step then fails with what happened. A rollback is recorded in the job
 * context (fenced) before it changes anything, so a worker that lost the job cannot start one, and a
 * retried or resumed step finishes it instead of carrying on: once begun, the job can only fail. An
 * aborted step (lease lost, shutdown, time-out) never rolls back; whoever resumes the job decides.
 * Verification requires the platform itself to serve the tenant from the target, not only traffic
 * on the target in VictoriaMetrics (a rate window still shows traffic that has already moved away).
 */
import type { JobParams, ServiceKind } from '../../../../contract';
import { VmUnavailable } from '../../../platform/victoriaMetrics';
import { sleep, waitFor, type JobTypeDef, type StepContext } from '../../../jobs/jobType';
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

/** Where the platform places the tenant: on the target only (true), or not (what its nodes report). */
async function platformServesTarget(ctx: Ctx): Promise<{ ok: boolean; seen: string }> {
  const p = placementDeps(ctx.deps);
  const { tenantId, targetShardId } = ctx.params;
  const [onTarget, onSource] = await Promise.all(
    [targetShardId, source(ctx)].map(async (shard) =>
      (await p.platform.placementStatus(shard, ctx.signal)).tenants.some((t) => t.tenantId === tenantId && t.placed)
    )
  );
  const seen = `placed on ${[onTarget && targetShardId, onSource && source(ctx)].filter(Boolean).join(' and ') || 'neither node'}`;
  return { ok: onTarget && !onSource, seen };
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
        title: 'Undrain the source',
        run: async (ctx) => (
          await placementDeps(ctx.deps).platform.undrain(source(ctx), ctx.params.tenantId, ctx.signal),
          { undrained: source(ctx) }
        ),
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
