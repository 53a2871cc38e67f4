import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Status,
} from '@kubernetes/client-node';
import type { Simulator } from '../app';
import { getJson, startTestSimulator, waitFor } from '../testing/startSimulator';

/** The simulator's Kubernetes subset, exercised with the real @kubernetes/client-node 1.4 client. */
let sim: Simulator;
let url: string;
let core: CoreV1Api;
let apps: AppsV1Api;
let batch: BatchV1Api;
const TOKEN = 'sim-test-token-0123456789';
const ns = 'platform-prod';

function kubeConfig(server: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server, skipTLSVerify: true }],
    users: [{ name: 'sim', token }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim', namespace: ns }],
    currentContext: 'sim',
  });
  return kc;
}

const statusOf = (e: unknown): V1Status => {
  const body = (e as { body?: unknown }).body;
  return (typeof body === 'string' ? JSON.parse(body) : body) as V1Status;
};

before(async () => {
  ({ sim, url } = await startTestSimulator({ k8sToken: TOKEN }));
  const kc = kubeConfig(url, TOKEN);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  batch = kc.makeApiClient(BatchV1Api);
});
after(async () => sim.stop());

describe('Kubernetes API subset with @kubernetes/client-node', () => {
  it('lists namespaces, pods and deployments with real shapes', async () => {
    const nsl = await core.listNamespace();
    assert.deepEqual(
      nsl.items.map((n) => n.metadata?.name),
      ['platform-dev', 'platform-prod', 'platform-staging']
    );
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=gateway' });
    assert.ok(pods.items.length >= 2);
    const p = pods.items[0];
    assert.equal(p.kind, 'Pod');
    assert.ok(p.metadata?.uid && p.metadata.resourceVersion && p.metadata.creationTimestamp instanceof Date);
    assert.equal(p.status?.phase, 'Running');
    assert.equal(p.status?.containerStatuses?.[0].ready, true);
    const deps = await apps.listNamespacedDeployment({ namespace: ns });
    assert.ok(deps.items.some((d) => d.metadata?.name === 'gateway-prod-0'));
    const rs = await apps.listNamespacedReplicaSet({ namespace: ns });
    assert.ok(rs.items.length >= deps.items.length);
  });

  it('rejects a wrong bearer token with a 401 Status', async () => {
    const bad = kubeConfig(url, 'wrong').makeApiClient(CoreV1Api);
    await assert.rejects(bad.listNamespace(), (e: { code?: number }) => e.code === 401);
  });

  it('returns 404 Status objects for missing objects', async () => {
    try {
      await apps.readNamespacedDeployment({ name: 'missing', namespace: ns });
      assert.fail('expected 404');
    } catch (e) {
      assert.equal((e as { code?: number }).code, 404);
      const st = statusOf(e);
      assert.equal(st.kind, 'Status');
      assert.equal(st.reason, 'NotFound');
      assert.equal(st.code, 404);
    }
  });

  it('rollout restart by annotation patch rolls pods: new ReplicaSet and pod names, generation advances; counted once', async () => {
    await getJson(`${url}/sim/effects/reset`, { method: 'POST' });
    const name = 'aggregate-prod-1';
    const before = await apps.readNamespacedDeployment({ name, namespace: ns });
    const podsBefore = (await core.listNamespacedPod({ namespace: ns, labelSelector: `shard=${name}` })).items.map(
      (p) => p.metadata?.name
    );
    const restartedAt = new Date().toISOString();
    const patched = await apps.patchNamespacedDeployment(
      {
        name,
        namespace: ns,
        body: {
          spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)
    );
    assert.equal(patched.metadata?.generation, (before.metadata?.generation ?? 0) + 1);
    assert.equal(patched.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], restartedAt);
    assert.equal(patched.spec?.template.spec?.containers[0].name, 'aggregate', 'strategic merge keeps the containers');
    const rolled = await waitFor(
      async () => {
        const d = await apps.readNamespacedDeployment({ name, namespace: ns });
        // observedGeneration catches up at the first controller step; the rollout then takes several steps.
        const done = d.status?.updatedReplicas === 2 && d.status?.replicas === 2 && d.status?.readyReplicas === 2;
        return d.status?.observedGeneration === d.metadata?.generation && done && d;
      },
      5000,
      'the rollout to complete'
    );
    assert.equal(rolled.status?.readyReplicas, 2);
    const podsAfter = (await core.listNamespacedPod({ namespace: ns, labelSelector: `shard=${name}` })).items.map(
      (p) => p.metadata?.name
    );
    assert.equal(podsAfter.length, 2);
    assert.ok(
      podsAfter.every((p) => !podsBefore.includes(p)),
      'all pods replaced'
    );
    const sets = (await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: `shard=${name}` })).items;
    assert.equal(sets.length, 2);
    assert.equal(sets.filter((s) => s.spec?.replicas === 2).length, 1);
    const { body: fx } = await getJson(`${url}/sim/effects`);
    assert.equal(fx.byTarget[`restart:${ns}/${name}`], 1);
    assert.equal(fx.counts.restart, 1);
  });

  it('scale subresource read/replace/patch, and merge-patch of replicas, each recorded as a scale change', async () => {
    await getJson(`${url}/sim/effects/reset`, { method: 'POST' });
    const name = 'runner-prod-0';
    const scale = await apps.readNamespacedDeploymentScale({ name, namespace: ns });
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.spec?.replicas, 2);
    const replaced = await apps.replaceNamespacedDeploymentScale({
      name,
      namespace: ns,
      body: { ...scale, spec: { replicas: 3 } },
    });
    assert.equal(replaced.spec?.replicas, 3);
    await assert.rejects(
      apps.replaceNamespacedDeploymentScale({ name, namespace: ns, body: { ...scale, spec: { replicas: 4 } } }),
      (e: { code?: number }) => e.code === 409 && statusOf(e).reason === 'Conflict'
    );
    await apps.patchNamespacedDeploymentScale(
      { name, namespace: ns, body: { spec: { replicas: 1 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
    );
    await apps.patchNamespacedDeployment({
      name,
      namespace: ns,
      body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
    });
    await waitFor(
      async () => (await core.listNamespacedPod({ namespace: ns, labelSelector: `shard=${name}` })).items.length === 2,
      3000,
      'pods to match replicas'
    );
    const { body: fx } = await getJson(`${url}/sim/effects`);
    assert.equal(fx.counts.scale, 3);
  });

  it('enforces resourceVersion preconditions on replace and patch with 409 Conflict', async () => {
    const name = 'projection-prod-0';
    const d = await apps.readNamespacedDeployment({ name, namespace: ns });
    const stale = structuredClone(d);
    const ok = await apps.replaceNamespacedDeployment({
      name,
      namespace: ns,
      body: { ...d, metadata: { ...d.metadata, labels: { ...d.metadata?.labels, touched: 'yes' } } },
    });
    assert.notEqual(ok.metadata?.resourceVersion, d.metadata?.resourceVersion);
    await assert.rejects(
      apps.replaceNamespacedDeployment({ name, namespace: ns, body: stale }),
      (e: { code?: number }) => e.code === 409
    );
    await assert.rejects(
      apps.patchNamespacedDeployment(
        {
          name,
          namespace: ns,
          body: { metadata: { resourceVersion: stale.metadata?.resourceVersion, labels: { x: 'y' } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
      ),
      (e: { code?: number }) => e.code === 409 && statusOf(e).reason === 'Conflict'
    );
  });

  it('secrets: create, read, replace, delete; duplicates conflict; writes counted', async () => {
    await getJson(`${url}/sim/effects/reset`, { method: 'POST' });
    const body = {
      metadata: { name: 'rotation-test', namespace: ns },
      type: 'Opaque',
      data: { dsn: Buffer.from('v1').toString('base64') },
    };
    const created = await core.createNamespacedSecret({ namespace: ns, body });
    assert.equal(created.kind, 'Secret');
    await assert.rejects(
      core.createNamespacedSecret({ namespace: ns, body }),
      (e: { code?: number }) => e.code === 409 && statusOf(e).reason === 'AlreadyExists'
    );
    const read = await core.readNamespacedSecret({ name: 'rotation-test', namespace: ns });
    await core.replaceNamespacedSecret({
      name: 'rotation-test',
      namespace: ns,
      body: { ...read, data: { dsn: Buffer.from('v2').toString('base64') } },
    });
    assert.equal(
      Buffer.from(
        (await core.readNamespacedSecret({ name: 'rotation-test', namespace: ns })).data?.dsn ?? '',
        'base64'
      ).toString(),
      'v2'
    );
    await core.deleteNamespacedSecret({ name: 'rotation-test', namespace: ns });
    await assert.rejects(
      core.readNamespacedSecret({ name: 'rotation-test', namespace: ns }),
      (e: { code?: number }) => e.code === 404
    );
    const { body: fx } = await getJson(`${url}/sim/effects`);
    assert.equal(fx.byTarget[`secretWrite:${ns}/rotation-test`], 2);
    assert.equal(fx.counts.secretDelete, 1);
    const list = await core.listNamespacedSecret({ namespace: ns });
    assert.equal(list.kind, 'SecretList');
    assert.ok(list.items.some((s) => s.metadata?.name?.startsWith('tenant-')));
  });

  it('cron jobs carry lastSuccessfulTime and a job history of at most five', async () => {
    const cjs = await batch.listNamespacedCronJob({ namespace: ns });
    assert.equal(cjs.kind, 'CronJobList');
    assert.ok(cjs.items.length >= 2);
    const cj = cjs.items[0];
    assert.ok(cj.status?.lastSuccessfulTime instanceof Date);
    const jobs = await batch.listNamespacedJob({ namespace: ns, labelSelector: `app=${cj.metadata?.name}` });
    assert.ok(jobs.items.length >= 1 && jobs.items.length <= 5);
    assert.ok(
      jobs.items.every((j) => j.metadata?.ownerReferences?.[0].name === cj.metadata?.name && j.status?.succeeded === 1)
    );
  });

  it("each cron run has a finished pod whose container's terminated state carries the exit code", async () => {
    const cj = (await batch.listNamespacedCronJob({ namespace: ns })).items[0];
    const jobs = await batch.listNamespacedJob({ namespace: ns, labelSelector: `app=${cj.metadata?.name}` });
    for (const job of jobs.items) {
      assert.ok(job.status?.startTime instanceof Date && job.status?.completionTime instanceof Date);
      const jobName = job.metadata?.name as string;
      const pods = await core.listNamespacedPod({
        namespace: ns,
        labelSelector: `batch.kubernetes.io/job-name=${jobName}`,
      });
      assert.equal(pods.items.length, 1, `one pod for ${jobName}`);
      const pod = pods.items[0];
      assert.equal(pod.status?.phase, 'Succeeded');
      assert.equal(pod.metadata?.ownerReferences?.[0].uid, job.metadata?.uid);
      const terminated = pod.status?.containerStatuses?.[0].state?.terminated;
      assert.equal(terminated?.exitCode, 0);
      assert.equal(terminated?.reason, 'Completed');
    }
  });

  it('crash-loop knob: containers not ready, restarts climb', async () => {
    const name = 'gateway-prod-1';
    await getJson(`${url}/sim/scenarios`, {
      method: 'POST',
      body: JSON.stringify({ crashLoops: [{ deployment: name }] }),
    });
    try {
      sim.cluster.tick();
      sim.cluster.tick();
      const pods = (await core.listNamespacedPod({ namespace: ns, labelSelector: `shard=${name}` })).items;
      for (const p of pods) {
        const c = p.status?.containerStatuses?.[0];
        assert.equal(c?.ready, false);
        assert.equal(c?.state?.waiting?.reason, 'CrashLoopBackOff');
        assert.ok((c?.restartCount ?? 0) >= 2);
      }
    } finally {
      await getJson(`${url}/sim/scenarios`, { method: 'DELETE' });
    }
  });
});
