/**
 * The rollout's preflight, shared by the plan (dry run, approval re-check) and the job's first step:
 * the image exists in the registry, no freeze is in force, the target shards exist and are idle, no
 * other deploy of the kind runs in the environment. Each check carries what it measured.
 */
import type { DeployRequest, JobParams, PreflightCheck } from '../../../../contract';
import { deployPreflight, type DeployPreflight } from '../../../../changes';
import { check } from '../../../jobs/jobType';
import { PlatformCallError } from '../../../platform/platformCallError';
import { DependencyError } from '../../../kernel/errors';
import { activeDeployments, listFreezes } from '../deployments.store';
import { shardsOf, type ShardDeployment } from '../deployments.platform';
import type { RolloutJobDeps } from './rolloutDeps';

export type RolloutParams = JobParams<'deployment.rollout'>;

export interface RolloutPreflight extends DeployPreflight {
  shards: ShardDeployment[];
}

const why = (err: unknown) =>
  err instanceof PlatformCallError || err instanceof DependencyError ? err.message : 'unexpected error';

export async function rolloutPreflight(
  p: RolloutParams,
  deps: RolloutJobDeps,
  reason: string,
  ownDeploymentId?: string
): Promise<RolloutPreflight> {
  const failed: PreflightCheck[] = [];
  let shards: ShardDeployment[] = [];
  if (!deps.k8s.configured) {
    failed.push(check('kubernetes-api', false, 'The Kubernetes API is not configured (SWITCHYARD_K8S_URL)', null));
  } else {
    try {
      shards = await shardsOf(deps, p.kind, p.environment);
    } catch (err) {
      failed.push(check('kubernetes-api', false, `Deployments could not be read: ${why(err)}`, null));
    }
  }
  let tags: string[] | null = null;
  try {
    tags = (await deps.registry.tags(p.kind)).tags;
  } catch {
    tags = null;
  }
  const now = deps.clock.now();
  const freezes = await listFreezes(deps.db, now.toISOString());
  const active = (await activeDeployments(deps.db)).filter((d) => d.id !== ownDeploymentId);
  const request: DeployRequest = { ...p, reason };
  const result = deployPreflight({
    request,
    shards,
    registryTags: tags,
    freezes,
    activeDeployments: active,
    approvalEnvironments: [],
    now,
  });
  if (p.strategy.type === 'canary' && !deps.vm.configured)
    failed.push(
      check(
        'victoriametrics',
        false,
        'VictoriaMetrics is not configured (SWITCHYARD_VM_URL): a canary gate cannot measure',
        null
      )
    );
  const checks = [...failed, ...result.checks];
  return {
    ...result,
    checks,
    blocked: checks.some((c) => !c.ok),
    shards: shards.filter((s) => result.targets.some((t) => t.shardId === s.shardId)),
  };
}
