/**
 * tenant.suspend / tenant.resume: the per-tenant kill switch in the tenant's feature flags, set and
 * cleared through the tenants service's state machine (suspended ⇔ killSwitch true), then read back.
 */
import { isLegalTransition, type JobParams, type Tenant } from '../../../../contract';
import { DomainError } from '../../../kernel/errors';
import { check, type JobTypeDef, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { tenantTarget } from './tenantDrain';
import type { TenantJobDeps } from './tenantJobDeps';

type TenantParams = JobParams<'tenant.suspend'>;

function remediation(err: unknown): string {
  if (err instanceof StepError) return err.remediation;
  if (err instanceof DomainError)
    return `The tenant could not change status (${err.message}). Check its current status, then create a new job.`;
  return 'Changing the kill switch failed unexpectedly. Check the sidecar logs for this job id, then retry.';
}

async function move(
  ctx: StepContext<TenantParams, TenantJobDeps>,
  to: Tenant['status']
): Promise<Record<string, unknown>> {
  const before = await ctx.deps.tenants.get(ctx.params.tenantId);
  if (before.status === to)
    return { status: { from: to, to }, killSwitch: before.featureFlags.killSwitch, alreadyDone: true };
  const after = await ctx.deps.tenants.changeStatus(ctx.mutation, before.id, to, ctx.reason);
  return {
    status: { from: before.status, to: after.status },
    killSwitch: { from: before.featureFlags.killSwitch, to: after.featureFlags.killSwitch },
    version: after.version,
  };
}

function verify(expected: boolean) {
  return async (ctx: StepContext<TenantParams, TenantJobDeps>): Promise<Record<string, unknown>> => {
    const t = await ctx.deps.tenants.get(ctx.params.tenantId);
    if (t.featureFlags.killSwitch !== expected) {
      throw new StepError(
        'kill_switch_mismatch',
        `The tenant's kill switch reads ${t.featureFlags.killSwitch}, expected ${expected}`,
        "Another change raced this job. Check the tenant's Activity tab, then create a new job."
      );
    }
    return { killSwitch: t.featureFlags.killSwitch, status: t.status, version: t.version };
  };
}

export const tenantSuspend: JobTypeDef<TenantParams, TenantJobDeps> = {
  type: 'tenant.suspend',
  target: (p, deps) => tenantTarget(p.tenantId, deps),
  async preflight(p, target, deps) {
    const t = await deps.tenants.get(p.tenantId);
    return {
      checks: [
        check(
          'tenant-status',
          isLegalTransition(t.status, 'suspended'),
          `Tenant is ${t.status}; suspending needs active, draining or degraded`,
          t.status,
          ['active', 'draining', 'degraded']
        ),
        check(
          'kill-switch',
          !t.featureFlags.killSwitch,
          t.featureFlags.killSwitch ? 'Kill switch is already on' : 'Kill switch is off',
          t.featureFlags.killSwitch,
          false
        ),
      ],
      diff: [
        { resource: target.target, field: 'status', from: t.status, to: 'suspended' },
        { resource: target.target, field: 'featureFlags.killSwitch', from: t.featureFlags.killSwitch, to: true },
      ],
    };
  },
  steps: [
    {
      name: 'trip-kill-switch',
      title: 'Suspend the tenant (kill switch on)',
      run: (ctx) => move(ctx, 'suspended'),
      compensate: {
        title: 'Resume the tenant (kill switch off)',
        run: async (ctx) =>
          (await ctx.deps.tenants.get(ctx.params.tenantId)).status === 'suspended'
            ? move(ctx, 'active')
            : { unchanged: true },
      },
      remediation,
    },
    { name: 'verify-kill-switch', title: 'Read back the kill switch', run: verify(true), remediation },
  ],
};

export const tenantResume: JobTypeDef<TenantParams, TenantJobDeps> = {
  type: 'tenant.resume',
  target: (p, deps) => tenantTarget(p.tenantId, deps),
  async preflight(p, target, deps) {
    const t = await deps.tenants.get(p.tenantId);
    return {
      checks: [
        check(
          'tenant-status',
          t.status === 'suspended',
          `Tenant is ${t.status}; resuming needs suspended`,
          t.status,
          'suspended'
        ),
      ],
      diff: [
        { resource: target.target, field: 'status', from: t.status, to: 'active' },
        { resource: target.target, field: 'featureFlags.killSwitch', from: t.featureFlags.killSwitch, to: false },
      ],
    };
  },
  steps: [
    {
      name: 'clear-kill-switch',
      title: 'Resume the tenant (kill switch off)',
      run: (ctx) => move(ctx, 'active'),
      remediation,
    },
    { name: 'verify-kill-switch', title: 'Read back the kill switch', run: verify(false), remediation },
  ],
};
