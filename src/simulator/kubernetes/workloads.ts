import type { Rng } from '../rng';
import { k8sSuffix } from '../rng';
import { RESOURCES, type K8sObject, type ObjectStore, type ResourceDef } from './store';

export const R = Object.fromEntries(RESOURCES.map((d) => [d.kind, d])) as Record<string, ResourceDef>;
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Stable 10-char pod-template-hash, like the deployment controller's. */
export function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  const s = JSON.stringify(template);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  let x = h;
  for (let i = 0; i < 10; i++) {
    out += alphabet[x % alphabet.length];
    x = Math.floor(x / alphabet.length) + (i + 1) * 7919;
  }
  return out;
}

const owner = (o: K8sObject) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  uid: o.metadata.uid as string,
  controller: true,
  blockOwnerDeletion: true,
});

export const REVISION = 'deployment.kubernetes.io/revision';
const DEFAULT_REVISION_HISTORY_LIMIT = 10;

const revisionOf = (o: K8sObject): number => Number(o.metadata.annotations?.[REVISION] ?? 0);
const replicasOf = (o: K8sObject): number => Number((o.spec as Spec)?.replicas ?? 0);
export const isPodReady = (p: K8sObject): boolean =>
  ((p.status as Spec)?.containerStatuses ?? []).every((c: Spec) => c.ready);

