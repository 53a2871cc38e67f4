/**
 * Kubernetes writes for jobs, with @kubernetes/client-node: deployments (rollout restart through the
 * pod template's `restartedAt` annotation, scale through the scale subresource), secrets and pods.
 * Every write carries the resourceVersion it was planned against (optimistic concurrency: a 409
 * means "re-read and retry"). Every call is time-boxed. Errors are reduced to PlatformCallError
 * (status + safe message): response bodies, secret data and the token never leave this module's
 * callers through an error.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  type V1Deployment,
  type V1ResourceQuota,
  type V1Secret,
} from '@kubernetes/client-node';
import { replicaBounds } from '../../contract';
import { PlatformCallError } from './platformCallError';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

export interface DeploymentView {
  name: string;
  namespace: string;
  resourceVersion: string;
  generation: number;
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  restartedAt: string | null;
  /** The range a scale may set (see `replicaBounds`). */
  minReplicas: number;
  maxReplicas: number;
  /** True when the controller has caught up with the spec and every replica is updated and ready. */
  rolledOut: boolean;
}

export interface PodQuota {
  /** The ResourceQuota's name. */
  name: string;
  hard: number;
  used: number;
}

export interface SecretView {
  name: string;
  resourceVersion: string;
  annotations: Record<string, string>;
  /** Decoded values; callers must never return, log or audit them. */
  data: Record<string, string>;
}

export interface KubernetesOptions {
  url: string | null;
  token: string | null;
  timeoutMs: number;
}

export class KubernetesClient {
  private readonly apps: AppsV1Api | null = null;
  private readonly core: CoreV1Api | null = null;

