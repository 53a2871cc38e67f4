/**
 * deployment.scale preflight: the replica range (annotations or the default 1–10) and the room
 * under the namespace's pod quota, on the real composition root against the simulator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobPlan, PreflightCheck } from '../../../../contract';
import { startTestApp, type TestApp } from '../../../testing/testApp';
import { createJob, jobsEnv, startSim, type SimHandle } from '../../../testing/jobsTestkit';

const DEPLOYMENTS = { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true };
const QUOTAS = { resource: 'resourcequotas', group: '', version: 'v1', kind: 'ResourceQuota', namespaced: true };

describe('deployment.scale preflight: replica range and pod quota', () => {
  let sim: SimHandle;
  let t: TestApp;
  before(async () => {
    sim = await startSim();
    t = await startTestApp('sqlite', jobsEnv(sim.url));
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  async function plan(deployment: string, replicas: number): Promise<JobPlan> {
    const r = await createJob(
      t,
      { type: 'deployment.scale', params: { environment: 'dev', deployment, replicas } },
      {
        dryRun: true,
      }
    );
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().job, null, 'a dry run creates no job');
    return r.json().plan;
  }
  const checkOf = (p: JobPlan, name: string) => p.preflight.find((c) => c.name === name) as PreflightCheck;

  test('within the default range and the quota: not blocked, the checks say why', async () => {
    const p = await plan('gateway-dev-0', 4);
    assert.equal(p.blocked, false, JSON.stringify(p.preflight));
    assert.deepEqual(checkOf(p, 'replica-bounds').threshold, { min: 1, max: 10 });
    const cap = checkOf(p, 'capacity');
    assert.equal(cap.ok, true);
    assert.match(cap.message, /2 more pod\(s\) fit the pod quota platform-pods/);
  });

  test('outside the range: blocked, naming the range and the annotations', async () => {
    const high = await plan('gateway-dev-0', 11);
    assert.equal(high.blocked, true);
    assert.match(checkOf(high, 'replica-bounds').message, /replicas 11 is outside the allowed 1–10 for gateway-dev-0/);
    const zero = await plan('gateway-dev-0', 0);
    assert.equal(checkOf(zero, 'replica-bounds').ok, false);
    assert.equal(checkOf(zero, 'capacity').ok, true, 'scaling down needs no room');
  });

  test("the deployment's annotations set its range", async () => {
    const store = sim.sim.cluster.store;
    const d = store.mustGet(DEPLOYMENTS, 'platform-dev', 'runner-dev-0');
    store.put(DEPLOYMENTS, {
      ...d,
      metadata: {
        ...d.metadata,
        annotations: { 'switchyard.dev/min-replicas': '0', 'switchyard.dev/max-replicas': '20' },
      },
    });
    const p = await plan('runner-dev-0', 15);
    assert.deepEqual(checkOf(p, 'replica-bounds').threshold, { min: 0, max: 20 });
    assert.equal(checkOf(p, 'replica-bounds').ok, true);
    assert.equal((await plan('runner-dev-0', 0)).blocked, false);
  });

  test('more pods than the quota has room for: blocked with used, hard and free', async () => {
    const store = sim.sim.cluster.store;
    const q = store.mustGet(QUOTAS, 'platform-dev', 'platform-pods');
    const used = Number((q.status as { used: { pods: string } }).used.pods);
    store.put(QUOTAS, {
      ...q,
      spec: { hard: { pods: String(used + 1) } },
      status: { hard: { pods: String(used + 1) }, used: { pods: String(used) } },
    });
    const p = await plan('projection-dev-0', 5);
    assert.equal(p.blocked, true);
    const cap = checkOf(p, 'capacity');
    assert.equal(cap.ok, false);
    assert.equal(cap.threshold, 1);
    assert.match(
      cap.message,
      new RegExp(`3 more pod\\(s\\) do not fit the pod quota platform-pods: ${used}/${used + 1} used, 1 free`)
    );
    const r = await createJob(t, {
      type: 'deployment.scale',
      params: { environment: 'dev', deployment: 'projection-dev-0', replicas: 5 },
    });
    assert.equal(r.statusCode, 409, r.body);
    assert.match(r.json().message, /Preflight failed: capacity: 3 more pod\(s\) do not fit/);
  });
});
