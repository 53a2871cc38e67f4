/**
 * Builds a job's plan: target, ordered steps, preflight results with measured values and the
 * would-change diff, plus the plan hash an approval binds to. The hash covers what the job would
 * do (type, params, target, steps, diff), not the measured values that move by themselves.
 */
import type { JobPlan, JobType } from '../../contract';
import { canonicalJson, sha256Hex } from '../kernel/canonicalJson';
import { needsApproval } from './approvalPolicy';
import type { JobTarget } from './jobType';
import type { JobTypeRegistry } from './registry';

export async function buildPlan(
  registry: JobTypeRegistry,
  type: JobType,
  params: unknown,
  approvalPolicy: string[]
): Promise<{ plan: JobPlan; target: JobTarget }> {
  const { def, deps } = registry.get(type);
  const target = await def.target(params, deps);
  const { checks, diff } = await def.preflight(params, target, deps);
  const steps = def.steps.map((s, index) => ({
    index,
    name: s.name,
    title: s.title,
    compensation: s.compensate?.title ?? null,
  }));
  const planHash = sha256Hex(
    canonicalJson({ type, params, target: target.target, steps: steps.map((s) => s.name), diff })
  );
  return {
    target,
    plan: {
      type,
      environment: target.environment,
      tenantId: target.tenantId,
      target: target.target,
      steps,
      preflight: checks,
      diff,
      blocked: checks.some((c) => !c.ok),
      approvalRequired:
        needsApproval(approvalPolicy, target.environment, type) || (def.alwaysNeedsApproval?.(params, target) ?? false),
      planHash,
    },
  };
}
