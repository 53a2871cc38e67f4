/**
 * shard.cordon / shard.uncordon (compare-and-set on the shard's status) and shard.drain: cordon the
 * shard as `draining`, plan where each of its tenants goes (the rebalance planner with the shard's
 * limit at zero, so only ready shards of the same kind receive), then move them with a concurrency
 * limit (placementMoves.ts). Each move re-reads the assignment first, so a replay skips finished moves.
 */
import type { Environment, JobParams, ShardStatus } from '../../../../contract';
import { check, type JobTarget, type JobTypeDef, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { placementDeps, placementRemediation as remediation } from './placementJobDeps';
import { plan } from '../planner';
import { runMoves } from './placementMoves';
import { PlacementConflict, type PlacementStore } from '../placement.store';
import type { Clock } from '../../../kernel/clock';
import type { PlacementJobTypeDeps } from './placementJobDeps';

type Cordon = JobParams<'shard.cordon'>;
type Drain = JobParams<'shard.drain'>;
type Move = { tenantId: string; to: string };

async function shardTarget(shardId: string, deps: PlacementJobTypeDeps): Promise<JobTarget> {
  const s = await deps.placement?.store.getShard(shardId);
  const env = (s?.labels.env ?? 'prod') as Environment;
  return { environment: env, tenantId: null, target: `shard ${shardId}`, lockKey: `shard:${shardId}` };
}

/** Sets the shard's status if it is not already `to`; CAS-retries on concurrent writers. */
async function setStatus(
  store: PlacementStore,
  clock: Clock,
  shardId: string,
  from: ShardStatus[],
  to: ShardStatus
): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const s = await store.getShard(shardId);
    if (!s) throw new StepError('no_shard', `Shard ${shardId} does not exist`, 'Check the shard id (Fleet page).');
    if (s.status === to) return { status: to, alreadyDone: true };
    if (!from.includes(s.status))
      throw new StepError(
        'shard_status',
        `Shard ${shardId} is ${s.status}; expected ${from.join(' or ')}`,
        'Refresh the Fleet page and plan again.'
      );
    try {
      const after = await store.updateShard(shardId, s.revision, { status: to }, clock.now());
      return { status: { from: s.status, to: after.status }, revision: after.revision };
    } catch (err) {
      if (!(err instanceof PlacementConflict)) throw err;
    }
  }
  throw new StepError('shard_contended', `Shard ${shardId} kept changing`, 'Retry the job.', true);
}

function cordonType(
  type: 'shard.cordon' | 'shard.uncordon',
  from: ShardStatus[],
  to: ShardStatus
): JobTypeDef<Cordon, PlacementJobTypeDeps> {
  return {
    type,
    target: (p, deps) => shardTarget(p.shardId, deps),
    async preflight(p, target, deps) {
      const s = await deps.placement?.store.getShard(p.shardId);
      return {
        checks: [
          check(
            'shard-status',
            Boolean(s && (from.includes(s.status) || s.status === to)),
            s ? `Shard is ${s.status}` : 'Shard does not exist',
            s?.status ?? null,
            from
          ),
        ],
        diff: [{ resource: target.target, field: 'status', from: s?.status ?? null, to }],
      };
    },
    steps: [
      {
        name: `set-${to}`,
        title: `Set the shard ${to}`,
        run: (ctx) => setStatus(placementDeps(ctx.deps).store, ctx.deps.clock, ctx.params.shardId, from, to),
        remediation,
      },
    ],
  };
}

export const shardCordon = cordonType('shard.cordon', ['ready'], 'cordoned');
export const shardUncordon = cordonType('shard.uncordon', ['cordoned', 'draining'], 'ready');

