/**
 * What each shard serves, read from the Kubernetes subset: the ready pods behind the shard's service
 * (label `shard=<id>`), grouped by deployment and image version. A canary is a second deployment
 * (`<shard>-canary`, pods labelled `track=canary`) behind the same service, so its traffic share is
 * its share of ready pods. A version whose tag contains `bad` answers with a high 5xx ratio and
 * slow responses while it runs. Every shard's requests are also counted per track and version in
 * `workload_requests_total` / `workload_request_duration_seconds`, the series a canary gate queries.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Cluster } from './kubernetes/cluster';
import { R, isPodReady } from './kubernetes/workloads';
import type { PlatformModel, SimShard } from './model';
import { isBadVersion, versionOfImage } from './registry';

export const BAD_5XX_RATIO = 0.3;
export const BAD_LATENCY_FACTOR = 5;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Requests per tenant-rps and base latency of the shard kinds that have no per-request loop. */
const BACKGROUND = {
  aggregate: { perRps: 0.3, ms: 40 },
  projection: { perRps: 0.6, ms: 15 },
  runner: { perRps: 0.2, ms: 60 },
};

type StatusClass = '2xx' | '4xx' | '5xx';

export interface ServingTrack {
  deployment: string;
  track: string;
  version: string;
  readyPods: number;
  /** Share of the shard's traffic (0..1). */
  share: number;
  bad: boolean;
}

export class ReleaseMetrics {
  readonly requests: Counter;
  readonly latency: Histogram;
  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'workload_requests_total',
      help: 'Requests served per shard, deployment, track (stable|canary) and image version',
      labelNames: ['service', 'env', 'shard', 'deployment', 'track', 'version', 'status_class'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'workload_request_duration_seconds',
      help: 'Request latency per shard, track and image version',
      labelNames: ['service', 'env', 'shard', 'track', 'version'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
  }
}

export class ReleaseTraffic {
  private tracks = new Map<string, ServingTrack[]>();
  private carry = new Map<string, number>();
  private children = new Map<
    string,
    Record<StatusClass, { inc(): void }> & { latency: { observe(v: number): void } }
  >();

  constructor(
    private readonly model: PlatformModel,
    private readonly cluster: Cluster,
    readonly metrics: ReleaseMetrics
  ) {}

  /** Re-read the pods (once per tick). */
  refresh(): void {
    const next = new Map<string, Map<string, ServingTrack>>();
    for (const pod of this.cluster.store.list(R.Pod)) {
      const shard = pod.metadata.labels?.shard;
      if (!shard || !isPodReady(pod)) continue;
      const image = ((pod.spec as { containers?: Array<{ image?: string }> })?.containers?.[0]?.image ?? '') as string;
      const deployment = this.cluster.workloads.deploymentOf(pod);
      const version = versionOfImage(image);
      const key = `${deployment}|${version}`;
      const byKey = next.get(shard) ?? new Map<string, ServingTrack>();
      const t = byKey.get(key) ?? {
        deployment,
        track: pod.metadata.labels?.track ?? 'stable',
        version,
        readyPods: 0,
        share: 0,
        bad: isBadVersion(version),
      };
      t.readyPods += 1;
      byKey.set(key, t);
      next.set(shard, byKey);
    }
    this.tracks = new Map(
      [...next].map(([shard, byKey]) => {
        const list = [...byKey.values()].sort(
          (a, b) => a.deployment.localeCompare(b.deployment) || a.version.localeCompare(b.version)
        );
        const total = list.reduce((n, t) => n + t.readyPods, 0);
        for (const t of list) t.share = t.readyPods / total;
        return [shard, list];
      })
    );
  }

  /** The tracks serving a shard; a shard without ready pods serves its recorded version. */
  tracksOf(shard: SimShard): ServingTrack[] {
    return (
      this.tracks.get(shard.id) ?? [
        {
          deployment: shard.id,
          track: 'stable',
          version: shard.version,
          readyPods: 0,
          share: 1,
          bad: isBadVersion(shard.version),
        },
      ]
    );
  }

  /** Pick the track a request lands on; `r` in [0,1) is only drawn by the caller when there is a choice. */
  static pick(tracks: ServingTrack[], r: number): ServingTrack {
    let acc = 0;
    for (const t of tracks) {
      acc += t.share;
      if (r < acc) return t;
    }
    return tracks[tracks.length - 1];
  }

  /** One gateway request (called per request, so the label children are cached). */
  record(shard: SimShard, t: ServingTrack, statusClass: string, seconds: number): void {
    const key = `${shard.id}|${t.deployment}|${t.track}|${t.version}`;
    let c = this.children.get(key);
    if (!c) {
      const base = { service: shard.kind, env: shard.env, shard: shard.id, track: t.track, version: t.version };
      const req = (status_class: string) =>
        this.metrics.requests.labels({ ...base, deployment: t.deployment, status_class });
      c = { '2xx': req('2xx'), '4xx': req('4xx'), '5xx': req('5xx'), latency: this.metrics.latency.labels(base) };
      this.children.set(key, c);
    }
    c[statusClass as StatusClass].inc();
    c.latency.observe(seconds);
  }

  /** Aggregate, projection and runner shards: requests from the tenants placed on them, per track. */
  background(dt: number, tenantRps: ReadonlyMap<string, number>): void {
    for (const shard of this.model.shards) {
      if (shard.kind === 'gateway') continue;
      const bg = BACKGROUND[shard.kind];
      const rps = this.model.tenantsOn(shard.id).reduce((n, t) => n + (tenantRps.get(t.id) ?? 0), 0) * bg.perRps;
      for (const t of this.tracksOf(shard)) {
        const key = `${shard.id}|${t.deployment}|${t.version}`;
        const exact = rps * dt * t.share + (this.carry.get(key) ?? 0);
        const n = Math.floor(exact);
        const errRatio = 0.002 + (t.bad ? BAD_5XX_RATIO : 0);
        const errKey = `${key}|5xx`;
        const errExact = n * errRatio + (this.carry.get(errKey) ?? 0);
        const errors = Math.floor(errExact);
        this.carry.set(key, exact - n);
        this.carry.set(errKey, errExact - errors);
        const base = { service: shard.kind, env: shard.env, shard: shard.id };
        const labels = { ...base, deployment: t.deployment, track: t.track, version: t.version };
        this.metrics.requests.inc({ ...labels, status_class: '2xx' }, n - errors);
        this.metrics.requests.inc({ ...labels, status_class: '5xx' }, errors);
        const h = this.metrics.latency.labels({ ...base, track: t.track, version: t.version });
        const scale = (bg.ms / 1000) * (t.bad ? BAD_LATENCY_FACTOR : 1);
        // A deterministic spread of latencies (golden-ratio sequence) keeps the quantiles stable.
        for (let i = 0; i < n; i++) h.observe(scale * (0.5 + ((i * 0.618034) % 1) * 1.5));
      }
    }
  }
}
