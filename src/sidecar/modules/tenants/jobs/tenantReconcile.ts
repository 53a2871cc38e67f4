/**
 * tenant.reconcile: brings the control plane and the platform back in agreement about a tenant's
 * drain state after a job failed half-way (for example a drain whose platform API died). It reads
 * the tenant status and, on every shard of the tenant's environment that serves it, whether the
 * node admin API drains it; lists the disagreements; then applies the smallest fix toward the side
 * the operator preferred — `control-plane`: drain / undrain on the disagreeing shards, `platform`:
 * set the tenant status (audited) — and verifies that both sides agree.
 */
import type { DiffEntry, JobParams, Tenant, TenantStatus } from '../../../../contract';
import { DomainError } from '../../../kernel/errors';
import { check, type JobTypeDef, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { PlatformCallError, platformRemediation } from '../../../platform/platformCallError';
import { nodeAdminUnreadable, tenantShards, tenantTarget, type ShardState } from './tenantDrain';
import type { TenantJobDeps } from './tenantJobDeps';

type Reconcile = JobParams<'tenant.reconcile'>;
type Ctx = StepContext<Reconcile, TenantJobDeps>;

/** Statuses whose drain state is settled; `draining` means every serving shard drains the tenant. */
const RECONCILABLE: readonly TenantStatus[] = ['active', 'degraded', 'draining'];

export interface Disagreement {
  shard: string | null;
  /** What the operator reads in the plan and in the job's observed effects. */
  message: string;
  /** The platform fix (`control-plane` preference): the drain state the shard must reach. */
  shardDraining: boolean | null;
}

/** Both views, compared. Pure: the preflight, the apply step and the verify step share it. */
export function disagreements(tenant: Pick<Tenant, 'id' | 'status'>, shards: ShardState[]): Disagreement[] {
  const wantDrained = tenant.status === 'draining';
  const out: Disagreement[] = [];
  for (const s of shards) {
    if (s.draining === wantDrained) continue;
    out.push({
      shard: s.shard,
      shardDraining: wantDrained,
      message: s.draining
        ? `platform drains ${tenant.id} on ${s.shard} but the tenant is ${tenant.status}`
        : `tenant is draining but ${s.shard} still takes work for ${tenant.id}`,
    });
  }
  if (wantDrained && shards.length > 0 && shards.every((s) => !s.draining))
    out.push({ shard: null, shardDraining: null, message: `tenant is draining but no shard drains ${tenant.id}` });
  return out;
}

/** The status the platform's drain state implies, or null when the shards disagree among themselves. */
export function statusFromPlatform(current: TenantStatus, shards: ShardState[]): TenantStatus | null {
  if (shards.length === 0) return current;
  if (shards.every((s) => s.draining)) return 'draining';
  if (shards.every((s) => !s.draining)) return current === 'draining' ? 'active' : current;
  return null;
}

function remediation(err: unknown): string {
  if (err instanceof StepError) return err.remediation;
  if (err instanceof PlatformCallError) return `${platformRemediation(err)} Then run the reconcile again.`;
  if (err instanceof DomainError)
    return `The tenant could not change status (${err.message}). Check its current status, then run the reconcile again.`;
  return 'The reconcile failed unexpectedly. Check the sidecar logs for this job id, then run it again.';
}

async function readBoth(ctx: Ctx): Promise<{ tenant: Tenant; shards: ShardState[] }> {
  const tenant = await ctx.deps.tenants.get(ctx.params.tenantId);
  const shards = await tenantShards(ctx.deps, tenant, ctx.signal);
  return { tenant, shards };
}

function notReconcilable(tenant: Tenant): StepError {
  return new StepError(
    'tenant_not_reconcilable',
    `Tenant is ${tenant.status}; the reconcile settles drain state for ${RECONCILABLE.join(', ')}`,
    'Finish or undo the operation that owns this status (Operations page), then run the reconcile again.'
  );
}

async function makePlatformMatch(ctx: Ctx): Promise<Record<string, unknown>> {
  const { tenant, shards } = await readBoth(ctx);
  if (!RECONCILABLE.includes(tenant.status)) throw notReconcilable(tenant);
  if (tenant.status === 'draining' && shards.length === 0)
    throw new StepError(
      'no_shards',
      `Tenant is draining but no shard in ${tenant.environment} serves ${tenant.id}`,
      'Check the tenant placement (Placement tab), or run the reconcile with prefer "platform" to set the tenant active.'
    );
  const changed = [];
  for (const d of disagreements(tenant, shards)) {
    if (d.shard === null || d.shardDraining === null) continue;
    // Re-read the shard right before acting: a replay after a crash sends nothing twice.
    const now = (await ctx.deps.nodeAdmin.status(d.shard, ctx.signal)).tenants.find((x) => x.tenantId === tenant.id);
    if ((now?.draining ?? false) !== d.shardDraining) {
      if (d.shardDraining) await ctx.deps.nodeAdmin.drain(d.shard, tenant.id, ctx.signal);
      else await ctx.deps.nodeAdmin.undrain(d.shard, tenant.id, ctx.signal);
      changed.push({ shard: d.shard, draining: { from: !d.shardDraining, to: d.shardDraining } });
    }
  }
  return { prefer: 'control-plane', status: tenant.status, changed, nothingToDo: changed.length === 0 };
}

async function makeControlPlaneMatch(ctx: Ctx): Promise<Record<string, unknown>> {
  const { tenant, shards } = await readBoth(ctx);
  if (!RECONCILABLE.includes(tenant.status)) throw notReconcilable(tenant);
  const to = statusFromPlatform(tenant.status, shards);
  if (to === null)
    throw new StepError(
      'platform_split',
      `Some shards drain ${tenant.id} and others do not (${shards.map((s) => `${s.shard}: ${s.draining ? 'draining' : 'serving'}`).join(', ')})`,
      'The platform has no single answer to follow. Run the reconcile with prefer "control-plane" instead.'
    );
  if (to === tenant.status) return { prefer: 'platform', status: { from: tenant.status, to }, nothingToDo: true };
  const after = await ctx.deps.tenants.changeStatus(ctx.mutation, tenant.id, to, ctx.reason);
  return { prefer: 'platform', status: { from: tenant.status, to: after.status }, version: after.version };
}

function preflightDiff(tenant: Tenant, shards: ShardState[], prefer: Reconcile['prefer']): DiffEntry[] {
  if (prefer === 'platform') {
    const to = statusFromPlatform(tenant.status, shards);
    return to !== null && to !== tenant.status
      ? [{ resource: `tenant ${tenant.id}`, field: 'status', from: tenant.status, to }]
      : [];
  }
  return disagreements(tenant, shards).flatMap((d) =>
    d.shard === null
      ? []
      : [{ resource: `node ${d.shard}`, field: `draining[${tenant.id}]`, from: !d.shardDraining, to: d.shardDraining }]
  );
}

export const tenantReconcile: JobTypeDef<Reconcile, TenantJobDeps> = {
  type: 'tenant.reconcile',
  target: (p, deps) => tenantTarget(p.tenantId, deps),
  async preflight(p, _target, deps) {
    const tenant = await deps.tenants.get(p.tenantId);
    const checks = [
      check(
        'tenant-status',
        RECONCILABLE.includes(tenant.status),
        `Tenant is ${tenant.status}; the reconcile settles drain state for ${RECONCILABLE.join(', ')}`,
        tenant.status,
        RECONCILABLE
      ),
    ];
    let diff: DiffEntry[] = [];
    try {
      const shards = await tenantShards(deps, tenant);
      const found = disagreements(tenant, shards);
      checks.push(
        check(
          'disagreements',
          true,
          found.length === 0
            ? 'Control plane and platform agree; nothing to do'
            : found.map((d) => d.message).join('; '),
          found.map((d) => d.message)
        )
      );
      if (p.prefer === 'platform')
        checks.push(
          check(
            'platform-answer',
            statusFromPlatform(tenant.status, shards) !== null,
            'The shards agree among themselves on whether the tenant is drained',
            shards.map((s) => ({ shard: s.shard, draining: s.draining }))
          )
        );
      diff = preflightDiff(tenant, shards, p.prefer);
    } catch (err) {
      checks.push(nodeAdminUnreadable(err));
    }
    return { checks, diff };
  },
  steps: [
    {
      name: 'read-both-sides',
      title: 'Read the tenant and every shard serving it',
      async run(ctx) {
        const { tenant, shards } = await readBoth(ctx);
        return {
          status: tenant.status,
          shards: shards.map((s) => ({ shard: s.shard, placed: s.placed, draining: s.draining })),
          disagreements: disagreements(tenant, shards).map((d) => d.message),
        };
      },
      remediation,
    },
    {
      name: 'apply-fix',
      title: 'Make the other side match the preferred one',
      run: (ctx) => (ctx.params.prefer === 'platform' ? makeControlPlaneMatch(ctx) : makePlatformMatch(ctx)),
      remediation,
    },
    {
      name: 'verify-agreement',
      title: 'Read both sides back and check that they agree',
      async run(ctx) {
        const { tenant, shards } = await readBoth(ctx);
        const left = disagreements(tenant, shards);
        if (left.length > 0)
          throw new StepError(
            'still_disagree',
            `Control plane and platform still disagree: ${left.map((d) => d.message).join('; ')}`,
            'Another change may have raced the reconcile. Check the tenant Activity tab and the shards, then run it again.',
            true
          );
        return { status: tenant.status, shards: shards.map((s) => ({ shard: s.shard, draining: s.draining })) };
      },
      remediation,
    },
  ],
};
