/**
 * deployment.restart / deployment.scale through the Kubernetes API. A restart chooses its
 * `restartedAt` once and persists it before the write, so a replay re-applies the same value (no
 * second rollout); writes carry the resourceVersion they read (409 → re-read and retry); each
 * step reports what the cluster shows afterwards (generation advanced, replicas ready).
 */
import {
  MAX_REPLICAS_ANNOTATION,
  MIN_REPLICAS_ANNOTATION,
  type Environment,
  type JobParams,
} from '../../../../contract';
import type { DeploymentView } from '../../../platform/kubernetes';
import { check, waitFor, type JobTarget, type JobTypeDef, type StepContext, type StepDef } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import type { WorkloadJobDeps } from './workloadJobDeps';
import { PlatformCallError, platformRemediation } from '../../../platform/platformCallError';

type Restart = JobParams<'deployment.restart'>;
type Scale = JobParams<'deployment.scale'>;
type DeploymentParams = { environment: Environment; deployment: string; tenantId?: string };

export function k8sTarget(
  kind: 'deployment' | 'secret',
  name: string,
  p: { environment: Environment; tenantId?: string },
  deps: WorkloadJobDeps
): JobTarget {
  const ns = deps.namespace(p.environment);
  return {
    environment: p.environment,
    tenantId: p.tenantId ?? null,
    target: `${ns}/${kind}/${name}`,
    lockKey: `k8s:${ns}/${kind}/${name}`,
  };
}

/** Remediation for Kubernetes failures, with the RBAC verb the step needs. */
export function k8sRemediation(verbs: string) {
  return (err: unknown): string => {
    if (err instanceof StepError) return err.remediation;
    if (err instanceof PlatformCallError) {
      if (err.status === 403)
        return `RBAC: grant the sidecar's service account ${verbs} in the platform namespace, then retry.`;
      return platformRemediation(err);
    }
    return 'The step failed unexpectedly. Check the sidecar logs for this job id, then retry.';
  };
}

export async function deploymentCheck(
  deps: WorkloadJobDeps,
  env: Environment,
  name: string
): Promise<{ checks: ReturnType<typeof check>[]; d: DeploymentView | null }> {
  if (!deps.k8s.configured)
    return {
      checks: [check('kubernetes-api', false, 'The Kubernetes API is not configured (SWITCHYARD_K8S_URL)', null)],
      d: null,
    };
  try {
    const d = await deps.k8s.readDeployment(deps.namespace(env), name);
    return {
      d,
      checks: [
        check('deployment', true, `Deployment ${name} exists`, {
          generation: d.generation,
          replicas: d.replicas,
          readyReplicas: d.readyReplicas,
        }),
        check(
          'rollout-idle',
          d.observedGeneration >= d.generation,
          d.observedGeneration >= d.generation ? 'No rollout in progress' : 'A rollout is still in progress',
          { generation: d.generation, observedGeneration: d.observedGeneration }
        ),
      ],
    };
  } catch (err) {
    const msg =
      err instanceof PlatformCallError
        ? err.status === 404
          ? `Deployment ${name} not found`
          : err.message
        : 'Kubernetes API unreadable';
    return { checks: [check('deployment', false, msg, null)], d: null };
  }
}

/** Rollout restart with a persisted restartedAt (context key `restartedAt`). */
export function restartStep<P extends DeploymentParams>(name = 'restart'): StepDef<P, WorkloadJobDeps> {
  return {
    name,
    title: 'Restart the deployment (rollout restart)',
    async run(ctx: StepContext<P, WorkloadJobDeps>) {
      const ns = ctx.deps.namespace(ctx.params.environment);
      const before = await ctx.deps.k8s.readDeployment(ns, ctx.params.deployment);
      let restartedAt = ctx.context.restartedAt as string | undefined;
      if (!restartedAt) {
        restartedAt = ctx.deps.clock.now().toISOString();
        await ctx.remember({ restartedAt, fromGeneration: before.generation });
      }
      const fromGeneration = Number(ctx.context.fromGeneration ?? before.generation);
      if (before.restartedAt === restartedAt) {
        return { restartedAt, generation: { from: fromGeneration, to: before.generation }, alreadyApplied: true };
      }
      const after = await ctx.deps.k8s.restartDeployment(
        ns,
        ctx.params.deployment,
        restartedAt,
        before.resourceVersion
      );
      if (after.generation <= fromGeneration) {
        throw new StepError(
          'restart_not_applied',
          'The deployment generation did not advance',
          'Check that the deployment is not paused, then retry.'
        );
      }
      return { restartedAt, generation: { from: fromGeneration, to: after.generation } };
    },
    remediation: k8sRemediation('get, update and patch on deployments'),
  };
}

/** Waits until the controller observed the latest generation and every replica is updated and ready. */
export function waitRolloutStep<P extends DeploymentParams>(
  name = 'wait-rollout',
  title = 'Wait for the rollout to complete'
): StepDef<P, WorkloadJobDeps> {
  return {
    name,
    title,
    timeoutMs: 3_700_000,
    interruptible: true,
    async run(ctx: StepContext<P, WorkloadJobDeps>) {
      const ns = ctx.deps.namespace(ctx.params.environment);
      let last: DeploymentView | null = null;
      const d = await waitFor(
        ctx,
        ctx.deps.waitTimeoutMs,
        async () => {
          last = await ctx.deps.k8s.readDeployment(ns, ctx.params.deployment);
          return last.rolledOut ? last : undefined;
        },
        () => {
          const l = last as DeploymentView | null;
          return new StepError(
            'rollout_not_complete',
            `Rollout of ${ctx.params.deployment} did not complete in ${Math.round(ctx.deps.waitTimeoutMs / 1000)} s (ready ${l?.readyReplicas ?? '?'}/${l?.replicas ?? '?'})`,
            `Inspect the pods of ${ctx.params.deployment} in ${ns} (crash loops, image pulls, failing probes); roll back the change if needed, then retry.`
          );
        }
      );
      return {
        generation: d.generation,
        observedGeneration: d.observedGeneration,
        replicas: d.replicas,
        readyReplicas: d.readyReplicas,
        updatedReplicas: d.updatedReplicas,
        rolledOut: true,
      };
    },
    remediation: k8sRemediation('get on deployments'),
  };
}

