/**
 * Deploy preflight: every check the deploy job runs before touching the platform, each with the
 * value it measured. A failed check blocks the deploy and says exactly why.
 */
import type { DeployRequest, Environment, Freeze, PreflightCheck, RolloutState } from '../../contract';
import { freezeCheck } from './freeze';

export interface ShardRuntime {
  shardId: string;
  deployment: string;
  imageVersion: string;
  replicasDesired: number;
  rolloutState: RolloutState;
}

export interface DeployPreflightInput {
  request: DeployRequest;
  /** Every shard of the kind in the environment, as read from Kubernetes. */
  shards: readonly ShardRuntime[];
  /** Tags of the kind's image repository; null when the registry could not be read. */
  registryTags: readonly string[] | null;
  freezes: readonly Freeze[];
  /** Deployments not yet finished (any kind and environment). */
  activeDeployments: ReadonlyArray<{ id: string; kind: string; environment: Environment }>;
  /** Environments where a deploy needs a second person's approval. */
  approvalEnvironments: readonly Environment[];
  now: Date;
}

export interface DeployPreflight {
  checks: PreflightCheck[];
  blocked: boolean;
  approvalRequired: boolean;
  /** The shards the deploy targets (all of the kind when the request names none). */
  targets: ShardRuntime[];
}

export function deployPreflight(input: DeployPreflightInput): DeployPreflight {
  const { request } = input;
  const checks: PreflightCheck[] = [];
  const tags = input.registryTags;
  checks.push(
    tags === null
      ? { name: 'image', ok: false, message: 'The image registry could not be read', measured: null }
      : {
          name: 'image',
          ok: tags.includes(request.imageVersion),
          message: tags.includes(request.imageVersion)
            ? `Image ${request.kind}:${request.imageVersion} exists in the registry`
            : `Image ${request.kind}:${request.imageVersion} is not in the registry`,
          measured: request.imageVersion,
          threshold: tags.length > 20 ? `${tags.length} known tags` : tags,
        }
  );
  checks.push(freezeCheck(input.freezes, request.environment, input.now));

  const wanted = request.shards ?? input.shards.map((s) => s.shardId);
  const missing = wanted.filter((id) => !input.shards.some((s) => s.shardId === id));
  const targets = input.shards.filter((s) => wanted.includes(s.shardId));
  checks.push({
    name: 'shards',
    ok: missing.length === 0 && targets.length > 0,
    message:
      missing.length > 0
        ? `No ${request.kind} deployment for shard(s) ${missing.join(', ')} in ${request.environment}`
        : targets.length === 0
          ? `No ${request.kind} shards in ${request.environment}`
          : `${targets.length} ${request.kind} shard(s) in ${request.environment}`,
    measured: targets.map((s) => s.shardId),
  });

  const outdated = targets.filter((s) => s.imageVersion !== request.imageVersion);
  checks.push({
    name: 'version',
    ok: targets.length === 0 || outdated.length > 0,
    message:
      targets.length > 0 && outdated.length === 0
        ? `Every target shard already runs ${request.imageVersion}`
        : `${outdated.length} shard(s) will change to ${request.imageVersion}`,
    measured: Object.fromEntries(targets.map((s) => [s.shardId, s.imageVersion])),
  });

  const busy = targets.filter((s) => s.rolloutState !== 'stable');
  checks.push({
    name: 'rollout-idle',
    ok: busy.length === 0,
    message:
      busy.length === 0
        ? 'No rollout in progress on the target shards'
        : `A rollout is in progress on ${busy.map((s) => `${s.shardId} (${s.rolloutState})`).join(', ')}`,
    measured: Object.fromEntries(targets.map((s) => [s.shardId, s.rolloutState])),
  });

  const concurrent = input.activeDeployments.filter(
    (d) => d.kind === request.kind && d.environment === request.environment
  );
  checks.push({
    name: 'no-concurrent-deploy',
    ok: concurrent.length === 0,
    message:
      concurrent.length === 0
        ? `No other ${request.kind} deploy running in ${request.environment}`
        : `Deployment ${concurrent[0].id} of ${request.kind} in ${request.environment} is still running`,
    measured: concurrent.map((d) => d.id),
  });

  return {
    checks,
    blocked: checks.some((c) => !c.ok),
    approvalRequired: input.approvalEnvironments.includes(request.environment),
    targets,
  };
}