/** maxSurge / maxUnavailable of a RollingUpdate strategy (ints or percentages), as the controller rounds them. */
export function rollingBounds(spec: Spec, desired: number): { surge: number; unavailable: number } {
  const ru = (spec.strategy?.rollingUpdate ?? {}) as Spec;
  const resolve = (v: unknown, roundUp: boolean): number => {
    if (typeof v === 'string' && v.endsWith('%')) {
      const f = (desired * Number(v.slice(0, -1))) / 100;
      return roundUp ? Math.ceil(f) : Math.floor(f);
    }
    return Math.max(0, Number(v));
  };
  const surge = resolve(ru.maxSurge ?? '25%', true);
  const unavailable = resolve(ru.maxUnavailable ?? '25%', false);
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

/**
 * Deployment controller: one ReplicaSet per pod template (named `<deploy>-<hash>`, annotated with its
 * `deployment.kubernetes.io/revision`); a template change rolls step by step — the new set grows
 * within maxSurge, old sets shrink as far as maxUnavailable allows — one step per reconcile, so a
 * rollout takes several controller delays. Going back to an earlier template (rollout undo) reuses
 * its ReplicaSet under a new revision. Old sets beyond `revisionHistoryLimit` are deleted.
 */
export class WorkloadController {
  constructor(
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly isCrashLooping: (ns: string, deploy: string) => boolean,
    private readonly imageExists: (image: string) => boolean = () => true
  ) {}

  /** One controller step; true while the rollout has further steps to take. */
  reconcileDeployment(ns: string, name: string): boolean {
    const d = this.store.get(R.Deployment, ns, name);
    if (!d) return false;
    const spec = d.spec as Spec;
    const template = spec.template as Spec;
    const hash = templateHash(template);
    const rsName = `${name}-${hash}`;
    const desired = Number(spec.replicas ?? 1);
    const owned = () =>
      this.store.list(R.ReplicaSet, ns).filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
    const maxRevision = Math.max(0, ...owned().map(revisionOf));
    let current = owned().find((rs) => rs.metadata.name === rsName);
    const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
    if (!current) {
      current = this.store.create(R.ReplicaSet, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: ns,
          labels,
          ownerReferences: [owner(d)],
          annotations: { [REVISION]: String(maxRevision + 1) },
        },
        spec: {
          replicas: 0,
          selector: { matchLabels: { ...spec.selector?.matchLabels, 'pod-template-hash': hash } },
          template: { ...template, metadata: { ...template.metadata, labels } },
        },
      });
    } else if (revisionOf(current) < maxRevision) {
      current = this.store.put(R.ReplicaSet, {
        ...current,
        metadata: {
          ...current.metadata,
          annotations: { ...current.metadata.annotations, [REVISION]: String(maxRevision + 1) },
        },
      });
    }
    const currentName = current.metadata.name;
    const olds = () =>
      owned()
        .filter((rs) => rs.metadata.name !== currentName && replicasOf(rs) > 0)
        .sort((a, b) => revisionOf(a) - revisionOf(b));
    const cur = () => this.store.get(R.ReplicaSet, ns, currentName) as K8sObject;

    if (olds().length === 0 || replicasOf(cur()) > desired || spec.strategy?.type === 'Recreate') {
      for (const o of olds()) this.syncReplicaSet(o, 0);
      this.syncReplicaSet(cur(), desired);
    } else {
      const { surge, unavailable } = rollingBounds(spec, desired);
      const oldTotal = olds().reduce((n, o) => n + replicasOf(o), 0);
      const room = desired + surge - (replicasOf(cur()) + oldTotal);
      if (replicasOf(cur()) < desired && room > 0) {
        this.syncReplicaSet(cur(), Math.min(desired, replicasOf(cur()) + room));
      } else {
        const ready = [cur(), ...olds()].reduce((n, rs) => n + this.podsOf(rs).filter(isPodReady).length, 0);
        let budget = Math.max(0, ready - (desired - unavailable));
        for (const o of olds()) {
          const unready = this.podsOf(o).filter((p) => !isPodReady(p)).length;
          const remove = Math.min(replicasOf(o), unready + budget);
          budget -= Math.max(0, remove - unready);
          if (remove > 0) this.syncReplicaSet(o, replicasOf(o) - remove);
        }
        // A leftover old set with no pods to scale (its budget spent) keeps its pods until the next step.
        for (const o of olds()) if (replicasOf(o) === 0) this.syncReplicaSet(o, 0);
      }
    }

    const complete = replicasOf(cur()) === desired && olds().length === 0;
    if (complete)
      this.pruneHistory(owned(), currentName, Number(spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT));
    const pods = owned().flatMap((rs) => this.podsOf(rs));
    const updated = this.podsOf(cur());
    const ready = pods.filter(isPodReady).length;
    const fresh = this.store.get(R.Deployment, ns, name) as K8sObject;
    this.store.put(R.Deployment, {
      ...fresh,
      metadata: {
        ...fresh.metadata,
        annotations: { ...fresh.metadata.annotations, [REVISION]: String(revisionOf(cur())) },
      },
      status: {
        observedGeneration: fresh.metadata.generation,
        replicas: pods.length,
        updatedReplicas: updated.length,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(ready < desired ? { unavailableReplicas: desired - ready } : {}),
        conditions: [
          {
            type: 'Available',
            status: ready >= Math.min(desired, 1) ? 'True' : 'False',
            reason: ready >= Math.min(desired, 1) ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
            lastUpdateTime: now(),
            lastTransitionTime: now(),
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
            message: complete
              ? `ReplicaSet "${currentName}" has successfully progressed.`
              : `ReplicaSet "${currentName}" is progressing.`,
            lastUpdateTime: now(),
            lastTransitionTime: now(),
          },
        ],
      },
    });
    return !complete;
  }

  /** Deletes a deployment's ReplicaSets and their pods (what garbage collection does after a delete). */
  deleteOwned(deployment: K8sObject): void {
    const ns = deployment.metadata.namespace as string;
    for (const rs of this.store.list(R.ReplicaSet, ns)) {
      if (rs.metadata.ownerReferences?.[0]?.uid !== deployment.metadata.uid) continue;
      for (const p of this.podsOf(rs)) this.store.delete(R.Pod, ns, p.metadata.name);
      this.store.delete(R.ReplicaSet, ns, rs.metadata.name);
    }
  }

  /** The deployment a pod belongs to (pod → ReplicaSet → Deployment), or '' for a bare pod. */
  deploymentOf(pod: K8sObject): string {
    const rsName = pod.metadata.ownerReferences?.[0]?.name;
    const rs = rsName ? this.store.get(R.ReplicaSet, pod.metadata.namespace, rsName) : undefined;
    return rs?.metadata.ownerReferences?.[0]?.name ?? rsName?.replace(/-[^-]+$/, '') ?? '';
  }

  private podsOf(rs: K8sObject): K8sObject[] {
    return this.store
      .list(R.Pod, rs.metadata.namespace)
      .filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid);
  }

  private pruneHistory(sets: K8sObject[], currentName: string, limit: number): void {
    const old = sets
      .filter((rs) => rs.metadata.name !== currentName && replicasOf(rs) === 0 && this.podsOf(rs).length === 0)
      .sort((a, b) => revisionOf(b) - revisionOf(a));
    for (const rs of old.slice(Math.max(0, limit)))
      this.store.delete(R.ReplicaSet, rs.metadata.namespace, rs.metadata.name);
  }

  private syncReplicaSet(rs: K8sObject, want: number): void {
    const ns = rs.metadata.namespace as string;
    const pods = this.store.list(R.Pod, ns).filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid);
    while (pods.length > want) {
      const p = pods.pop() as K8sObject;
      this.store.delete(R.Pod, ns, p.metadata.name);
    }
    const deploy = rs.metadata.ownerReferences?.[0]?.name ?? '';
    while (pods.length < want) {
      pods.push(this.createPod(rs, deploy));
    }
    const fresh = this.store.get(R.ReplicaSet, ns, rs.metadata.name) as K8sObject;
    this.store.put(R.ReplicaSet, {
      ...fresh,
      spec: { ...(fresh.spec as Spec), replicas: want },
      status: {
        replicas: pods.length,
        readyReplicas: pods.filter(isPodReady).length,
        availableReplicas: pods.filter(isPodReady).length,
        observedGeneration: fresh.metadata.generation,
      },
    });
  }

  private createPod(rs: K8sObject, deploy: string): K8sObject {
    const ns = rs.metadata.namespace as string;
    const template = (rs.spec as Spec).template as Spec;
    const crash = this.isCrashLooping(ns, deploy);
    const containers = (template.spec?.containers ?? []) as Spec[];
    const pulled = containers.every((c) => this.imageExists(c.image));
    return this.store.create(R.Pod, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${k8sSuffix(this.rng, 5)}`,
        namespace: ns,
        labels: { ...(template.metadata?.labels ?? {}) },
        ownerReferences: [owner(rs)],
      },
      spec: { ...template.spec, nodeName: `node-${this.rng.int(1, 6)}` },
      status: {
        phase: pulled ? 'Running' : 'Pending',
        startTime: now(),
        podIP: `10.42.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`,
        hostIP: `172.16.0.${this.rng.int(2, 60)}`,
        conditions: [{ type: 'Ready', status: crash || !pulled ? 'False' : 'True', lastTransitionTime: now() }],
        containerStatuses: containers.map((c) => containerStatus(c.name, c.image, crash, 0, this.imageExists(c.image))),
      },
    });
  }

  /** Crash-looping pods restart every few seconds; pods whose image cannot be pulled retry; the others recover. */
  tickPods(): void {
    for (const pod of this.store.list(R.Pod)) {
      const ns = pod.metadata.namespace as string;
      const crash = this.isCrashLooping(ns, this.deploymentOf(pod));
      const status = pod.status as Spec;
      // A job's pod that has finished keeps its terminated state, as on a real cluster.
      if (status.phase === 'Succeeded' || status.phase === 'Failed') continue;
      const statuses = (status.containerStatuses ?? []) as Spec[];
      const wasCrashing = statuses.some((c) => !c.ready);
      if (!crash && !wasCrashing) continue;
      const next = statuses.map((c) =>
        containerStatus(
          c.name,
          c.image,
          crash,
          Number(c.restartCount ?? 0) + (crash ? 1 : 0),
          this.imageExists(c.image)
        )
      );
      const ready = next.every((c) => c.ready);
      this.store.put(R.Pod, {
        ...pod,
        status: {
          ...status,
          phase: next.every((c) => !c.state.waiting || c.state.waiting.reason === 'CrashLoopBackOff')
            ? 'Running'
            : 'Pending',
          conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now() }],
          containerStatuses: next,
        },
      });
    }
  }
}

function containerStatus(name: string, image: string, crash: boolean, restartCount: number, pulled = true): Spec {
  if (!pulled) {
    return {
      name,
      image,
      imageID: '',
      ready: false,
      started: false,
      restartCount,
      state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } },
    };
  }
  return {
    name,
    image,
    imageID: `${image}@sha256:${templateHash(image).padEnd(64, '0')}`,
    ready: !crash,
    started: !crash,
    restartCount,
    state: crash
      ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${name}` } }
      : { running: { startedAt: now() } },
    ...(crash ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: now() } } } : {}),
  };
}
