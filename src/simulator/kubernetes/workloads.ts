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

/**
 * Deployment controller: one ReplicaSet per pod template (named `<deploy>-<hash>`), old sets
 * scaled to zero, pods named `<rs>-<suffix>`; status.observedGeneration catches up with generation.
 */
export class WorkloadController {
  constructor(
    private readonly store: ObjectStore,
    private readonly rng: Rng,
    private readonly isCrashLooping: (ns: string, deploy: string) => boolean
  ) {}

  reconcileDeployment(ns: string, name: string): void {
    const d = this.store.get(R.Deployment, ns, name);
    if (!d) return;
    const spec = d.spec as Spec;
    const template = spec.template as Spec;
    const hash = templateHash(template);
    const rsName = `${name}-${hash}`;
    const replicas = Number(spec.replicas ?? 1);
    const sets = this.store
      .list(R.ReplicaSet, ns)
      .filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
    let current = sets.find((rs) => rs.metadata.name === rsName);
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
          annotations: { 'deployment.kubernetes.io/revision': String(sets.length + 1) },
        },
        spec: {
          replicas,
          selector: { matchLabels: { ...spec.selector?.matchLabels, 'pod-template-hash': hash } },
          template: { ...template, metadata: { ...template.metadata, labels } },
        },
      });
    }
    for (const rs of sets) {
      const want = rs.metadata.name === rsName ? replicas : 0;
      this.syncReplicaSet(rs, want);
    }
    if (!sets.includes(current)) this.syncReplicaSet(current, replicas);
    const pods = this.store.list(R.Pod, ns).filter((p) => p.metadata.ownerReferences?.[0]?.name === rsName);
    const ready = pods.filter((p) => (p.status as Spec)?.containerStatuses?.every((c: Spec) => c.ready)).length;
    this.store.put(R.Deployment, {
      ...d,
      status: {
        observedGeneration: d.metadata.generation,
        replicas: pods.length,
        updatedReplicas: pods.length,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
        conditions: [
          {
            type: 'Available',
            status: ready >= Math.min(replicas, 1) ? 'True' : 'False',
            reason: 'MinimumReplicasAvailable',
            lastUpdateTime: now(),
            lastTransitionTime: now(),
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${rsName}" has successfully progressed.`,
            lastUpdateTime: now(),
            lastTransitionTime: now(),
          },
        ],
      },
    });
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
        readyReplicas: pods.length,
        availableReplicas: pods.length,
        observedGeneration: fresh.metadata.generation,
      },
    });
  }

  private createPod(rs: K8sObject, deploy: string): K8sObject {
    const ns = rs.metadata.namespace as string;
    const template = (rs.spec as Spec).template as Spec;
    const crash = this.isCrashLooping(ns, deploy);
    const containers = (template.spec?.containers ?? []) as Spec[];
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
        phase: 'Running',
        startTime: now(),
        podIP: `10.42.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`,
        hostIP: `172.16.0.${this.rng.int(2, 60)}`,
        conditions: [{ type: 'Ready', status: crash ? 'False' : 'True', lastTransitionTime: now() }],
        containerStatuses: containers.map((c) => containerStatus(c.name, c.image, crash, 0)),
      },
    });
  }

  /** Crash-looping pods restart every few seconds; the others recover. */
  tickPods(): void {
    for (const pod of this.store.list(R.Pod)) {
      const ns = pod.metadata.namespace as string;
      const deploy =
        pod.metadata.labels?.app && pod.metadata.labels?.shard
          ? pod.metadata.labels.shard
          : (pod.metadata.ownerReferences?.[0]?.name?.replace(/-[^-]+$/, '') ?? '');
      const crash = this.isCrashLooping(ns, deploy);
      const status = pod.status as Spec;
      const statuses = (status.containerStatuses ?? []) as Spec[];
      const wasCrashing = statuses.some((c) => !c.ready);
      if (!crash && !wasCrashing) continue;
      const next = statuses.map((c) =>
        containerStatus(c.name, c.image, crash, Number(c.restartCount ?? 0) + (crash ? 1 : 0))
      );
      this.store.put(R.Pod, {
        ...pod,
        status: {
          ...status,
          conditions: [{ type: 'Ready', status: crash ? 'False' : 'True', lastTransitionTime: now() }],
          containerStatuses: next,
        },
      });
    }
  }
}

function containerStatus(name: string, image: string, crash: boolean, restartCount: number): Spec {
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
