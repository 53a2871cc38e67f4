import type { EffectLog } from '../effects';
import type { PlatformModel } from '../model';
import type { ScenarioState } from '../scenarios';
import { applyPatch } from './patch';
import { K8sError, ObjectStore, conflict, type K8sObject, type ResourceDef } from './store';
import { R, RESTARTED_AT, WorkloadController } from './workloads';
import { imageOf, versionOfImage, type ImageRegistry } from '../registry';
import { CronController } from './cronjobs';
import { createRng, seedFrom } from '../rng';
import { runtimeDatabase } from '../isolation';
import type { SimTenant } from '../model';

/** A tenant's DSN: its runtime database (the one the isolation API reports) with a generated password. */
const dsnOf = (t: SimTenant, password: string): string => {
  const db = runtimeDatabase(t);
  return `postgres://${db.user}:${password}@${db.host}:5432/${db.name}`;
};

/** Pods each platform namespace may run (ResourceQuota `platform-pods`): room for a few scale-ups. */
export const NAMESPACE_POD_QUOTA = 80;
const QUOTA_NAME = 'platform-pods';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const namespaceFor = (env: string): string => `platform-${env}`;

/**
 * The Kubernetes subset: an object store plus the deployment and cron job controllers, and the
 * write hooks that record side effects (restarts, scale changes, secret writes, pod deletes).
 */
export class Cluster {
  readonly store: ObjectStore;
  readonly workloads: WorkloadController;
  readonly crons: CronController;
  private readonly pending = new Set<string>();
  private timers = new Set<NodeJS.Timeout>();
  private readonly secretWatchers: Array<(secret: K8sObject) => void> = [];

  constructor(
    private readonly model: PlatformModel,
    private readonly scenarios: ScenarioState,
    private readonly effects: EffectLog,
    private readonly rolloutDelayMs = 300,
    /** Pods pull images from it; without one every image pulls. */
    private readonly registry?: ImageRegistry
  ) {
    this.store = new ObjectStore(model.rng);
    this.workloads = new WorkloadController(
      this.store,
      model.rng,
      (ns, d) => scenarios.isCrashLooping(ns, d),
      (image) => this.registry?.has(image) ?? true
    );
    this.crons = new CronController(
      this.store,
      model.rng,
      (ns, c) => scenarios.isCronFailing(ns, c),
      () => model.now()
    );
    this.bootstrap();
  }

