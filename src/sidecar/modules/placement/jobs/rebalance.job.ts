/**
 * rebalance.apply: the rebalance plan as one batch job. The plan is computed at preflight (the
 * operator sees the same moves as the preview) and again in the first step, where it is remembered,
 * so a replay never re-plans. Moves run with a concurrency limit; stop conditions: `maxFailures`
 * failed moves, cancellation, or a plan larger than `maxMoves`.
 */
import type { JobParams, ServiceKind } from '../../../../contract';
import { check, type JobTypeDef, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { placementDeps, placementRemediation as remediation } from './placementJobDeps';
import { plan, type PlannerTenant } from '../planner';
import { runMoves, type PlannedMoveRef } from './placementMoves';
import type { PlacementJobTypeDeps } from './placementJobDeps';

type Apply = JobParams<'rebalance.apply'>;

async function computePlan(p: Apply, deps: PlacementJobTypeDeps) {
  const pd = deps.placement;
  if (!pd)
    throw new StepError(
      'placement_unavailable',
      'Placement is not configured',
      'Configure placement and SWITCHYARD_VM_URL.'
    );
  const kinds: ServiceKind[] = p.kind ? [p.kind] : ['gateway', 'aggregate', 'projection', 'runner'];
  const shards = (await pd.store.listShards()).filter((s) => kinds.includes(s.kind));
  const tenants: PlannerTenant[] = [];
  for (const kind of kinds) {
    const assignments = await pd.store.listAssignments({ kind });
    const per = await pd.vm.tenantLoad(kind);
    const byShard = per ? null : await pd.vm.shardLoad(kind);
    const counts = new Map<string, number>();
    for (const a of assignments) counts.set(a.shardId, (counts.get(a.shardId) ?? 0) + 1);
    for (const a of assignments) {
      const load = per
        ? (per.get(`${a.tenantId}|${a.shardId}`) ?? 0)
        : (byShard!.get(a.shardId) ?? 0) / (counts.get(a.shardId) ?? 1);
      tenants.push({ tenantId: a.tenantId, kind, shardId: a.shardId, load });
    }
  }
  return plan({ target: p.target, shards, tenants, maxMoves: p.maxMoves });
}

export const rebalanceApply: JobTypeDef<Apply, PlacementJobTypeDeps> = {
  type: 'rebalance.apply',
  target: async (p) => ({
    environment: 'prod',
    tenantId: null,
    target: `rebalance ${p.kind ?? 'all kinds'} to ${Math.round(p.target * 100)} %`,
    lockKey: 'placement:rebalance',
  }),
  async preflight(p, _target, deps) {
    try {
      const r = await computePlan(p, deps);
      return {
        checks: [
          check(
            'move-limit',
            !r.truncated,
            `${r.moves.length} move(s) planned (lower bound ${r.lowerBound})`,
            r.moves.length,
            p.maxMoves
          ),
          check(
            'feasible',
            true,
            r.feasible
              ? 'Every shard ends under target'
              : `Still over target after the plan: ${r.unresolved.join(', ')}`,
            r.unresolved.length,
            0
          ),
        ],
        diff: r.moves
          .slice(0, 200)
          .map((m) => ({ resource: `placement ${m.tenantId}/${m.kind}`, field: 'shard', from: m.from, to: m.to })),
      };
    } catch (err) {
      return {
        checks: [
          check(
            'victoriametrics',
            false,
            `Cannot plan without current load: ${(err as Error).message}`,
            null,
            'reachable'
          ),
        ],
        diff: [],
      };
    }
  },
  steps: [
    {
      name: 'plan',
      title: 'Compute and record the moves',
      async run(ctx: StepContext<Apply, PlacementJobTypeDeps>) {
        if (Array.isArray(ctx.context.moves)) return { moves: (ctx.context.moves as unknown[]).length, reused: true };
        const p = await computePlan(ctx.params, ctx.deps);
        if (p.truncated)
          throw new StepError(
            'too_many_moves',
            `The plan needs more than ${ctx.params.maxMoves} moves`,
            'Raise maxMoves or rebalance one service kind at a time.'
          );
        const moves: PlannedMoveRef[] = p.moves.map((m) => ({
          tenantId: m.tenantId,
          kind: m.kind,
          from: m.from,
          to: m.to,
        }));
        await ctx.remember({ moves });
        return { moves: moves.length, lowerBound: p.lowerBound, feasible: p.feasible, unresolved: p.unresolved };
      },
      remediation,
    },
    {
      name: 'apply-moves',
      title: 'Move the tenants (concurrency-limited, stops after too many failures)',
      timeoutMs: 3_700_000,
      async run(ctx: StepContext<Apply, PlacementJobTypeDeps>) {
        placementDeps(ctx.deps);
        const moves = (ctx.context.moves as PlannedMoveRef[]) ?? [];
        const r = await runMoves(ctx as StepContext<unknown, PlacementJobTypeDeps>, moves, {
          concurrency: ctx.params.concurrency,
          maxFailures: ctx.params.maxFailures,
          drainTimeoutSeconds: ctx.params.drainTimeoutSeconds,
        });
        if (r.tally.failed >= ctx.params.maxFailures) {
          throw new StepError(
            'stopped',
            `Stopped after ${r.tally.failed} failed move(s) (${r.tally.moved} moved, ${r.notStarted} not started): ${r.failures[0]?.error}`,
            'Fix the cause, then retry: moves already done are skipped.'
          );
        }
        return { ...r.tally, failures: r.failures };
      },
      remediation,
    },
  ],
};