  constructor(private readonly opts: KubernetesOptions) {
    if (!opts.url) return;
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      { name: 'platform', server: opts.url, skipTLSVerify: opts.url.startsWith('http://') },
      { name: 'switchyard-jobs', ...(opts.token ? { token: opts.token } : {}) }
    );
    this.apps = kc.makeApiClient(AppsV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  get configured(): boolean {
    return this.apps !== null;
  }

  async readDeployment(namespace: string, name: string): Promise<DeploymentView> {
    const d = await this.call(`read deployment ${name}`, () =>
      this.appsApi().readNamespacedDeployment({ name, namespace })
    );
    return viewOf(d);
  }

  /** Sets the pod template's restartedAt annotation (a rollout restart) if the resourceVersion still matches. */
  async restartDeployment(
    namespace: string,
    name: string,
    restartedAt: string,
    resourceVersion: string
  ): Promise<DeploymentView> {
    const current = await this.call(`read deployment ${name}`, () =>
      this.appsApi().readNamespacedDeployment({ name, namespace })
    );
    if (current.metadata?.resourceVersion !== resourceVersion) {
      throw new PlatformCallError(
        'kubernetes',
        'http',
        `deployment ${name} changed since it was read (409 conflict)`,
        409
      );
    }
    const template = current.spec?.template ?? {};
    const body: V1Deployment = {
      ...current,
      spec: {
        ...current.spec!,
        template: {
          ...template,
          metadata: {
            ...template.metadata,
            annotations: { ...template.metadata?.annotations, [RESTARTED_AT_ANNOTATION]: restartedAt },
          },
        },
      },
    };
    const d = await this.call(`restart deployment ${name}`, () =>
      this.appsApi().replaceNamespacedDeployment({ name, namespace, body })
    );
    return viewOf(d);
  }

  async readScale(namespace: string, name: string): Promise<{ replicas: number; resourceVersion: string }> {
    const s = await this.call(`read scale of ${name}`, () =>
      this.appsApi().readNamespacedDeploymentScale({ name, namespace })
    );
    return { replicas: s.spec?.replicas ?? 0, resourceVersion: s.metadata?.resourceVersion ?? '' };
  }

  async setScale(
    namespace: string,
    name: string,
    replicas: number,
    resourceVersion: string
  ): Promise<{ replicas: number; resourceVersion: string }> {
    const s = await this.call(`scale deployment ${name}`, () =>
      this.appsApi().replaceNamespacedDeploymentScale({
        name,
        namespace,
        body: {
          apiVersion: 'autoscaling/v1',
          kind: 'Scale',
          metadata: { name, namespace, resourceVersion },
          spec: { replicas },
        },
      })
    );
    return { replicas: s.spec?.replicas ?? 0, resourceVersion: s.metadata?.resourceVersion ?? '' };
  }

  /**
   * The namespace's tightest pod quota (ResourceQuota `pods`: hard and used), or null when no quota
   * limits pods there.
   */
  async podQuota(namespace: string): Promise<PodQuota | null> {
    const list = await this.call(`list resource quotas in ${namespace}`, () =>
      this.coreApi().listNamespacedResourceQuota({ namespace })
    );
    let tightest: PodQuota | null = null;
    for (const quota of list.items.map(podQuotaOf)) {
      if (quota && (!tightest || quota.hard - quota.used < tightest.hard - tightest.used)) tightest = quota;
    }
    return tightest;
  }

  /** The secret, or null when it does not exist. */
  async readSecret(namespace: string, name: string): Promise<SecretView | null> {
    try {
      const s = await this.call(`read secret ${name}`, () => this.coreApi().readNamespacedSecret({ name, namespace }));
      return secretView(s);
    } catch (err) {
      if (err instanceof PlatformCallError && err.status === 404) return null;
      throw err;
    }
  }

  async createSecret(
    namespace: string,
    name: string,
    data: Record<string, string>,
    annotations: Record<string, string>,
    labels: Record<string, string> = {}
  ): Promise<SecretView> {
    const body: V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name, namespace, annotations, labels },
      data: encode(data),
    };
    return secretView(
      await this.call(`create secret ${name}`, () => this.coreApi().createNamespacedSecret({ namespace, body }))
    );
  }

  /** Replaces the secret's data (and merges annotations) if the resourceVersion still matches. */
  async replaceSecret(
    namespace: string,
    name: string,
    data: Record<string, string>,
    annotations: Record<string, string>,
    resourceVersion: string
  ): Promise<SecretView> {
    const current = await this.call(`read secret ${name}`, () =>
      this.coreApi().readNamespacedSecret({ name, namespace })
    );
    const body: V1Secret = {
      ...current,
      metadata: {
        ...current.metadata,
        resourceVersion,
        annotations: { ...current.metadata?.annotations, ...annotations },
      },
      data: { ...current.data, ...encode(data) },
    };
    return secretView(
      await this.call(`replace secret ${name}`, () => this.coreApi().replaceNamespacedSecret({ name, namespace, body }))
    );
  }

  /** Deletes the secret; false when it was already gone. */
  async deleteSecret(namespace: string, name: string): Promise<boolean> {
    try {
      await this.call(`delete secret ${name}`, () => this.coreApi().deleteNamespacedSecret({ name, namespace }));
      return true;
    } catch (err) {
      if (err instanceof PlatformCallError && err.status === 404) return false;
      throw err;
    }
  }

  /** Every deployment of a namespace (the version matrix, deploy preflight). */
  async listDeployments(namespace: string): Promise<V1Deployment[]> {
    const list = await this.call(`list deployments in ${namespace}`, () =>
      this.appsApi().listNamespacedDeployment({ namespace })
    );
    return list.items;
  }

  /** The deployment object, or null when it does not exist. */
  async getDeployment(namespace: string, name: string): Promise<V1Deployment | null> {
    try {
      return await this.call(`read deployment ${name}`, () =>
        this.appsApi().readNamespacedDeployment({ name, namespace })
      );
    } catch (err) {
      if (err instanceof PlatformCallError && err.status === 404) return null;
      throw err;
    }
  }

  async createDeployment(namespace: string, body: V1Deployment): Promise<V1Deployment> {
    return this.call(`create deployment ${body.metadata?.name ?? ''}`, () =>
      this.appsApi().createNamespacedDeployment({ namespace, body })
    );
  }

  /** Replaces the deployment (the body carries the resourceVersion it was read at: 409 when it changed). */
  async replaceDeployment(namespace: string, body: V1Deployment): Promise<V1Deployment> {
    const name = body.metadata?.name ?? '';
    return this.call(`replace deployment ${name}`, () =>
      this.appsApi().replaceNamespacedDeployment({ name, namespace, body })
    );
  }

  /** Deletes the deployment; false when it was already gone. */
  async deleteDeployment(namespace: string, name: string): Promise<boolean> {
    try {
      await this.call(`delete deployment ${name}`, () =>
        this.appsApi().deleteNamespacedDeployment({ name, namespace })
      );
      return true;
    } catch (err) {
      if (err instanceof PlatformCallError && err.status === 404) return false;
      throw err;
    }
  }

  /** Pods of a deployment (by its selector): how many are ready and how many are waiting in a crash loop. */
  async podHealth(
    namespace: string,
    deployment: string
  ): Promise<{ pods: number; ready: number; crashLooping: number }> {
    const d = await this.call(`read deployment ${deployment}`, () =>
      this.appsApi().readNamespacedDeployment({ name: deployment, namespace })
    );
    const selector = Object.entries(d.spec?.selector?.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const list = await this.call(`list pods of ${deployment}`, () =>
      this.coreApi().listNamespacedPod({ namespace, labelSelector: selector })
    );
    let ready = 0;
    let crashLooping = 0;
    for (const p of list.items) {
      const cs = p.status?.containerStatuses ?? [];
      if (cs.length > 0 && cs.every((c) => c.ready)) ready += 1;
      if (cs.some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff')) crashLooping += 1;
    }
    return { pods: list.items.length, ready, crashLooping };
  }

  private appsApi(): AppsV1Api {
    if (!this.apps) throw new PlatformCallError('kubernetes', 'refused', 'the Kubernetes API is not configured');
    return this.apps;
  }

  private coreApi(): CoreV1Api {
    if (!this.core) throw new PlatformCallError('kubernetes', 'refused', 'the Kubernetes API is not configured');
    return this.core;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const p = fn();
    p.catch(() => undefined);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new PlatformCallError('kubernetes', 'timeout', `${what}: no answer within ${this.opts.timeoutMs} ms`)),
        this.opts.timeoutMs
      );
    });
    try {
      return await Promise.race([p, timeout]);
    } catch (err) {
      if (err instanceof PlatformCallError) throw err;
      if (err instanceof ApiException)
        throw new PlatformCallError(
          'kubernetes',
          'http',
          `${what}: the Kubernetes API answered HTTP ${err.code}`,
          err.code
        );
      throw new PlatformCallError('kubernetes', 'unreachable', `${what}: the Kubernetes API is unreachable`);
    } finally {
      clearTimeout(timer);
    }
  }
}