  private bootstrap(): void {
    for (const env of this.model.options.environments) {
      const ns = namespaceFor(env);
      this.store.create(R.Namespace, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { 'switchyard.dev/env': env } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
      for (const shard of this.model.shards.filter((s) => s.env === env)) {
        const labels = { app: shard.kind, shard: shard.id };
        this.store.create(R.Deployment, {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {
            name: shard.id,
            namespace: ns,
            labels: { ...labels, 'app.kubernetes.io/version': shard.version },
          },
          spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            strategy: { type: 'RollingUpdate' },
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  {
                    name: shard.kind,
                    image: imageOf(shard.kind, shard.version),
                    env: [{ name: 'SHARD_ID', value: shard.id }],
                    ports: [{ containerPort: 8080 }],
                  },
                ],
              },
            },
          },
        });
        this.workloads.reconcileDeployment(ns, shard.id);
      }
      for (const t of this.model.tenants.filter((x) => x.env === env)) {
        this.store.create(R.Secret, {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'Opaque',
          metadata: { name: `tenant-${t.id}-db`, namespace: ns, labels: { 'switchyard.dev/tenant': t.id } },
          data: {
            dsn: Buffer.from(dsnOf(t, this.model.rng.hex(24))).toString('base64'),
          },
        });
      }
      this.crons.bootstrap(ns, ['projection-compaction', 'storage-backup', 'credit-reconcile']);
      // Its own generator: the quota must not shift the shared random stream the traffic is drawn from.
      this.store.create(
        R.ResourceQuota,
        {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: QUOTA_NAME, namespace: ns },
          spec: { hard: { pods: String(NAMESPACE_POD_QUOTA) } },
          status: { hard: { pods: String(NAMESPACE_POD_QUOTA) }, used: { pods: '0' } },
        },
        createRng(seedFrom(`${ns}/${QUOTA_NAME}`))
      );
      this.updateQuotas();
    }
  }

  /** The quota controller: `used.pods` counts the pods that are not finished, as Kubernetes does. */
  private updateQuotas(): void {
    for (const q of this.store.list(R.ResourceQuota)) {
      const ns = q.metadata.namespace as string;
      const used = this.store
        .list(R.Pod, ns)
        .filter((p) => !['Succeeded', 'Failed'].includes(String((p.status as Spec)?.phase))).length;
      const status = (q.status ?? {}) as Spec;
      if (status.used?.pods === String(used)) continue;
      this.store.put(R.ResourceQuota, { ...q, status: { hard: (q.spec as Spec).hard, used: { pods: String(used) } } });
    }
  }

  /** Advance controllers: crash-looping pods restart, cron jobs run, stalled rollouts try again. */
  tick(): void {
    this.workloads.tickPods();
    this.crons.tick();
    this.updateQuotas();
    for (const d of this.store.list(R.Deployment)) {
      const want = Number((d.spec as Spec)?.replicas ?? 1);
      const st = (d.status ?? {}) as Spec;
      if (st.updatedReplicas !== want || st.replicas !== want || st.readyReplicas !== want)
        this.scheduleReconcile(d.metadata.namespace as string, d.metadata.name);
    }
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private scheduleReconcile(ns: string, name: string): void {
    const key = `${ns}/${name}`;
    if (this.pending.has(key)) return;
    this.pending.add(key);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.pending.delete(key);
      const more = this.workloads.reconcileDeployment(ns, name);
      this.updateQuotas();
      if (more) this.scheduleReconcile(ns, name);
      else this.rolledOut(ns, name);
    }, this.rolloutDelayMs);
    this.timers.add(t);
  }

  /** A shard's stable deployment finished rolling: the platform now reports that version for the shard. */
  private rolledOut(ns: string, name: string): void {
    const shard = this.model.shard(name);
    const d = this.store.get(R.Deployment, ns, name);
    const image = (d?.spec as Spec)?.template?.spec?.containers?.[0]?.image;
    if (shard && namespaceFor(shard.env) === ns && typeof image === 'string') shard.version = versionOfImage(image);
  }

  /** Calls `fn` with every Secret created through the API (what a controller watching Secrets sees as ADDED). */
  watchSecretCreates(fn: (secret: K8sObject) => void): void {
    this.secretWatchers.push(fn);
  }

  create(d: ResourceDef, ns: string | undefined, body: K8sObject, requestId?: string): K8sObject {
    if (!body?.metadata?.name)
      throw new K8sError(422, 'Invalid', `${d.kind} "" is invalid: metadata.name: Required value: name is required`);
    if (d.namespaced && !this.store.get(R.Namespace, undefined, ns as string))
      throw new K8sError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
    const created = this.store.create(d, { ...body, metadata: { ...body.metadata, namespace: ns } });
    if (d.kind === 'Secret') {
      this.effects.record('secretWrite', `${ns}/${created.metadata.name}`, requestId, { verb: 'create' });
      for (const watch of this.secretWatchers) watch(created);
    }
    if (d.kind === 'Deployment') {
      this.effects.record('deploymentCreate', `${ns}/${created.metadata.name}`, requestId, {
        images: imagesOf(created.spec),
        replicas: (created.spec as Spec)?.replicas ?? 1,
      });
      this.scheduleReconcile(ns as string, created.metadata.name);
    }
    return created;
  }

  replace(d: ResourceDef, ns: string | undefined, name: string, body: K8sObject, requestId?: string): K8sObject {
    if (body?.metadata?.name && body.metadata.name !== name)
      throw new K8sError(400, 'BadRequest', 'the name of the object does not match the name on the URL');
    const before = this.store.mustGet(d, ns, name);
    return this.write(
      d,
      before,
      { ...body, metadata: { ...body.metadata, name, namespace: ns } },
      body?.metadata?.resourceVersion,
      requestId,
      'replace'
    );
  }

  patch(
    d: ResourceDef,
    ns: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    requestId?: string
  ): K8sObject {
    const before = this.store.mustGet(d, ns, name);
    const after = applyPatch(contentType, before, patch) as K8sObject;
    const rv =
      after.metadata?.resourceVersion !== before.metadata.resourceVersion ? after.metadata?.resourceVersion : undefined;
    if (rv) throw conflict(d, name);
    return this.write(d, before, after, undefined, requestId, 'patch');
  }

  private write(
    d: ResourceDef,
    before: K8sObject,
    after: K8sObject,
    expectedRv: string | undefined,
    requestId: string | undefined,
    verb: string
  ): K8sObject {
    if (this.scenarios.takeK8sConflict()) throw conflict(d, before.metadata.name);
    const ns = before.metadata.namespace;
    const name = before.metadata.name;
    if (d.kind === 'Deployment') {
      const specChanged = JSON.stringify(before.spec) !== JSON.stringify(after.spec);
      after.metadata.generation = Number(before.metadata.generation ?? 1) + (specChanged ? 1 : 0);
      after.status = before.status;
      const target = `${ns}/${name}`;
      const ra = (s: unknown) => (s as Spec)?.template?.metadata?.annotations?.[RESTARTED_AT];
      const saved = this.store.put(d, after, expectedRv);
      if (ra(after.spec) !== ra(before.spec))
        this.effects.record('restart', target, requestId, { restartedAt: ra(after.spec) });
      const rep = (s: unknown) => Number((s as Spec)?.replicas ?? 1);
      if (rep(after.spec) !== rep(before.spec))
        this.effects.record('scale', target, requestId, { from: rep(before.spec), to: rep(after.spec) });
      if (imagesOf(after.spec).join() !== imagesOf(before.spec).join())
        this.effects.record('imageChange', target, requestId, {
          from: imagesOf(before.spec),
          to: imagesOf(after.spec),
        });
      if (specChanged) this.scheduleReconcile(ns as string, name);
      return saved;
    }
    const saved = this.store.put(d, after, expectedRv);
    if (d.kind === 'Secret') this.effects.record('secretWrite', `${ns}/${name}`, requestId, { verb });
    return saved;
  }

  remove(d: ResourceDef, ns: string | undefined, name: string, requestId?: string): K8sObject {
    const gone = this.store.delete(d, ns, name);
    if (d.kind === 'Deployment') {
      this.workloads.deleteOwned(gone);
      this.effects.record('deploymentDelete', `${ns}/${name}`, requestId);
    }
    if (d.kind === 'Secret') this.effects.record('secretDelete', `${ns}/${name}`, requestId);
    if (d.kind === 'Pod') {
      this.effects.record('podDelete', `${ns}/${name}`, requestId);
      const rsName = gone.metadata.ownerReferences?.[0]?.name;
      const rs = rsName ? this.store.get(R.ReplicaSet, ns, rsName) : undefined;
      const deploy = rs?.metadata.ownerReferences?.[0]?.name;
      if (deploy) this.scheduleReconcile(ns as string, deploy);
    }
    return gone;
  }

  /** The Scale subresource view of a deployment. */
  scaleOf(ns: string, name: string): K8sObject {
    const d = this.store.mustGet(R.Deployment, ns, name);
    const spec = d.spec as Spec;
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name,
        namespace: ns,
        uid: d.metadata.uid,
        resourceVersion: d.metadata.resourceVersion,
        creationTimestamp: d.metadata.creationTimestamp,
      },
      spec: { replicas: spec.replicas ?? 1 },
      status: {
        replicas: (d.status as Spec)?.replicas ?? 0,
        selector: Object.entries(spec.selector?.matchLabels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      },
    };
  }

  setScale(ns: string, name: string, replicas: number, expectedRv: string | undefined, requestId?: string): K8sObject {
    if (!Number.isInteger(replicas) || replicas < 0)
      throw new K8sError(
        422,
        'Invalid',
        `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`
      );
    const d = this.store.mustGet(R.Deployment, ns, name);
    this.write(R.Deployment, d, { ...d, spec: { ...(d.spec as Spec), replicas } }, expectedRv, requestId, 'scale');
    return this.scaleOf(ns, name);
  }

  patchScale(ns: string, name: string, contentType: string, patch: unknown, requestId?: string): K8sObject {
    const cur = this.scaleOf(ns, name);
    const next = applyPatch(contentType, cur, patch) as K8sObject;
    if (next.metadata?.resourceVersion !== cur.metadata.resourceVersion) throw conflict(R.Deployment, name);
    return this.setScale(ns, name, Number((next.spec as Spec)?.replicas), undefined, requestId);
  }
}

function imagesOf(spec: unknown): string[] {
  return (((spec as Spec)?.template?.spec?.containers ?? []) as Spec[]).map((c) => String(c.image));
}
