import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppsV1Api, KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import type { Simulator } from './app';
import { getJson, parseExposition, startTestSimulator, waitFor } from './testing/startSimulator';

/**
 * The image registry (Docker Registry HTTP API v2 subset) and canaries: a `<shard>-canary` deployment
 * created with the real @kubernetes/client-node takes a share of the shard's traffic, visible per
 * track and version; a `bad` build serves a high 5xx ratio and slow responses.
 */
let sim: Simulator;
let url: string;
let apps: AppsV1Api;
const ns = 'platform-prod';
const shard = 'gateway-prod-0';

before(async () => {
  // No tick loop interference: the test drives traffic with engine.tick(dt) itself.
  ({ sim, url } = await startTestSimulator({ tickMs: 60_000, rolloutDelayMs: 30 }));
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
async function samples(): Promise<Sample[]> {
  return parseExposition(await (await fetch(`${url}/metrics`)).text());
}
const sum = (xs: Sample[], f: (s: Sample) => boolean) => xs.filter(f).reduce((n, s) => n + s.value, 0);
function trackStats(xs: Sample[], track: string) {
  const req = (s: Sample) =>
    s.name === 'workload_requests_total' && s.labels.shard === shard && s.labels.track === track;
  const total = sum(xs, req);
  const e5 = sum(xs, (s) => req(s) && s.labels.status_class === '5xx');
  const bucket = (le: string) =>
    sum(
      xs,
      (s) =>
        s.name === 'workload_request_duration_seconds_bucket' &&
        s.labels.shard === shard &&
        s.labels.track === track &&
        s.labels.le === le
    );
  const count = sum(
    xs,
    (s) => s.name === 'workload_request_duration_seconds_count' && s.labels.shard === shard && s.labels.track === track
  );
  return {
    total,
    ratio: total ? e5 / total : 0,
    fastShare: count ? bucket('0.1') / count : 0,
    versions: new Set(xs.filter(req).map((s) => s.labels.version)),
  };
}

function canaryOf(stable: V1Deployment, tag: string, replicas: number): V1Deployment {
  const labels = { app: 'gateway', shard, track: 'canary' };
  return {
    metadata: { name: `${shard}-canary`, namespace: ns, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: (stable.spec?.template.spec?.containers ?? []).map((c) => ({
            ...c,
            image: c.image?.replace(/:[^:]+$/, `:${tag}`),
          })),
        },
      },
    },
  };
}

