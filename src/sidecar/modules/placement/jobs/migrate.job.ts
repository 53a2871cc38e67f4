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
import type { JobParams } from '../../../../contract';
import { VmUnavailable } from '../../../platform/victoriaMetrics';
import { waitFor, type JobTypeDef } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { tenantTarget } from '../../tenants';
import { migrationPreflight } from './migrate.preflight';
import { placementDeps, remediationOr, type PlacementJobTypeDeps } from './placementJobDeps';
import {
  CANCELLED,
  inFlightOn,
  platformServesTarget,
  reloadBoth,
  rollback,
  rollbackUnlessAborted,
  serveFromSource,
  source,
  undoMove,
} from './migrate.moves';
import { PlacementConflict } from '../placement.store';

type Migrate = JobParams<'tenant.migrate'>;

const remediate = (what: string) =>
  remediationOr(`${what} failed unexpectedly. Check the sidecar logs for this job id, then retry.`);

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
