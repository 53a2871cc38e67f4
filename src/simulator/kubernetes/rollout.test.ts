import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import type { Simulator } from '../app';
import { getJson, parseExposition, startTestSimulator, waitFor } from '../testing/startSimulator';

/** Rolling version changes, revision history and rollback, driven with the real @kubernetes/client-node. */
let sim: Simulator;
let url: string;
let apps: AppsV1Api;
let core: CoreV1Api;
const ns = 'platform-staging';
const REVISION = 'deployment.kubernetes.io/revision';
const image = (kind: string, tag: string) => `registry.switchyard.dev/demo/${kind}:${tag}`;

before(async () => {
  ({ sim, url } = await startTestSimulator({ rolloutDelayMs: 200 }));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: url, skipTLSVerify: true }],
    users: [{ name: 'sim' }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim', namespace: ns }],
    currentContext: 'sim',
  });
  apps = kc.makeApiClient(AppsV1Api);
  core = kc.makeApiClient(CoreV1Api);
});
after(async () => sim.stop());

const smp = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

async function setImage(name: string, kind: string, tag: string): Promise<V1Deployment> {
  return apps.patchNamespacedDeployment(
    {
      name,
      namespace: ns,
      body: { spec: { template: { spec: { containers: [{ name: kind, image: image(kind, tag) }] } } } },
    },
    smp
  );
}

/** Poll until the rollout completes, recording every (total, updated, ready) the API showed on the way. */
async function watchRollout(name: string, desired: number) {
  const seen: Array<{ total: number; updated: number; ready: number }> = [];
  const done = await waitFor(
    async () => {
      const d = await apps.readNamespacedDeployment({ name, namespace: ns });
      const pods = (await core.listNamespacedPod({ namespace: ns, labelSelector: `shard=${name}` })).items;
      const st = d.status ?? {};
      seen.push({ total: pods.length, updated: st.updatedReplicas ?? 0, ready: st.readyReplicas ?? 0 });
      const complete =
        st.observedGeneration === d.metadata?.generation &&
        st.updatedReplicas === desired &&
        st.replicas === desired &&
        st.readyReplicas === desired;
      return complete && d;
    },
    8000,
    `rollout of ${name}`
  );
  return { d: done, seen };
}

const replicaSets = async (name: string) =>
  (await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: `shard=${name}` })).items.filter((rs) =>
    rs.metadata?.ownerReferences?.some((o) => o.name === name)
  );

