import type { Logger } from 'pino';
import type { Cluster } from './kubernetes/cluster';
import { R } from './kubernetes/workloads';
import type { SimMetrics } from './metrics';
import type { PlatformModel, SimTenant } from './model';
import type { ScenarioState } from './scenarios';
import { BAD_5XX_RATIO, BAD_LATENCY_FACTOR, ReleaseMetrics, ReleaseTraffic } from './releases';

const ROUTES: Array<{ route: string; method: string; weight: number; ms: number }> = [
  { route: '/v1/entities/:id', method: 'GET', weight: 0.45, ms: 25 },
  { route: '/v1/entities', method: 'GET', weight: 0.15, ms: 60 },
  { route: '/v1/commands', method: 'POST', weight: 0.25, ms: 80 },
  { route: '/v1/query', method: 'POST', weight: 0.1, ms: 150 },
  { route: '/v1/events/stream', method: 'GET', weight: 0.05, ms: 40 },
];
const DRAIN_HALF_LIFE_S = 0.7;
type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One step of the platform: traffic, work in flight, lag, outbox, disk, pods, and their metrics. */
export class TrafficEngine {
  private lastLog = new Map<string, number>();
  private elapsed = 0;
  private podTickAcc = 0;
  /** What each shard serves (stable and canary versions) and the per-track request series. */
  readonly releases: ReleaseTraffic;

  constructor(
    private readonly model: PlatformModel,
    private readonly scenarios: ScenarioState,
    private readonly metrics: SimMetrics,
    private readonly cluster: Cluster,
    private readonly log: Logger
  ) {
    this.releases = new ReleaseTraffic(model, cluster, new ReleaseMetrics(metrics.registry));
  }

  tick(dt: number): void {
    this.elapsed += dt;
    const m = this.metrics;
    const rng = this.model.rng;
    this.releases.refresh();
    const shardLoad = new Map<string, number>();
    const rates = new Map<string, number>();
    for (const t of this.model.tenants) {
      const wave = 1 + 0.15 * Math.sin(this.elapsed / 30 + t.index);
      const rps = t.baseRps * wave * this.scenarios.noisyFactor(t.id);
      rates.set(t.id, rps);
      const g = this.model.shardOf(t.id, 'gateway') as string;
      shardLoad.set(g, (shardLoad.get(g) ?? 0) + rps);
    }
    const routeAcc = new Map<string, { n: number; err: number; c4: number; lat: number[] }>();
    for (const t of this.model.tenants) {
      const env = t.env;
      const g = this.model.shardOf(t.id, 'gateway') as string;
      const gShard = this.model.shard(g);
      const util = (shardLoad.get(g) ?? 0) / (gShard?.capacityRps ?? 400);
      const latencyMul = this.scenarios.slowFactor(g) * (1 + Math.max(0, util - 0.6) * 6);
      const gDraining = this.model.isDraining(t.id, g);
      const rps = gDraining ? 0 : (rates.get(t.id) ?? 0);
      const n = Math.floor(rps * dt + rng.next());
      const errRatio = 0.002 + this.scenarios.errorRatio(t.id) + Math.max(0, util - 1) * 0.2;
      const base = { service: 'gateway', env, tenant_id: t.id, shard: g };
      const hist = m.gatewayLatency.labels(base);
      const tracks = gShard ? this.releases.tracksOf(gShard) : [];
      // Each request: status class, route and latency; tenant- and route-level series stay consistent.
      const counts = { '2xx': 0, '4xx': 0, '5xx': 0 };
      for (let i = 0; i < n; i++) {
        const r = rng.next();
        const route = pickRoute(rng.next());
        const spread = 0.5 + rng.next() * rng.next() * 3;
        // Only a shard served by several versions (a canary, a rollout) draws which one answers.
        const track = tracks.length > 1 ? ReleaseTraffic.pick(tracks, rng.next()) : tracks[0];
        const reqErr = errRatio + (track?.bad ? BAD_5XX_RATIO : 0);
        const cls: keyof typeof counts = r < reqErr ? '5xx' : r < reqErr + 0.02 ? '4xx' : '2xx';
        counts[cls] += 1;
        const lat = (route.ms / 1000) * latencyMul * spread * (track?.bad ? BAD_LATENCY_FACTOR : 1);
        hist.observe(lat);
        if (gShard && track) this.releases.record(gShard, track, cls, lat);
        const key = `${env}|${route.route}|${route.method}`;
        const acc = routeAcc.get(key) ?? { n: 0, err: 0, c4: 0, lat: [] };
        acc.n += 1;
        if (cls === '5xx') acc.err += 1;
        if (cls === '4xx') acc.c4 += 1;
        acc.lat.push(lat);
        routeAcc.set(key, acc);
      }
      for (const cls of ['2xx', '4xx', '5xx'] as const)
        m.gatewayRequests.inc({ ...base, status_class: cls }, counts[cls]);
      const e5 = counts['5xx'];
      if (e5 > 0) this.sampleLog(t, g, e5);
      const authFails = this.scenarios
        .get()
        .authFailureBursts.filter((a) => a.tenantId === t.id)
        .reduce((s, a) => s + a.perSecond, 0.01);
      m.authFailures.inc(
        { service: 'gateway', env, tenant_id: t.id, reason: 'invalid_credentials' },
        Math.floor(authFails * dt + rng.next())
      );
      this.aggregateAndDownstream(t, rps, dt);
    }
    for (const [key, acc] of routeAcc) {
      const [env, route, method] = key.split('|');
      m.routeRequests.inc(
        { service: 'gateway', env, route, method, status_class: '2xx' },
        Math.max(0, acc.n - acc.err - acc.c4)
      );
      m.routeRequests.inc({ service: 'gateway', env, route, method, status_class: '4xx' }, acc.c4);
      m.routeRequests.inc({ service: 'gateway', env, route, method, status_class: '5xx' }, acc.err);
      const rh = m.routeLatency.labels({ service: 'gateway', env, route, method });
      for (const l of acc.lat) rh.observe(l);
    }
    this.releases.background(dt, rates);
    this.shardLevel(dt);
    this.podTickAcc += dt;
    if (this.podTickAcc >= 5) {
      this.podTickAcc = 0;
      this.cluster.tick();
    }
    this.kubeMetrics();
    m.simTicks.inc({ service: 'simulator', env: 'all' });
  }

