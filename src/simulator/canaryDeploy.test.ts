import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppsV1Api, KubeConfig, PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import {
  CanaryGateSchema,
  DeployRequestSchema,
  type Environment,
  type GateEvaluation,
  type TrafficSample,
} from '../contract';
import {
  buildVersionMatrix,
  canaryDeploymentName,
  deployPreflight,
  evaluateGate,
  planDeploySteps,
  type DeploymentObservation,
} from '../changes';
import type { Simulator } from './app';
import { getJson, parseExposition, startTestSimulator, waitFor } from './testing/startSimulator';

/**
 * The deploy flow end to end against the simulator, with the real @kubernetes/client-node and the
 * pure change-management functions in the order a deploy job runs them: matrix → preflight (registry,
 * freeze) → pre-deploy baseline → canary step (a `<shard>-canary` deployment) → gate → promote or
 * roll back. Traffic is driven with engine.tick so the windows are exact and fast.
 */
let sim: Simulator;
let url: string;
let apps: AppsV1Api;
const ns = 'platform-prod';
const shard = 'gateway-prod-1';
const gate = CanaryGateSchema.parse({
  max5xxRatio: 0.05,
  maxP95Ms: 2000,
  baselineFactor: 2,
  windowSeconds: 60,
  minRequests: 50,
});
const smp = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

before(async () => {
  ({ sim, url } = await startTestSimulator({ tickMs: 60_000, rolloutDelayMs: 20 }));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: url, skipTLSVerify: true }],
    users: [{ name: 'sim' }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim', namespace: ns }],
    currentContext: 'sim',
  });
  apps = kc.makeApiClient(AppsV1Api);
});
after(async () => sim.stop());

type Sample = { name: string; labels: Record<string, string>; value: number };
const snapshot = async (): Promise<Sample[]> => parseExposition(await (await fetch(`${url}/metrics`)).text());

/** What VictoriaMetrics would answer for one track of the shard over a window: counts and histogram_quantile(0.95). */
function trafficSample(before: Sample[], after: Sample[], track: string): TrafficSample {
  const mine = (s: Sample) => s.labels.shard === shard && s.labels.track === track;
  const total = (xs: Sample[], name: string, extra: (s: Sample) => boolean = () => true) =>
    xs.filter((s) => s.name === name && mine(s) && extra(s)).reduce((n, s) => n + s.value, 0);
  const delta = (name: string, extra?: (s: Sample) => boolean) =>
    total(after, name, extra) - total(before, name, extra);
  const requests = delta('workload_requests_total');
  const e5 = delta('workload_requests_total', (s) => s.labels.status_class === '5xx');
  const les = [
    ...new Set(after.filter((s) => s.name === 'workload_request_duration_seconds_bucket').map((s) => s.labels.le)),
  ]
    .map((le) => (le === '+Inf' ? Infinity : Number(le)))
    .sort((a, b) => a - b);
  const cum = les.map((le) =>
    delta(
      'workload_request_duration_seconds_bucket',
      (s) => Number(s.labels.le === '+Inf' ? Infinity : s.labels.le) === le
    )
  );
  const count = cum[cum.length - 1] ?? 0;
  let p95: number | null = null;
  if (count > 0) {
    const rank = 0.95 * count;
    const i = cum.findIndex((c) => c >= rank);
    const upper = les[i] === Infinity ? les[i - 1] : les[i];
    const lower = i === 0 ? 0 : les[i - 1];
    const below = i === 0 ? 0 : cum[i - 1];
    p95 = (les[i] === Infinity ? upper : lower + ((upper - lower) * (rank - below)) / (cum[i] - below)) * 1000;
  }
  return { requests, errorRatio5xx: requests > 0 ? e5 / requests : null, p95Ms: p95 };
}

async function observe(): Promise<DeploymentObservation[]> {
  const list = await apps.listNamespacedDeployment({ namespace: ns });
  return list.items.map((d) => ({
    namespace: ns,
    name: d.metadata?.name ?? '',
    labels: d.metadata?.labels ?? {},
    image: d.spec?.template.spec?.containers[0].image ?? '',
    specReplicas: d.spec?.replicas ?? 1,
    generation: d.metadata?.generation ?? 0,
    observedGeneration: d.status?.observedGeneration ?? 0,
    replicas: d.status?.replicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
    readyReplicas: d.status?.readyReplicas ?? 0,
    revision: Number(d.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
    paused: d.spec?.paused ?? false,
  }));
}
const matrixOf = async () =>
  buildVersionMatrix(await observe(), {
    environmentOf: (n) => (n.replace('platform-', '') as Environment) ?? null,
    now: new Date(0),
  });

async function settled(name: string, want: number): Promise<void> {
  await waitFor(
    async () => {
      const s = (await apps.readNamespacedDeployment({ name, namespace: ns })).status;
      return s?.readyReplicas === want && s?.updatedReplicas === want && s?.replicas === want;
    },
    5000,
    `${name} to settle at ${want}`
  );
}

async function measure(track: string): Promise<TrafficSample> {
  const before = await snapshot();
  for (let i = 0; i < gate.windowSeconds / 10; i++) sim.engine.tick(10);
  return trafficSample(before, await snapshot(), track);
}

function canaryFrom(stable: V1Deployment, tag: string, replicas: number): V1Deployment {
  const labels = { ...(stable.spec?.selector.matchLabels ?? {}), track: 'canary' };
  const containers = (stable.spec?.template.spec?.containers ?? []).map((c) => ({
    ...c,
    image: c.image?.replace(/:[^:]+$/, `:${tag}`),
  }));
  return {
    metadata: { name: canaryDeploymentName(shard), namespace: ns, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } },
  };
}