describe('image registry', () => {
  it('lists repositories and tags, and answers manifests, in the Docker Registry v2 shape', async () => {
    const base = await fetch(`${url}/registry/v2/`);
    assert.equal(base.status, 200);
    assert.equal(base.headers.get('docker-distribution-api-version'), 'registry/2.0');
    const { body: catalog } = await getJson(`${url}/registry/v2/_catalog`);
    assert.deepEqual(catalog.repositories, ['demo/aggregate', 'demo/gateway', 'demo/projection', 'demo/runner']);
    const { status, body } = await getJson(`${url}/registry/v2/demo/gateway/tags/list`);
    assert.equal(status, 200);
    assert.equal(body.name, 'demo/gateway');
    assert.ok(body.tags.includes('2.14.3') && body.tags.includes('2.15.0') && body.tags.includes('2.15.0-bad'));
    assert.ok(body.tags.indexOf('2.14.3') < body.tags.indexOf('2.15.0'));
    const head = await fetch(`${url}/registry/v2/demo/gateway/manifests/2.15.0`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.match(head.headers.get('docker-content-digest') ?? '', /^sha256:[0-9a-z]{64}$/);
    const missing = await getJson(`${url}/registry/v2/demo/gateway/manifests/7.0.0`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errors[0].code, 'MANIFEST_UNKNOWN');
    const unknown = await getJson(`${url}/registry/v2/demo/frontend/tags/list`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.errors[0].code, 'NAME_UNKNOWN');
    const refused = await getJson(`${url}/sim/registry/tags`, {
      method: 'POST',
      body: JSON.stringify({ repository: 'demo/gateway', tag: '-x' }),
    });
    assert.equal(refused.status, 400);
  });
});

describe('canary traffic', () => {
  it('a bad canary takes its share of the shard and shows a high 5xx ratio and latency on track="canary"; deleting it ends that', async () => {
    const stable = await apps.readNamespacedDeployment({ name: shard, namespace: ns });
    await apps.createNamespacedDeployment({ namespace: ns, body: canaryOf(stable, '2.15.0-bad', 1) });
    await waitFor(
      async () =>
        (await apps.readNamespacedDeployment({ name: `${shard}-canary`, namespace: ns })).status?.readyReplicas === 1,
      3000,
      'the canary pod to be ready'
    );
    for (let i = 0; i < 12; i++) sim.engine.tick(10);
    const xs = await samples();
    const canary = trackStats(xs, 'canary');
    const stableTrack = trackStats(xs, 'stable');
    assert.deepEqual([...canary.versions], ['2.15.0-bad']);
    assert.deepEqual([...stableTrack.versions], ['2.14.3']);
    // One canary pod beside two stable ones: about a third of the shard's requests.
    const share = canary.total / (canary.total + stableTrack.total);
    assert.ok(share > 0.2 && share < 0.47, `canary share ${share}`);
    assert.ok(canary.total >= 150, `enough canary requests (${canary.total})`);
    assert.ok(canary.ratio > 0.2, `canary 5xx ratio ${canary.ratio}`);
    assert.ok(stableTrack.ratio < 0.05, `stable 5xx ratio ${stableTrack.ratio}`);
    assert.ok(
      canary.fastShare < stableTrack.fastShare - 0.2,
      `canary is slower: ${canary.fastShare} vs ${stableTrack.fastShare}`
    );
    const deploymentLabel = xs.find((s) => s.name === 'workload_requests_total' && s.labels.track === 'canary')?.labels
      .deployment;
    assert.equal(deploymentLabel, `${shard}-canary`);
    // kube-state series name the canary pods' own deployment.
    assert.ok(
      xs.some((s) => s.name === 'kube_pod_container_status_ready' && s.labels.deployment === `${shard}-canary`)
    );

    await apps.deleteNamespacedDeployment({ name: `${shard}-canary`, namespace: ns });
    const before = trackStats(await samples(), 'canary').total;
    for (let i = 0; i < 3; i++) sim.engine.tick(10);
    assert.equal(trackStats(await samples(), 'canary').total, before, 'no canary traffic once it is gone');
  });

  it('a good canary is indistinguishable from stable, and other kinds are counted per track too', async () => {
    const stable = await apps.readNamespacedDeployment({ name: shard, namespace: ns });
    await apps.createNamespacedDeployment({ namespace: ns, body: canaryOf(stable, '2.15.0', 2) });
    await waitFor(
      async () =>
        (await apps.readNamespacedDeployment({ name: `${shard}-canary`, namespace: ns })).status?.readyReplicas === 2,
      3000,
      'the canary pods to be ready'
    );
    const before = await samples();
    for (let i = 0; i < 12; i++) sim.engine.tick(10);
    const after = await samples();
    const delta = (track: string, cls?: string) =>
      sum(
        after,
        (s) =>
          s.name === 'workload_requests_total' &&
          s.labels.shard === shard &&
          s.labels.track === track &&
          s.labels.version !== '2.15.0-bad' &&
          (!cls || s.labels.status_class === cls)
      ) -
      sum(
        before,
        (s) =>
          s.name === 'workload_requests_total' &&
          s.labels.shard === shard &&
          s.labels.track === track &&
          s.labels.version !== '2.15.0-bad' &&
          (!cls || s.labels.status_class === cls)
      );
    assert.ok(delta('canary') > 100);
    assert.ok(delta('canary', '5xx') / delta('canary') < 0.05);
    const agg = after.filter(
      (s) =>
        s.name === 'workload_requests_total' &&
        s.labels.service === 'aggregate' &&
        s.labels.shard === 'aggregate-prod-0'
    );
    assert.ok(sum(agg, () => true) > 0);
    assert.deepEqual([...new Set(agg.map((s) => s.labels.track))], ['stable']);
  });
});