  private aggregateAndDownstream(t: SimTenant, rps: number, dt: number): void {
    const m = this.metrics;
    const env = t.env;
    const a = this.model.shardOf(t.id, 'aggregate') as string;
    for (const [key, v] of this.model.inFlight) {
      const [tenant, shard] = key.split('|');
      if (tenant === t.id && shard !== a && !this.model.isDraining(t.id, shard)) {
        this.model.inFlight.set(key, v * Math.pow(0.5, dt / DRAIN_HALF_LIFE_S));
      }
    }
    const key = `${t.id}|${a}`;
    const cmdRate = rps * 0.3;
    const draining = this.model.isDraining(t.id, a);
    const stuck = this.scenarios.get().stuckDrains.includes(t.id);
    const latency = 0.2 * this.scenarios.slowFactor(a);
    let inflight = this.model.inFlight.get(key) ?? 0;
    if (draining) {
      inflight = stuck ? Math.max(inflight, 3) : inflight * Math.pow(0.5, dt / DRAIN_HALF_LIFE_S);
      if (inflight < 0.5) inflight = 0;
      m.commands.inc(
        { service: 'aggregate', env, tenant_id: t.id, shard: a, outcome: 'rejected_draining' },
        Math.floor(cmdRate * dt)
      );
    } else {
      inflight = Math.max(1, cmdRate * latency * (0.7 + this.model.rng.next() * 0.6) * 4);
      m.commands.inc(
        { service: 'aggregate', env, tenant_id: t.id, shard: a, outcome: 'ok' },
        Math.floor(cmdRate * dt + this.model.rng.next())
      );
    }
    this.model.inFlight.set(key, inflight);
    const p = this.model.shardOf(t.id, 'projection') as string;
    const events = draining ? 0 : Math.floor(cmdRate * 2 * dt + this.model.rng.next());
    m.projectionEvents.inc({ service: 'projection', env, tenant_id: t.id, shard: p }, events);
    const perr = 0.001 + this.scenarios.errorRatio(t.id) * 0.5;
    m.projectionErrors.inc(
      { service: 'projection', env, tenant_id: t.id, shard: p },
      Math.floor(events * perr + this.model.rng.next() * 0.3)
    );
    m.streamMessages.inc({ service: 'projection', env, stream: 'DOMAIN_EVENTS' }, events);
    this.model.tenantStorageBytes.set(t.id, (this.model.tenantStorageBytes.get(t.id) ?? 0) + events * 900);
  }