export const deploymentRestart: JobTypeDef<Restart, WorkloadJobDeps> = {
  type: 'deployment.restart',
  target: async (p, deps) => k8sTarget('deployment', p.deployment, p, deps),
  async preflight(p, target, deps) {
    const { checks, d } = await deploymentCheck(deps, p.environment, p.deployment);
    return {
      checks,
      diff: d
        ? [
            {
              resource: target.target,
              field: `spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]`,
              from: d.restartedAt,
              to: '(time of the restart)',
            },
            { resource: target.target, field: 'metadata.generation', from: d.generation, to: d.generation + 1 },
          ]
        : [],
    };
  },
  steps: [restartStep<Restart>(), waitRolloutStep<Restart>()],
};

/** The replica count must stay within the deployment's range (annotations, else the default range). */
function boundsCheck(d: DeploymentView, replicas: number) {
  const { minReplicas: min, maxReplicas: max } = d;
  const ok = replicas >= min && replicas <= max;
  return check(
    'replica-bounds',
    ok,
    ok
      ? `${replicas} is within the allowed ${min}–${max} replicas`
      : `replicas ${replicas} is outside the allowed ${min}–${max} for ${d.name} (annotations ${MIN_REPLICAS_ANNOTATION} / ${MAX_REPLICAS_ANNOTATION})`,
    replicas,
    { min, max }
  );
}

/**
 * Room for the added pods under the namespace's pod quota (ResourceQuota `pods`). Scaling down or
 * keeping the count needs no room; no quota → nothing limits it; an unreadable quota blocks (deny by default).
 */
async function capacityCheck(deps: WorkloadJobDeps, ns: string, added: number) {
  if (added <= 0) return check('capacity', true, 'No new pods (scale down or no change)', 0);
  try {
    const q = await deps.k8s.podQuota(ns);
    if (!q) return check('capacity', true, `No pod quota in ${ns}: ${added} more pod(s) fit`, added);
    const free = q.hard - q.used;
    return check(
      'capacity',
      added <= free,
      added <= free
        ? `${added} more pod(s) fit the pod quota ${q.name} (${q.used}/${q.hard} used)`
        : `${added} more pod(s) do not fit the pod quota ${q.name}: ${q.used}/${q.hard} used, ${Math.max(0, free)} free`,
      { used: q.used, hard: q.hard, added },
      free
    );
  } catch (err) {
    const msg = err instanceof PlatformCallError ? err.message : 'Kubernetes API unreadable';
    return check('capacity', false, `The pod quota of ${ns} could not be read: ${msg}`, null);
  }
}

export const deploymentScale: JobTypeDef<Scale, WorkloadJobDeps> = {
  type: 'deployment.scale',
  target: async (p, deps) => k8sTarget('deployment', p.deployment, p, deps),
  async preflight(p, target, deps) {
    const { checks, d } = await deploymentCheck(deps, p.environment, p.deployment);
    if (d) {
      checks.push(
        check(
          'replicas',
          true,
          d.replicas === p.replicas
            ? `Already at ${p.replicas} replicas (no change)`
            : `${d.replicas} → ${p.replicas} replicas`,
          d.replicas,
          p.replicas
        ),
        boundsCheck(d, p.replicas),
        await capacityCheck(deps, deps.namespace(p.environment), p.replicas - d.replicas)
      );
    }
    return {
      checks,
      diff: d ? [{ resource: target.target, field: 'spec.replicas', from: d.replicas, to: p.replicas }] : [],
    };
  },
  steps: [
    {
      name: 'scale',
      title: 'Set the replica count (scale subresource)',
      async run(ctx) {
        const ns = ctx.deps.namespace(ctx.params.environment);
        const cur = await ctx.deps.k8s.readScale(ns, ctx.params.deployment);
        if (ctx.context.fromReplicas === undefined) await ctx.remember({ fromReplicas: cur.replicas });
        const from = Number(ctx.context.fromReplicas);
        if (cur.replicas === ctx.params.replicas) return { replicas: { from, to: cur.replicas }, alreadyApplied: true };
        const after = await ctx.deps.k8s.setScale(ns, ctx.params.deployment, ctx.params.replicas, cur.resourceVersion);
        return { replicas: { from, to: after.replicas }, resourceVersion: after.resourceVersion };
      },
      compensate: {
        title: 'Scale back to the previous replica count',
        async run(ctx) {
          const ns = ctx.deps.namespace(ctx.params.environment);
          const from = Number(ctx.context.fromReplicas);
          const cur = await ctx.deps.k8s.readScale(ns, ctx.params.deployment);
          if (cur.replicas !== from) await ctx.deps.k8s.setScale(ns, ctx.params.deployment, from, cur.resourceVersion);
          return { replicas: { from: cur.replicas, to: from } };
        },
      },
      remediation: k8sRemediation('get and update on deployments/scale'),
    },
    waitRolloutStep<Scale>('wait-ready', 'Wait for the replicas to be ready'),
  ],
};