function rolloutOf(d: V1Deployment) {
  return {
    generation: d.metadata?.generation ?? 0,
    observedGeneration: d.status?.observedGeneration ?? 0,
    replicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
  };
}

/** A ResourceQuota's pod limit (status first, as the quota controller reports it), or null when it sets none. */
function podQuotaOf(q: V1ResourceQuota): PodQuota | null {
  const hard = Number(q.status?.hard?.pods ?? q.spec?.hard?.pods);
  if (!Number.isFinite(hard)) return null;
  const used = Number(q.status?.used?.pods ?? 0);
  return { name: q.metadata?.name ?? '', hard, used: Number.isFinite(used) ? used : 0 };
}

function viewOf(d: V1Deployment): DeploymentView {
  const { generation, observedGeneration, replicas, readyReplicas, updatedReplicas } = rolloutOf(d);
  const meta = d.metadata ?? {};
  return {
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    resourceVersion: meta.resourceVersion ?? '',
    generation,
    observedGeneration,
    replicas,
    readyReplicas,
    updatedReplicas,
    restartedAt: d.spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] ?? null,
    ...(({ min, max }) => ({ minReplicas: min, maxReplicas: max }))(replicaBounds(meta.annotations)),
    rolledOut: observedGeneration >= generation && updatedReplicas === replicas && readyReplicas === replicas,
  };
}

function secretView(s: V1Secret): SecretView {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.data ?? {})) data[k] = Buffer.from(v, 'base64').toString('utf8');
  return {
    name: s.metadata?.name ?? '',
    resourceVersion: s.metadata?.resourceVersion ?? '',
    annotations: { ...s.metadata?.annotations },
    data,
  };
}

function encode(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
}
