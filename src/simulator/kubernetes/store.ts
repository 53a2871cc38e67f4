import type { Rng } from '../rng';

/** A Kubernetes object as JSON (apiVersion, kind, metadata, spec, status, data...). */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: K8sMeta;
  [key: string]: unknown;
};
export interface K8sMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
  [key: string]: unknown;
}

export interface ResourceDef {
  resource: string;
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
}

export const RESOURCES: ResourceDef[] = [
  { resource: 'namespaces', group: '', version: 'v1', kind: 'Namespace', namespaced: false },
  { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true },
  { resource: 'secrets', group: '', version: 'v1', kind: 'Secret', namespaced: true },
  { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true },
  { resource: 'replicasets', group: 'apps', version: 'v1', kind: 'ReplicaSet', namespaced: true },
  { resource: 'cronjobs', group: 'batch', version: 'v1', kind: 'CronJob', namespaced: true },
  { resource: 'jobs', group: 'batch', version: 'v1', kind: 'Job', namespaced: true },
  { resource: 'resourcequotas', group: '', version: 'v1', kind: 'ResourceQuota', namespaced: true },
];

export const apiVersionOf = (d: ResourceDef): string => (d.group ? `${d.group}/${d.version}` : d.version);
export const qualifiedName = (d: ResourceDef): string => (d.group ? `${d.resource}.${d.group}` : d.resource);

export class K8sError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>
  ) {
    super(message);
  }
  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}

export const notFound = (d: ResourceDef, name: string): K8sError =>
  new K8sError(404, 'NotFound', `${qualifiedName(d)} "${name}" not found`, { name, group: d.group, kind: d.resource });

export const conflict = (d: ResourceDef, name: string): K8sError =>
  new K8sError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(d)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: d.group, kind: d.resource }
  );

/** In-memory object store with a cluster-wide resourceVersion counter, like etcd behind the API server. */
export class ObjectStore {
  private readonly objects = new Map<string, K8sObject>();
  private rv = 1000;

  constructor(private readonly rng: Rng) {}

  private key(d: ResourceDef, ns: string | undefined, name: string): string {
    return `${d.resource}/${d.namespaced ? (ns ?? '') : ''}/${name}`;
  }
  nextRv(): string {
    this.rv += 1;
    return String(this.rv);
  }
  currentRv(): string {
    return String(this.rv);
  }
  get(d: ResourceDef, ns: string | undefined, name: string): K8sObject | undefined {
    return this.objects.get(this.key(d, ns, name));
  }
  mustGet(d: ResourceDef, ns: string | undefined, name: string): K8sObject {
    const o = this.get(d, ns, name);
    if (!o) throw notFound(d, name);
    return o;
  }
  list(d: ResourceDef, ns?: string, labelSelector?: string): K8sObject[] {
    const prefix = `${d.resource}/`;
    const match = parseSelector(labelSelector);
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && (!ns || !d.namespaced || o.metadata.namespace === ns) && match(o))
      .map(([, o]) => o)
      .sort((a, b) =>
        `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`)
      );
  }
  /**
   * `rng` draws the uid; a controller that must not shift the shared random stream (the traffic
   * series are drawn from it) passes its own.
   */
  create(d: ResourceDef, obj: K8sObject, rng: Rng = this.rng): K8sObject {
    const ns = d.namespaced ? obj.metadata.namespace : undefined;
    if (this.get(d, ns, obj.metadata.name)) {
      throw new K8sError(409, 'AlreadyExists', `${qualifiedName(d)} "${obj.metadata.name}" already exists`, {
        name: obj.metadata.name,
        group: d.group,
        kind: d.resource,
      });
    }
    const stored: K8sObject = {
      ...obj,
      apiVersion: apiVersionOf(d),
      kind: d.kind,
      metadata: {
        ...obj.metadata,
        ...(d.namespaced ? { namespace: ns } : {}),
        uid: rng.uuid(),
        resourceVersion: this.nextRv(),
        creationTimestamp: obj.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
    if (obj.spec !== undefined && ['Deployment', 'ReplicaSet', 'CronJob', 'Job'].includes(d.kind)) {
      stored.metadata.generation = 1;
    }
    this.objects.set(this.key(d, ns, obj.metadata.name), stored);
    return stored;
  }
  /** Replace with an optimistic-concurrency check when the caller sent a resourceVersion. */
  put(d: ResourceDef, obj: K8sObject, expectedRv?: string): K8sObject {
    const ns = d.namespaced ? obj.metadata.namespace : undefined;
    const current = this.mustGet(d, ns, obj.metadata.name);
    if (expectedRv && expectedRv !== current.metadata.resourceVersion) throw conflict(d, obj.metadata.name);
    const stored: K8sObject = {
      ...obj,
      apiVersion: apiVersionOf(d),
      kind: d.kind,
      metadata: {
        ...obj.metadata,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        resourceVersion: this.nextRv(),
      },
    };
    this.objects.set(this.key(d, ns, obj.metadata.name), stored);
    return stored;
  }
  delete(d: ResourceDef, ns: string | undefined, name: string): K8sObject {
    const o = this.mustGet(d, ns, name);
    this.objects.delete(this.key(d, ns, name));
    return o;
  }
}

function parseSelector(sel?: string): (o: K8sObject) => boolean {
  if (!sel) return () => true;
  const terms = sel
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const neg = t.includes('!=');
      const [k, v] = t.split(/!=|==|=/);
      return { k: k.trim(), v: v?.trim(), neg };
    });
  return (o) =>
    terms.every(({ k, v, neg }) => {
      const actual = o.metadata.labels?.[k];
      if (v === undefined) return actual !== undefined;
      return neg ? actual !== v : actual === v;
    });
}