/** The deploy job's steps, in order. */
async function deploy(
  tag: string
): Promise<{ outcome: 'succeeded' | 'rolled_back' | 'blocked'; gates: GateEvaluation[]; reason: string }> {
  const request = DeployRequestSchema.parse({
    kind: 'gateway',
    environment: 'prod',
    imageVersion: tag,
    shards: [shard],
    strategy: { type: 'canary', steps: [25, 50], gate },
    reason: 'release',
  });
  const matrix = await matrixOf();
  const { body: tags } = await getJson(`${url}/registry/v2/demo/gateway/tags/list`);
  const pre = deployPreflight({
    request,
    shards: matrix.cells
      .filter((c) => c.kind === 'gateway' && c.environment === 'prod')
      .map((c) => ({
        shardId: c.shardId,
        deployment: c.deployment,
        imageVersion: c.imageVersion,
        replicasDesired: c.replicasDesired,
        rolloutState: c.rolloutState,
      })),
    registryTags: tags.tags,
    freezes: [],
    activeDeployments: [],
    approvalEnvironments: [],
    now: new Date(0),
  });
  if (pre.blocked)
    return {
      outcome: 'blocked',
      gates: [],
      reason: pre.checks
        .filter((c) => !c.ok)
        .map((c) => c.message)
        .join('; '),
    };
  const desired = pre.targets[0].replicasDesired;
  const baseline = await measure('stable');
  const stable = await apps.readNamespacedDeployment({ name: shard, namespace: ns });
  const gates: GateEvaluation[] = [];
  for (const step of planDeploySteps(request.strategy, desired)) {
    if (step.kind === 'canary') {
      const name = canaryDeploymentName(shard);
      try {
        await apps.patchNamespacedDeployment(
          { name, namespace: ns, body: { spec: { replicas: step.canaryReplicas } } },
          mergePatch
        );
      } catch {
        await apps.createNamespacedDeployment({ namespace: ns, body: canaryFrom(stable, tag, step.canaryReplicas) });
      }
      await apps.patchNamespacedDeployment(
        { name: shard, namespace: ns, body: { spec: { replicas: step.stableReplicas } } },
        mergePatch
      );
      await settled(name, step.canaryReplicas);
      await settled(shard, step.stableReplicas);
      const g = evaluateGate({
        canary: await measure('canary'),
        baseline,
        gate,
        stepIndex: step.index,
        weightPercent: step.weightPercent,
        now: new Date(0),
      });
      gates.push(g);
      if (!g.passed) {
        await apps.deleteNamespacedDeployment({ name, namespace: ns });
        await apps.patchNamespacedDeployment(
          { name: shard, namespace: ns, body: { spec: { replicas: desired } } },
          mergePatch
        );
        await settled(shard, desired);
        return { outcome: 'rolled_back', gates, reason: g.reason };
      }
    } else {
      await apps.patchNamespacedDeployment(
        {
          name: shard,
          namespace: ns,
          body: {
            spec: {
              replicas: desired,
              template: {
                spec: {
                  containers: [
                    { name: 'gateway', image: canaryFrom(stable, tag, 0).spec!.template.spec!.containers[0].image },
                  ],
                },
              },
            },
          },
        },
        smp
      );
      await settled(shard, desired);
      await apps.deleteNamespacedDeployment({ name: canaryDeploymentName(shard), namespace: ns });
    }
  }
  return { outcome: 'succeeded', gates, reason: gates.map((g) => g.reason).join('; ') };
}

describe('canary deploy against the simulator', () => {
  it('a bad build fails the gate at the canary step and rolls back by itself: stable untouched, canary gone', async () => {
    await getJson(`${url}/sim/effects/reset`, { method: 'POST' });
    const r = await deploy('2.15.0-bad');
    assert.equal(r.outcome, 'rolled_back', r.reason);
    assert.equal(r.gates.length, 1);
    const e5 = r.gates[0].checks.find((c) => c.name === '5xx_ratio')!;
    assert.equal(e5.passed, false);
    assert.ok((e5.measured ?? 0) > 0.15, `measured ${e5.measured}`);
    assert.ok(r.gates[0].baseline.errorRatio5xx! < 0.05);
    assert.match(r.reason, /^Gate failed at 50%: canary 5xx ratio/);
    const cell = (await matrixOf()).cells.find((c) => c.shardId === shard)!;
    assert.deepEqual(
      [cell.imageVersion, cell.canaryVersion, cell.rolloutState, cell.replicasReady],
      ['2.14.3', null, 'stable', 2]
    );
    const { body: fx } = await getJson(`${url}/sim/effects`);
    assert.equal(fx.counts.deploymentCreate, 1);
    assert.equal(fx.counts.deploymentDelete, 1);
    assert.equal(fx.counts.imageChange, 0, 'the stable deployment never changed image');
  });

  it('a good build passes the gate and is promoted: the stable deployment runs it under a new revision', async () => {
    const revBefore = (await matrixOf()).cells.find((c) => c.shardId === shard)!.revision;
    const r = await deploy('2.15.0');
    assert.equal(r.outcome, 'succeeded', r.reason);
    assert.ok(r.gates.every((g) => g.passed));
    const cell = (await matrixOf()).cells.find((c) => c.shardId === shard)!;
    assert.deepEqual([cell.imageVersion, cell.canaryVersion, cell.rolloutState], ['2.15.0', null, 'stable']);
    assert.equal(cell.revision, revBefore + 1);
    const { body: status } = await getJson(`${url}/nodes/${shard}/status`);
    assert.equal(status.version, '2.15.0');
  });

  it('an image the registry does not have is blocked at preflight, before anything changes', async () => {
    const r = await deploy('3.0.0');
    assert.equal(r.outcome, 'blocked');
    assert.match(r.reason, /not in the registry/);
  });
});