async function planMoves(ctx: StepContext<Drain, PlacementJobTypeDeps>): Promise<Move[]> {
  const { store, vm } = placementDeps(ctx.deps);
  const shard = await store.getShard(ctx.params.shardId);
  if (!shard) throw new StepError('no_shard', `Shard ${ctx.params.shardId} does not exist`, 'Check the shard id.');
  const peers = await store.listShards({ kind: shard.kind });
  const assignments = await store.listAssignments({ kind: shard.kind });
  const loads = (await vm.tenantLoad(shard.kind)) ?? new Map<string, number>();
  const p = plan({
    target: 1,
    shards: peers.map((s) => (s.id === shard.id ? { ...s, capacity: 0, status: 'draining' as const } : s)),
    tenants: assignments.map((a) => ({
      tenantId: a.tenantId,
      kind: a.kind,
      shardId: a.shardId,
      load: Math.max(loads.get(`${a.tenantId}|${a.shardId}`) ?? 0, 1e-6),
    })),
  });
  const moves = p.moves.filter((m) => m.from === shard.id).map((m) => ({ tenantId: m.tenantId, to: m.to }));
  if (p.unresolved.includes(shard.id)) {
    throw new StepError(
      'no_room',
      `The other ready ${shard.kind} shards cannot take all tenants of ${shard.id}`,
      'Add capacity or uncordon shards, then retry.'
    );
  }
  return moves;
}

export const shardDrain: JobTypeDef<Drain, PlacementJobTypeDeps> = {
  type: 'shard.drain',
  target: (p, deps) => shardTarget(p.shardId, deps),
  async preflight(p, target, deps) {
    const store = deps.placement?.store;
    const s = await store?.getShard(p.shardId);
    const tenants = s && store ? (await store.listAssignments({ shardId: s.id })).length : 0;
    return {
      checks: [
        check('shard-exists', Boolean(s), s ? `Shard is ${s.status}` : 'Shard does not exist', s?.status ?? null),
        check('tenants', tenants > 0, `${tenants} tenant(s) to move`, tenants, '> 0'),
        check('concurrency', true, `${p.concurrency} migration(s) at once`, p.concurrency),
      ],
      diff: [
        { resource: target.target, field: 'status', from: s?.status ?? null, to: 'draining' },
        { resource: target.target, field: 'tenants', from: tenants, to: 0 },
      ],
    };
  },
  steps: [
    {
      name: 'mark-draining',
      title: 'Stop placing tenants on the shard',
      run: (ctx) =>
        setStatus(placementDeps(ctx.deps).store, ctx.deps.clock, ctx.params.shardId, ['ready', 'cordoned'], 'draining'),
      remediation,
    },
    {
      name: 'plan-moves',
      title: 'Choose a target shard for each tenant',
      async run(ctx) {
        if (Array.isArray(ctx.context.moves)) return { moves: (ctx.context.moves as Move[]).length, reused: true };
        const moves = await planMoves(ctx);
        await ctx.remember({ moves });
        return { moves: moves.length };
      },
      remediation,
    },
    {
      name: 'move-tenants',
      title: 'Migrate the tenants (concurrency-limited)',
      timeoutMs: 3_700_000,
      async run(ctx) {
        const kind = (await placementDeps(ctx.deps).store.getShard(ctx.params.shardId))!.kind;
        const moves = ((ctx.context.moves as Move[]) ?? []).map((m) => ({
          tenantId: m.tenantId,
          kind,
          from: ctx.params.shardId,
          to: m.to,
        }));
        const { tally, failures } = await runMoves(ctx as StepContext<unknown, PlacementJobTypeDeps>, moves, {
          concurrency: ctx.params.concurrency,
          maxFailures: 1,
          drainTimeoutSeconds: ctx.params.drainTimeoutSeconds,
        });
        if (failures.length > 0)
          throw new StepError(
            'move_failed',
            `Moving ${failures[0].tenantId} failed: ${failures[0].error}`,
            'Fix the cause; retrying the job skips tenants already moved.'
          );
        const left = await placementDeps(ctx.deps).store.listAssignments({ shardId: ctx.params.shardId });
        if (left.length > 0)
          throw new StepError(
            'not_empty',
            `${left.length} tenant(s) still on the shard`,
            'Retry the job; new tenants may have been placed meanwhile.',
            true
          );
        return tally;
      },
      remediation,
    },
  ],
};
