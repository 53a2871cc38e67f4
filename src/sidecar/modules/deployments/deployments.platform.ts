/**
 * What the deployments module reads from and does to the platform: the shard deployments of a
 * service kind (Kubernetes), the version matrix, the registry's tags, the gate's traffic samples
 * (VictoriaMetrics) and the idempotent rollout effects (canary create/scale/delete, promote,
 * restore). Every write first reads what is there and acts only when the effect is missing, so a
 * replayed step never repeats one.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import {
  ENVIRONMENTS,
  type Environment,
  type ServiceKind,
  type TrafficSample,
  type VersionMatrix,
} from '../../../contract';
import {
  buildVersionMatrix,
  canaryDeploymentName,
  gateQueries,
  imageTag,
  type DeploymentObservation,
  type GateQueryScope,
  type ShardRuntime,
} from '../../../changes';
import type { Clock } from '../../kernel/clock';
import type { ImageRegistryClient } from '../../platform/imageRegistry';
import type { KubernetesClient } from '../../platform/kubernetes';
import type { VictoriaMetrics } from '../../platform/victoriaMetrics';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export interface DeploymentsPlatform {
  k8s: KubernetesClient;
  registry: ImageRegistryClient;
  vm: VictoriaMetrics;
  namespace(env: Environment): string;
  clock: Clock;
}

function statusOf(d: V1Deployment) {
  const st = d.status ?? {};
  return {
    observedGeneration: st.observedGeneration ?? 0,
    replicas: st.replicas ?? 0,
    updatedReplicas: st.updatedReplicas ?? 0,
    readyReplicas: st.readyReplicas ?? 0,
  };
}

function specOf(d: V1Deployment) {
  const spec = d.spec;
  return {
    image: spec?.template.spec?.containers[0]?.image ?? '',
    specReplicas: spec?.replicas ?? 1,
    paused: spec?.paused ?? false,
  };
}

export function observationOf(d: V1Deployment, namespace: string): DeploymentObservation {
  const meta = d.metadata ?? {};
  return {
    namespace,
    name: meta.name ?? '',
    labels: meta.labels ?? {},
    generation: meta.generation ?? 0,
    revision: Number(meta.annotations?.[REVISION_ANNOTATION] ?? 0),
    ...specOf(d),
    ...statusOf(d),
  };
}

/** The version matrix over every environment's namespace; an unreadable namespace is named in `error`. */
export async function readVersionMatrix(p: DeploymentsPlatform): Promise<VersionMatrix> {
  const now = p.clock.now();
  if (!p.k8s.configured)
    return buildVersionMatrix([], {
      environmentOf: () => null,
      now,
      error: 'The Kubernetes API is not configured (SWITCHYARD_K8S_URL)',
    });
  const byNamespace = new Map<string, Environment>(ENVIRONMENTS.map((e) => [p.namespace(e), e]));
  const results = await Promise.allSettled(
    [...byNamespace.keys()].map(async (ns) => (await p.k8s.listDeployments(ns)).map((d) => observationOf(d, ns)))
  );
  const failed = [...byNamespace.keys()].filter((_, i) => results[i].status === 'rejected');
  const observed = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  return buildVersionMatrix(observed, {
    environmentOf: (ns) => byNamespace.get(ns) ?? null,
    now,
    error: failed.length ? `The Kubernetes API could not be read for ${failed.join(', ')}` : null,
  });
}

export interface ShardDeployment extends ShardRuntime {
  image: string;
  revision: number;
}

/** The shard deployments of one kind in one environment, as the matrix sees them. */
export async function shardsOf(
  p: DeploymentsPlatform,
  kind: ServiceKind,
  env: Environment
): Promise<ShardDeployment[]> {
  const ns = p.namespace(env);
  const list = (await p.k8s.listDeployments(ns)).map((d) => observationOf(d, ns));
  const matrix = buildVersionMatrix(list, { environmentOf: () => env, now: p.clock.now() });
  return matrix.cells
    .filter((c) => c.kind === kind)
    .map((c) => {
      const d = list.find((o) => o.name === c.deployment) as DeploymentObservation;
      return {
        shardId: c.shardId,
        deployment: c.deployment,
        imageVersion: c.imageVersion,
        replicasDesired: c.replicasDesired,
        rolloutState: c.rolloutState,
        image: d.image,
        revision: c.revision,
      };
    });
}

/** `registry/demo/gateway:2.14.3` with tag `2.15.0` → `registry/demo/gateway:2.15.0`. */
export function withTag(image: string, tag: string): string {
  const at = image.indexOf('@');
  const base = at >= 0 ? image.slice(0, at) : image;
  const colon = base.lastIndexOf(':');
  const name = colon > base.lastIndexOf('/') ? base.slice(0, colon) : base;
  return `${name}:${tag}`;
}