  private shardLevel(dt: number): void {
    const m = this.metrics;
    const s = this.scenarios.get();
    m.inFlight.reset();
    m.draining.reset();
    for (const [key, v] of this.model.inFlight) {
      const [tenantId, shardId] = key.split('|');
      const t = this.model.tenant(tenantId);
      if (!t) continue;
      const placedHere = this.model.shardOf(tenantId, 'aggregate') === shardId;
      if (!placedHere && v === 0 && !this.model.isDraining(tenantId, shardId)) continue;
      m.inFlight.set({ service: 'aggregate', env: t.env, tenant_id: tenantId, shard: shardId }, Math.round(v));
    }
    for (const key of this.model.draining) {
      const [tenantId, shardId] = key.split('|');
      const t = this.model.tenant(tenantId);
      const sh = this.model.shard(shardId);
      if (t && sh) m.draining.set({ service: sh.kind, env: t.env, tenant_id: tenantId, shard: shardId }, 1);
    }
    for (const sh of this.model.shards) {
      const lbl = { service: sh.kind, env: sh.env, shard: sh.id };
      m.shardCapacity.set(lbl, sh.capacityRps);
      m.shardTenants.set(lbl, this.model.tenantsOn(sh.id).length);
      m.buildInfo[sh.kind].set({ ...lbl, version: sh.version, git_sha: sh.gitSha }, 1);
      const cap = this.model.diskCapacity();
      const pressure = s.diskPressure.find((d) => d.shard === sh.id);
      const used = pressure
        ? cap * pressure.usedRatio
        : Math.min(cap * 0.8, (this.model.diskUsedBytes.get(sh.id) ?? 0) + 2e5 * dt);
      if (!pressure) this.model.diskUsedBytes.set(sh.id, used);
      m.volumeUsed.set({ ...lbl, volume: 'data' }, Math.round(used));
      m.volumeCapacity.set({ ...lbl, volume: 'data' }, cap);
      if (sh.kind === 'projection') {
        const lag = s.laggingConsumers.find((l) => l.shard === sh.id);
        const cur = this.model.consumerPending.get(sh.id) ?? 0;
        const next = lag
          ? cur + lag.perSecond * dt
          : Math.max(0, cur * Math.pow(0.5, dt / 5) + this.model.rng.int(0, 8));
        this.model.consumerPending.set(sh.id, next);
        const cl = { ...lbl, stream: 'DOMAIN_EVENTS', consumer: `${sh.id}-projector` };
        m.consumerPending.set(cl, Math.round(next));
        m.redeliveries.inc(cl, Math.floor((lag ? 5 : 0.05) * dt + this.model.rng.next() * 0.2));
      }
      if (sh.kind === 'runner') {
        const backlog = s.outboxBacklogs.find((b) => b.shard === sh.id);
        const cur = this.model.outboxDepth.get(sh.id) ?? 0;
        const next = backlog
          ? cur + backlog.perSecond * dt
          : Math.max(0, cur * Math.pow(0.5, dt / 5) + this.model.rng.int(0, 6));
        this.model.outboxDepth.set(sh.id, next);
        m.outboxDepth.set(lbl, Math.round(next));
        const slow = this.scenarios.slowFactor(sh.id) * (backlog ? 10 : 1);
        for (const effect_type of ['webhook', 'email', 'billing']) {
          const n = Math.floor(3 * dt + this.model.rng.next());
          m.effects.inc({ ...lbl, effect_type, outcome: 'ok' }, n);
          const eh = m.effectLatency.labels({ ...lbl, effect_type });
          for (let i = 0; i < n; i++) eh.observe(0.05 * slow * (0.5 + this.model.rng.next() * 2));
        }
      }
    }
    for (const t of this.model.tenants) {
      m.tenantStorage.set(
        { service: 'aggregate', env: t.env, tenant_id: t.id },
        this.model.tenantStorageBytes.get(t.id) ?? 0
      );
    }
  }

  private kubeMetrics(): void {
    const m = this.metrics;
    m.restarts.reset();
    m.containerReady.reset();
    m.replicasSpec.reset();
    m.replicasAvailable.reset();
    const store = this.cluster.store;
    for (const pod of store.list(R.Pod)) {
      // Finished job pods (cron runs) have no running container to report readiness or restarts for.
      const phase = (pod.status as Spec)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const ns = pod.metadata.namespace as string;
      const deployment = this.cluster.workloads.deploymentOf(pod);
      const service = pod.metadata.labels?.app ?? 'unknown';
      const env = ns.replace(/^platform-/, '');
      for (const c of ((pod.status as Spec)?.containerStatuses ?? []) as Spec[]) {
        const l = { service, env, namespace: ns, deployment, pod: pod.metadata.name, container: c.name };
        m.restarts.set(l, Number(c.restartCount ?? 0));
        m.containerReady.set(l, c.ready ? 1 : 0);
      }
    }
    for (const d of store.list(R.Deployment)) {
      const ns = d.metadata.namespace as string;
      const l = {
        service: d.metadata.labels?.app ?? 'unknown',
        env: ns.replace(/^platform-/, ''),
        namespace: ns,
        deployment: d.metadata.name,
      };
      m.replicasSpec.set(l, Number((d.spec as Spec).replicas ?? 1));
      m.replicasAvailable.set(l, Number((d.status as Spec)?.availableReplicas ?? 0));
    }
    for (const cj of store.list(R.CronJob)) {
      const ns = cj.metadata.namespace as string;
      const last = (cj.status as Spec)?.lastSuccessfulTime;
      if (last)
        m.cronLastSuccess.set(
          { service: 'cron', env: ns.replace(/^platform-/, ''), namespace: ns, cronjob: cj.metadata.name },
          Date.parse(last) / 1000
        );
    }
  }

  private sampleLog(t: SimTenant, shard: string, failures: number): void {
    const last = this.lastLog.get(t.id) ?? 0;
    if (Date.now() - last < 5000) return;
    this.lastLog.set(t.id, Date.now());
    this.log
      .child({ service: 'gateway', env: t.env, tenant_id: t.id, shard })
      .error({ route: '/v1/commands', method: 'POST', status: 503, failures }, 'upstream aggregate unavailable');
  }
}

function pickRoute(r: number) {
  let acc = 0;
  for (const route of ROUTES) {
    acc += route.weight;
    if (r < acc) return route;
  }
  return ROUTES[ROUTES.length - 1];
}