describe('rolling version changes', () => {
  it('a new image rolls step by step: surge within maxSurge, never below desired − maxUnavailable; revision +1; counted once', async () => {
    const name = 'gateway-staging-0';
    await getJson(`${url}/sim/effects/reset`, { method: 'POST' });
    const before = await apps.readNamespacedDeployment({ name, namespace: ns });
    assert.equal(before.metadata?.annotations?.[REVISION], '1');
    const patched = await setImage(name, 'gateway', '2.15.0');
    assert.equal(patched.metadata?.generation, (before.metadata?.generation ?? 0) + 1);
    const { d, seen } = await watchRollout(name, 2);
    // 2 replicas, default 25 %/25 %: maxSurge 1, maxUnavailable 0.
    assert.ok(
      seen.every((s) => s.total <= 3),
      `surge exceeded: ${JSON.stringify(seen)}`
    );
    assert.ok(
      seen.every((s) => s.ready >= 2),
      `availability dropped: ${JSON.stringify(seen)}`
    );
    assert.ok(
      seen.some((s) => s.total === 3 || (s.updated > 0 && s.updated < 2)),
      'an intermediate state was visible'
    );
    assert.equal(d.metadata?.annotations?.[REVISION], '2');
    const sets = await replicaSets(name);
    const current = sets.find((rs) => rs.spec?.template?.spec?.containers[0].image === image('gateway', '2.15.0'));
    assert.equal(current?.metadata?.annotations?.[REVISION], '2');
    assert.equal(current?.spec?.replicas, 2);
    assert.deepEqual(
      sets.filter((rs) => rs !== current).map((rs) => rs.spec?.replicas),
      [0]
    );
    const pods = (await core.listNamespacedPod({ namespace: ns, labelSelector: `shard=${name}` })).items;
    assert.deepEqual(
      pods.map((p) => p.spec?.containers[0].image),
      [image('gateway', '2.15.0'), image('gateway', '2.15.0')]
    );
    const { body: fx } = await getJson(`${url}/sim/effects`);
    assert.equal(fx.byTarget[`imageChange:${ns}/${name}`], 1);
    assert.equal(fx.counts.restart, 0);
    // The platform now reports the new version for the shard (node admin status and build info).
    const { body: status } = await getJson(`${url}/nodes/${name}/status`);
    assert.equal(status.version, '2.15.0');
  });

  it('rollout undo by patching the old template back reuses the old ReplicaSet under a new revision', async () => {
    const name = 'gateway-staging-0';
    const setsBefore = await replicaSets(name);
    const old = setsBefore.find((rs) => rs.spec?.template?.spec?.containers[0].image === image('gateway', '2.14.3'));
    assert.ok(old, 'the 2.14.3 ReplicaSet is kept in the history');
    await setImage(name, 'gateway', '2.14.3');
    const { d } = await watchRollout(name, 2);
    assert.equal(d.metadata?.annotations?.[REVISION], '3');
    const sets = await replicaSets(name);
    assert.equal(sets.length, setsBefore.length, 'no new ReplicaSet for a template seen before');
    const restored = sets.find((rs) => rs.metadata?.name === old.metadata?.name);
    assert.equal(restored?.metadata?.annotations?.[REVISION], '3');
    assert.equal(restored?.spec?.replicas, 2);
  });

  it('maxSurge 0 / maxUnavailable 1 never exceeds the desired count; revisionHistoryLimit prunes old sets', async () => {
    const name = 'runner-staging-1';
    await apps.patchNamespacedDeployment(
      {
        name,
        namespace: ns,
        body: {
          spec: {
            replicas: 4,
            revisionHistoryLimit: 1,
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
          },
        },
      },
      mergePatch
    );
    await watchRollout(name, 4);
    for (const tag of ['2.15.0', '2.15.1', '2.14.0']) {
      await setImage(name, 'runner', tag);
      const { seen } = await watchRollout(name, 4);
      assert.ok(
        seen.every((s) => s.total <= 4),
        `${tag}: surge with maxSurge 0: ${JSON.stringify(seen)}`
      );
      assert.ok(
        seen.every((s) => s.ready >= 3),
        `${tag}: more than one unavailable: ${JSON.stringify(seen)}`
      );
    }
    const sets = await replicaSets(name);
    assert.equal(sets.length, 2, 'the current set plus revisionHistoryLimit=1 old one');
    assert.deepEqual(sets.map((rs) => Number(rs.metadata?.annotations?.[REVISION])).sort(), [3, 4]);
  });

  it('an image missing from the registry cannot be pulled: the rollout stalls with the old pods serving, then completes once pushed', async () => {
    const name = 'projection-staging-0';
    await setImage(name, 'projection', '9.9.9');
    const stalled = await waitFor(
      async () => {
        const pods = (await core.listNamespacedPod({ namespace: ns, labelSelector: `shard=${name}` })).items;
        const pulling = pods.filter(
          (p) => p.status?.containerStatuses?.[0].state?.waiting?.reason === 'ImagePullBackOff'
        );
        return pulling.length > 0 && pods;
      },
      5000,
      'a pod in ImagePullBackOff'
    );
    const failing = stalled.find((p) => p.spec?.containers[0].image === image('projection', '9.9.9'));
    assert.equal(failing?.status?.phase, 'Pending');
    sim.cluster.tick();
    await new Promise((r) => setTimeout(r, 300));
    const d = await apps.readNamespacedDeployment({ name, namespace: ns });
    assert.equal(d.status?.readyReplicas, 2, 'old pods keep serving');
    assert.notEqual(d.status?.updatedReplicas, 2, 'the rollout did not complete');
    const pushed = await getJson(`${url}/sim/registry/tags`, {
      method: 'POST',
      body: JSON.stringify({ repository: 'demo/projection', tag: '9.9.9' }),
    });
    assert.equal(pushed.status, 201);
    sim.cluster.tick();
    await watchRollout(name, 2);
  });

  it('deleting a deployment removes its ReplicaSets and pods (garbage collection), counted once', async () => {
    await getJson(`${url}/sim/effects/reset`, { method: 'POST' });
    const name = 'aggregate-staging-1';
    await apps.deleteNamespacedDeployment({ name, namespace: ns });
    assert.equal((await replicaSets(name)).length, 0);
    const pods = (await core.listNamespacedPod({ namespace: ns, labelSelector: `shard=${name}` })).items;
    assert.equal(pods.length, 0);
    const { body: fx } = await getJson(`${url}/sim/effects`);
    assert.equal(fx.byTarget[`deploymentDelete:${ns}/${name}`], 1);
    await waitFor(
      async () => {
        const text = await (await fetch(`${url}/metrics`)).text();
        const series = parseExposition(text).filter((s) => s.name.startsWith('kube_') && s.labels.deployment === name);
        return series.length === 0;
      },
      3000,
      'the deleted deployment to leave the kube metrics'
    );
  });
});