/** The traffic of one track of the target shards over the gate window, from VictoriaMetrics. */
export async function trafficSample(
  p: DeploymentsPlatform,
  scope: GateQueryScope,
  track: 'stable' | 'canary'
): Promise<TrafficSample> {
  const q = gateQueries(scope, track);
  const [requests, ratio, p95] = await Promise.all([
    p.vm.instant(q.requests),
    p.vm.instant(q.errorRatio5xx),
    p.vm.instant(q.p95Ms),
  ]);
  const n = Math.max(0, Math.round(requests ?? 0));
  return {
    requests: n,
    errorRatio5xx: n > 0 && ratio !== null ? Math.min(1, Math.max(0, ratio)) : null,
    p95Ms: n > 0 && p95 !== null ? Math.max(0, p95) : null,
  };
}

// ---- effects (each reads first, acts only when needed) --------------------------------------------

/** Creates the canary deployment beside `stable` with `image` and `replicas`, or scales it. */
export async function ensureCanary(
  p: DeploymentsPlatform,
  ns: string,
  stableName: string,
  image: string,
  replicas: number
): Promise<'created' | 'scaled' | 'unchanged'> {
  const name = canaryDeploymentName(stableName);
  const current = await p.k8s.getDeployment(ns, name);
  if (!current) {
    const stable = await p.k8s.getDeployment(ns, stableName);
    if (!stable) throw new Error(`deployment ${stableName} is gone`);
    const labels = { ...(stable.spec?.selector.matchLabels ?? {}), track: 'canary' };
    const containers = (stable.spec?.template.spec?.containers ?? []).map((c, i) => (i === 0 ? { ...c, image } : c));
    await p.k8s.createDeployment(ns, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels: { ...stable.metadata?.labels, ...labels } },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels: { ...stable.spec?.template.metadata?.labels, ...labels } },
          spec: { ...stable.spec?.template.spec, containers },
        },
      },
    });
    return 'created';
  }
  if ((current.spec?.replicas ?? 0) === replicas) return 'unchanged';
  const scale = await p.k8s.readScale(ns, name);
  await p.k8s.setScale(ns, name, replicas, scale.resourceVersion);
  return 'scaled';
}

export async function ensureReplicas(
  p: DeploymentsPlatform,
  ns: string,
  name: string,
  replicas: number
): Promise<boolean> {
  const scale = await p.k8s.readScale(ns, name);
  if (scale.replicas === replicas) return false;
  await p.k8s.setScale(ns, name, replicas, scale.resourceVersion);
  return true;
}

/** Sets the stable deployment's image and replicas (a new revision when the image changes). */
export async function ensureStable(
  p: DeploymentsPlatform,
  ns: string,
  name: string,
  image: string,
  replicas: number,
  rolling?: { maxSurgePercent: number; maxUnavailablePercent: number }
): Promise<'changed' | 'unchanged'> {
  const d = await p.k8s.getDeployment(ns, name);
  if (!d) throw new Error(`deployment ${name} is gone`);
  const containers = d.spec?.template.spec?.containers ?? [];
  if (containers[0]?.image === image) {
    // Same pod template: only the replica count may differ (no new revision).
    return (await ensureReplicas(p, ns, name, replicas)) ? 'changed' : 'unchanged';
  }
  const body: V1Deployment = {
    ...d,
    spec: {
      ...d.spec!,
      replicas,
      ...(rolling
        ? {
            strategy: {
              type: 'RollingUpdate',
              rollingUpdate: {
                maxSurge: `${rolling.maxSurgePercent}%`,
                maxUnavailable: `${rolling.maxUnavailablePercent}%`,
              },
            },
          }
        : {}),
      template: {
        ...d.spec!.template,
        spec: { ...d.spec!.template.spec, containers: containers.map((c, i) => (i === 0 ? { ...c, image } : c)) },
      },
    },
  };
  await p.k8s.replaceDeployment(ns, body);
  return 'changed';
}

/** Whether a deployment runs `image` (when given) with every one of `replicas` updated and ready. */
export async function settled(
  p: DeploymentsPlatform,
  ns: string,
  name: string,
  replicas: number,
  image?: string
): Promise<{ ok: boolean; ready: number; image: string }> {
  const d = await p.k8s.getDeployment(ns, name);
  if (!d) return { ok: replicas === 0, ready: 0, image: '' };
  const o = observationOf(d, ns);
  const ok =
    o.specReplicas === replicas &&
    o.observedGeneration >= o.generation &&
    o.readyReplicas === replicas &&
    o.updatedReplicas === replicas &&
    o.replicas === replicas &&
    (image === undefined || o.image === image);
  return { ok, ready: o.readyReplicas, image: imageTag(o.image) };
}
