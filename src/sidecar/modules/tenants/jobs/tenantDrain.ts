/**
 * tenant.drain / tenant.undrain: the node admin API on every shard that serves the tenant, with the
 * tenant's status following the job through the tenants service's state machine
 * (active → draining on drain, draining → active on undrain).
 */
import { isLegalTransition, type JobParams, type Tenant } from '../../../../contract';
import { DomainError } from '../../../kernel/errors';
import type { NodeStatus } from '../../../platform/nodeAdmin';
import { check, waitFor, type JobTarget, type JobTypeDef, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import type { TenantJobDeps } from './tenantJobDeps';
import { PlatformCallError, platformRemediation } from '../../../platform/platformCallError';

/** The preflight check a tenant job shows when the node admin API could not be read. */
export function nodeAdminUnreadable(err: unknown): ReturnType<typeof check> {
  return check(
    'node-admin-api',
    false,
    err instanceof PlatformCallError ? `${err.message}. ${platformRemediation(err)}` : 'node admin API unreadable',
    null
  );
}

type Drain = JobParams<'tenant.drain'>;
type Undrain = JobParams<'tenant.undrain'>;

export interface ShardState {
  shard: string;
  placed: boolean;
  draining: boolean;
  inFlight: number;
}

export async function tenantTarget(tenantId: string, deps: Pick<TenantJobDeps, 'tenants'>): Promise<JobTarget> {
  const t = await deps.tenants.get(tenantId);
  return { environment: t.environment, tenantId: t.id, target: `tenant ${t.id}`, lockKey: `tenant:${t.id}` };
}

/** The tenant's shards in its environment with their drain state and in-flight work, read from the node admin API. */
export async function tenantShards(
  deps: TenantJobDeps,
  tenant: Pick<Tenant, 'id' | 'environment'>,
  signal?: AbortSignal
): Promise<ShardState[]> {
  const nodes = (await deps.nodeAdmin.listNodes(signal)).filter((n) => n.env === tenant.environment);
  const out: ShardState[] = [];
  for (const n of nodes) {
    const st: NodeStatus = await deps.nodeAdmin.status(n.id, signal);
    const row = st.tenants.find((x) => x.tenantId === tenant.id);
    if (row && (row.placed || row.draining))
      out.push({ shard: n.id, placed: row.placed, draining: row.draining, inFlight: row.inFlight });
  }
  return out;
}

async function shardState(
  deps: TenantJobDeps,
  shard: string,
  tenantId: string,
  signal: AbortSignal
): Promise<ShardState> {
  const st = await deps.nodeAdmin.status(shard, signal);
  const row = st.tenants.find((x) => x.tenantId === tenantId);
  return { shard, placed: row?.placed ?? false, draining: row?.draining ?? false, inFlight: row?.inFlight ?? 0 };
}

function nodeRemediation(action: string) {
  return (err: unknown): string => {
    if (err instanceof StepError) return err.remediation;
    if (err instanceof PlatformCallError) return platformRemediation(err);
    if (err instanceof DomainError)
      return `The tenant could not change status (${err.message}). Check the tenant's current status, then create a new job.`;
    return `${action} failed unexpectedly. Check the sidecar logs for this job id, then retry.`;
  };
}

/** Moves the tenant to `to` if it is not there yet; returns the observed change. */
async function moveTenant(
  ctx: StepContext<{ tenantId: string }, TenantJobDeps>,
  to: Tenant['status']
): Promise<Record<string, unknown>> {
  const before = await ctx.deps.tenants.get(ctx.params.tenantId);
  if (before.status === to) return { status: { from: before.status, to }, alreadyDone: true };
  const after = await ctx.deps.tenants.changeStatus(ctx.mutation, before.id, to, ctx.reason);
  return { status: { from: before.status, to: after.status }, version: after.version };
}

async function resolveShards(
  ctx: StepContext<{ tenantId: string }, TenantJobDeps>,
  pick: (s: ShardState) => boolean
): Promise<Record<string, unknown>> {
  if (Array.isArray(ctx.context.shards)) return { shards: ctx.context.shards, reused: true };
  const shards = (
    await tenantShards(ctx.deps, { id: ctx.params.tenantId, environment: ctx.target.environment }, ctx.signal)
  )
    .filter(pick)
    .map((s) => s.shard);
  if (shards.length === 0) {
    throw new StepError(
      'no_shards',
      `No shard in ${ctx.target.environment} serves tenant ${ctx.params.tenantId}`,
      'Check the tenant placement (Placement tab); nothing was changed.'
    );
  }
  await ctx.remember({ shards });
  return { shards };
}

const shardsOf = (ctx: StepContext<unknown, TenantJobDeps>): string[] =>
  Array.isArray(ctx.context.shards) ? (ctx.context.shards as string[]) : [];

export const tenantDrain: JobTypeDef<Drain, TenantJobDeps> = {
  type: 'tenant.drain',
  target: (p, deps) => tenantTarget(p.tenantId, deps),
  async preflight(p, target, deps) {
    const tenant = await deps.tenants.get(p.tenantId);
    const checks = [
      check(
        'tenant-status',
        isLegalTransition(tenant.status, 'draining'),
        `Tenant is ${tenant.status}; draining needs one of active, degraded`,
        tenant.status,
        ['active', 'degraded']
      ),
    ];
    let shards: ShardState[] = [];
    try {
      shards = await tenantShards(deps, tenant);
      checks.push(
        check(
          'shards',
          shards.length > 0,
          `${shards.length} shard(s) serve the tenant`,
          shards.map((s) => s.shard),
          '>= 1'
        )
      );
      const inFlight = shards.reduce((n, s) => n + s.inFlight, 0);
      checks.push(
        check(
          'in-flight',
          true,
          `${inFlight} command(s) in flight; the drain waits up to ${p.drainTimeoutSeconds} s for zero`,
          inFlight,
          0
        )
      );
    } catch (err) {
      checks.push(nodeAdminUnreadable(err));
    }
    return {
      checks,
      diff: [
        { resource: target.target, field: 'status', from: tenant.status, to: 'draining' },
        ...shards.map((s) => ({
          resource: `node ${s.shard}`,
          field: `draining[${tenant.id}]`,
          from: s.draining,
          to: true,
        })),
      ],
    };
  },
  steps: [
    {
      name: 'resolve-shards',
      title: 'Find the shards serving the tenant',
      run: (ctx) => resolveShards(ctx, (s) => s.placed || s.draining),
      remediation: nodeRemediation('Finding shards'),
    },
    {
      name: 'mark-draining',
      title: 'Mark the tenant draining',
      run: (ctx) => moveTenant(ctx, 'draining'),
      compensate: {
        title: 'Set the tenant back to active',
        run: async (ctx) =>
          (await ctx.deps.tenants.get(ctx.params.tenantId)).status === 'draining'
            ? moveTenant(ctx, 'active')
            : { unchanged: true },
      },
      remediation: nodeRemediation('Marking the tenant draining'),
    },
    {
      name: 'drain-shards',
      title: 'Stop new work on every shard',
      async run(ctx) {
        const result = [];
        for (const shard of shardsOf(ctx)) {
          const before = await shardState(ctx.deps, shard, ctx.params.tenantId, ctx.signal);
          if (!before.draining) await ctx.deps.nodeAdmin.drain(shard, ctx.params.tenantId, ctx.signal);
          const after = await shardState(ctx.deps, shard, ctx.params.tenantId, ctx.signal);
          if (!after.draining)
            throw new StepError(
              'drain_not_applied',
              `Shard ${shard} does not report the tenant as draining`,
              `Check node ${shard}'s admin API and logs, then retry.`,
              true
            );
          result.push({ shard, draining: true, inFlight: after.inFlight, sent: !before.draining });
        }
        return { shards: result };
      },
      compensate: {
        title: 'Undrain the shards',
        async run(ctx) {
          const undone = [];
          for (const shard of shardsOf(ctx)) {
            const st = await shardState(ctx.deps, shard, ctx.params.tenantId, ctx.signal);
            if (st.draining) await ctx.deps.nodeAdmin.undrain(shard, ctx.params.tenantId, ctx.signal);
            undone.push(shard);
          }
          return { undrained: undone };
        },
      },
      remediation: nodeRemediation('Draining'),
    },
    {
      name: 'wait-in-flight',
      title: 'Wait for in-flight work to reach zero',
      timeoutMs: 3_700_000,
      interruptible: true,
      async run(ctx) {
        const started = performance.now();
        let last: ShardState[] = [];
        await waitFor(
          ctx,
          ctx.params.drainTimeoutSeconds * 1000,
          async () => {
            last = await Promise.all(
              shardsOf(ctx).map((s) => shardState(ctx.deps, s, ctx.params.tenantId, ctx.signal))
            );
            return last.every((s) => s.inFlight === 0) ? true : undefined;
          },
          () => {
            const stuck = last
              .filter((s) => s.inFlight > 0)
              .map((s) => `${s.shard}: ${s.inFlight}`)
              .join(', ');
            return new StepError(
              'drain_not_converging',
              `In-flight work did not reach zero within ${ctx.params.drainTimeoutSeconds} s (${stuck})`,
              'Look for stuck commands on those shards (runner outbox, aggregate logs); the tenant stays draining. Retry with a longer drainTimeoutSeconds or undrain with a tenant.undrain job.'
            );
          }
        );
        return {
          inFlight: Object.fromEntries(last.map((s) => [s.shard, s.inFlight])),
          waitedMs: Math.round(performance.now() - started),
        };
      },
      remediation: nodeRemediation('Waiting for the drain'),
    },
  ],
};

export const tenantUndrain: JobTypeDef<Undrain, TenantJobDeps> = {
  type: 'tenant.undrain',
  target: (p, deps) => tenantTarget(p.tenantId, deps),
  async preflight(p, target, deps) {
    const tenant = await deps.tenants.get(p.tenantId);
    const checks = [
      check(
        'tenant-status',
        tenant.status === 'draining',
        `Tenant is ${tenant.status}; undrain needs draining`,
        tenant.status,
        'draining'
      ),
    ];
    let shards: ShardState[] = [];
    try {
      shards = (await tenantShards(deps, tenant)).filter((s) => s.draining);
      checks.push(
        check(
          'draining-shards',
          true,
          `${shards.length} shard(s) drain the tenant`,
          shards.map((s) => s.shard)
        )
      );
    } catch (err) {
      checks.push(nodeAdminUnreadable(err));
    }
    return {
      checks,
      diff: [
        ...shards.map((s) => ({ resource: `node ${s.shard}`, field: `draining[${tenant.id}]`, from: true, to: false })),
        { resource: target.target, field: 'status', from: tenant.status, to: 'active' },
      ],
    };
  },
  steps: [
    {
      name: 'resolve-shards',
      title: 'Find the shards draining the tenant',
      run: (ctx) => resolveShards(ctx, (s) => s.draining || s.placed),
      remediation: nodeRemediation('Finding shards'),
    },
    {
      name: 'undrain-shards',
      title: 'Take work again on every shard',
      async run(ctx) {
        const result = [];
        for (const shard of shardsOf(ctx)) {
          const before = await shardState(ctx.deps, shard, ctx.params.tenantId, ctx.signal);
          if (before.draining) await ctx.deps.nodeAdmin.undrain(shard, ctx.params.tenantId, ctx.signal);
          const after = await shardState(ctx.deps, shard, ctx.params.tenantId, ctx.signal);
          if (after.draining)
            throw new StepError(
              'undrain_not_applied',
              `Shard ${shard} still reports the tenant as draining`,
              `Check node ${shard}'s admin API, then retry.`,
              true
            );
          result.push({ shard, draining: false, sent: before.draining });
        }
        return { shards: result };
      },
      remediation: nodeRemediation('Undraining'),
    },
    {
      name: 'mark-active',
      title: 'Mark the tenant active',
      run: (ctx) => moveTenant(ctx, 'active'),
      remediation: nodeRemediation('Marking the tenant active'),
    },
  ],
};
