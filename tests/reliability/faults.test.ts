/**
 * Injected platform faults: Kubernetes 409 conflicts and node admin / Kubernetes timeouts are
 * retried (capped backoff) and then either succeed with the effect applied once, or fail with a
 * remediation — never reported as success.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  createJob,
  jobsEnv,
  seedTenant,
  startSim,
  waitForJob,
  type SimHandle,
} from '../../src/sidecar/testing/jobsTestkit';
import { startTestApp, type TestApp } from '../../src/sidecar/testing/testApp';

describe('platform faults during jobs', () => {
  let sim: SimHandle;
  let t: TestApp;
  before(async () => {
    sim = await startSim();
    t = await startTestApp(
      'sqlite',
      jobsEnv(sim.url, { SWITCHYARD_JOB_MAX_ATTEMPTS: '4', SWITCHYARD_PLATFORM_TIMEOUT_MS: '400' })
    );
    for (const id of ['acme-001', 'hooli-005']) await seedTenant(t, sim, id);
  });
  afterEach(() =>
    sim.scenarios({ k8sConflicts: 0, nodeAdminDelayMs: 0, nodeAdminDelayCount: 0, k8sDelayMs: 0, stuckDrains: [] })
  );
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  test('409 conflicts are retried; the restart happens once', async () => {
    await sim.scenarios({ k8sConflicts: 2 });
    const r = await createJob(t, {
      type: 'deployment.restart',
      params: { environment: 'dev', deployment: 'runner-dev-0' },
    });
    const done = await waitForJob(t, r.json().job.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.equal(done.steps[0].attempts, 3, 'two conflicts, then success');
    assert.equal((await sim.effects()).byTarget['restart:platform-dev/runner-dev-0'], 1);
  });

  test('persistent 409 conflicts fail with a remediation and no restart', async () => {
    await sim.scenarios({ k8sConflicts: 1000 });
    const r = await createJob(t, {
      type: 'deployment.restart',
      params: { environment: 'dev', deployment: 'runner-dev-1' },
    });
    const done = await waitForJob(t, r.json().job.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.code, 'kubernetes_http_409');
    assert.match(done.error?.message ?? '', /after 4 attempts/);
    assert.match(done.error?.remediation ?? '', /conflict/i);
    assert.equal(done.steps[0].attempts, 4);
    assert.equal((await sim.effects()).byTarget['restart:platform-dev/runner-dev-1'], undefined);
  });

  test('node admin timeouts are retried; the drain then happens once per shard', async () => {
    // Hold the job in its wait step (stuck drain), then make the next two node admin calls time out.
    await sim.scenarios({ stuckDrains: ['acme-001'] });
    const r = await createJob(t, { type: 'tenant.drain', params: { tenantId: 'acme-001', drainTimeoutSeconds: 20 } });
    const id = r.json().job.id;
    await waitForJob(t, id, (j) => j.steps[3].status === 'running');
    await sim.scenarios({ nodeAdminDelayMs: 700, nodeAdminDelayCount: 2 });
    await waitForJob(t, id, (j) => j.steps[3].attempts >= 2 || j.status !== 'running');
    await sim.scenarios({ stuckDrains: [] });
    const done = await waitForJob(t, id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.ok(
      done.steps[3].attempts >= 2,
      `the wait was retried after the timeout (attempts ${done.steps[3].attempts})`
    );
    const eff = (await sim.effects()).byTarget;
    for (const s of Object.values(sim.sim.model.placementOf('acme-001'))) assert.equal(eff[`drain:acme-001@${s}`], 1);
  });

  test('a node admin API that never answers in time fails the job with a remediation; the tenant stays active', async () => {
    await sim.scenarios({ nodeAdminDelayMs: 700 });
    const before = (await sim.effects()).counts.drain;
    const r = await createJob(t, { type: 'tenant.drain', params: { tenantId: 'hooli-005' } }, { dryRun: true });
    assert.equal(r.json().plan.blocked, true, 'the dry run already shows the API as failing');
    await sim.scenarios({ nodeAdminDelayMs: 0 });
    const real = await createJob(t, { type: 'tenant.drain', params: { tenantId: 'hooli-005' } });
    await sim.scenarios({ nodeAdminDelayMs: 700 });
    const done = await waitForJob(t, real.json().job.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.code, 'node-admin_timeout');
    assert.match(done.error?.remediation ?? '', /did not answer in time/);
    assert.equal((await sim.effects()).counts.drain, before);
    assert.equal((await t.call('getTenant', { params: { id: 'hooli-005' } })).json().status, 'active');
  });

  test('a Kubernetes API slower than the timeout fails a scale with a remediation, not success', async () => {
    await sim.scenarios({ k8sDelayMs: 0 });
    const r = await createJob(t, {
      type: 'deployment.scale',
      params: { environment: 'dev', deployment: 'gateway-dev-1', replicas: 5 },
    });
    await sim.scenarios({ k8sDelayMs: 700 });
    const done = await waitForJob(t, r.json().job.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.code, 'kubernetes_timeout');
    assert.match(done.error?.remediation ?? '', /did not answer in time/);
  });
});
