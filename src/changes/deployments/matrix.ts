/**
 * The version matrix from what the Kubernetes API reports: one cell per shard deployment (labels
 * `app=<kind>`, `shard=<id>`), its image version, replicas and rollout state, with the canary
 * deployment beside it (`<deployment>-canary` or `track=canary`) folded into the same cell.
 */
import {
  SERVICE_KINDS,
  type Environment,
  type RolloutState,
  type ServiceKind,
  type VersionMatrix,
  type VersionMatrixCell,
} from '../../contract';
import { CANARY_SUFFIX } from './plan';

/** The fields of a Deployment the matrix needs (the sidecar's Kubernetes adapter maps V1Deployment to it). */
export interface DeploymentObservation {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Image of the first container. */
  image: string;
  specReplicas: number;
  generation: number;
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  /** `deployment.kubernetes.io/revision`, 0 when absent. */
  revision: number;
  paused: boolean;
}

/** The tag of an image reference (`registry/demo/gateway:2.14.3` → `2.14.3`; no tag → `latest`; a digest stays). */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : 'latest';
}

const isCanary = (d: DeploymentObservation) => d.labels.track === 'canary' || d.name.endsWith(CANARY_SUFFIX);

export function rolloutStateOf(d: DeploymentObservation, canary: DeploymentObservation | undefined): RolloutState {
  if (d.paused) return 'paused';
  if (canary && canary.specReplicas > 0) return 'canary';
  const rolling =
    d.observedGeneration < d.generation || d.updatedReplicas < d.specReplicas || d.replicas !== d.specReplicas;
  if (rolling) return 'progressing';
  if (d.readyReplicas < d.specReplicas) return 'degraded';
  return 'stable';
}

export function buildVersionMatrix(
  observed: readonly DeploymentObservation[],
  opts: { environmentOf: (namespace: string) => Environment | null; now: Date; error?: string | null }
): VersionMatrix {
  const canaries = new Map<string, DeploymentObservation>();
  for (const d of observed) {
    if (!isCanary(d)) continue;
    const stableName = d.labels.shard ?? d.name.slice(0, -CANARY_SUFFIX.length);
    canaries.set(`${d.namespace}/${stableName}`, d);
  }
  const cells: VersionMatrixCell[] = [];
  for (const d of observed) {
    if (isCanary(d)) continue;
    const kind = d.labels.app as ServiceKind;
    const environment = opts.environmentOf(d.namespace);
    const shardId = d.labels.shard;
    if (!(SERVICE_KINDS as readonly string[]).includes(kind) || !environment || !shardId) continue;
    const canary = canaries.get(`${d.namespace}/${d.name}`);
    cells.push({
      kind,
      environment,
      shardId,
      namespace: d.namespace,
      deployment: d.name,
      imageVersion: imageTag(d.image),
      canaryVersion: canary ? imageTag(canary.image) : null,
      canaryReplicas: canary?.readyReplicas ?? 0,
      replicasReady: d.readyReplicas,
      replicasDesired: d.specReplicas,
      replicasUpdated: d.updatedReplicas,
      revision: d.revision,
      rolloutState: rolloutStateOf(d, canary),
    });
  }
  const envRank = (e: Environment) => ['dev', 'staging', 'prod'].indexOf(e);
  cells.sort(
    (a, b) =>
      SERVICE_KINDS.indexOf(a.kind) - SERVICE_KINDS.indexOf(b.kind) ||
      envRank(a.environment) - envRank(b.environment) ||
      a.shardId.localeCompare(b.shardId, 'en', { numeric: true })
  );
  return { cells, observedAt: opts.now.toISOString(), error: opts.error ?? null };
}
