/**
 * Approval policy, cancellation with compensation, and failures with remediation, on the real
 * composition root (SQLite) against an in-process simulator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobDetail } from '../../contract';
import { METRICS_AUTH, startTestApp, type TestApp } from '../testing/testApp';
import {
  createJob,
  getJob,
  jobsEnv,
  pushCredentialsWhenWaiting,
  seedTenant,
  startSim,
  waitForJob,
  type SimHandle,
} from '../testing/jobsTestkit';

describe('job approval, cancellation and failures', () => {
  let sim: SimHandle;
  let t: TestApp;
  before(async () => {
    sim = await startSim();
    // Prod needs approval for everything; dev runs directly.
    t = await startTestApp('sqlite', jobsEnv(sim.url, { SWITCHYARD_APPROVAL_POLICY: 'prod:*' }));
    for (const id of ['initech-003', 'acme-001', 'wayne-007']) await seedTenant(t, sim, id);
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  const approve = (id: string, planHash: string, login = 'bob') =>
    t.call('approveJob', {
      params: { id },
      body: { planHash, reason: 'looks right' },
      token: { claims: { username: login, sub: `user:${login}` } },
    });

  test('a prod job waits for a second operator; the requester cannot approve; approval binds to the plan hash', async () => {
    const r = await createJob(t, { type: 'tenant.suspend', params: { tenantId: 'initech-003' } });
    assert.equal(r.statusCode, 201, r.body);
    const job: JobDetail = r.json().job;
    assert.equal(job.status, 'awaiting_approval');
    assert.deepEqual(
      { required: job.approval.required, status: job.approval.status },
      { required: true, status: 'pending' }
    );
    const list = (await t.call('listJobs')).json();
    assert.equal(list.items[0].id, job.id, 'active jobs are listed first');

    const self = await approve(job.id, job.approval.planHash, 'alice');
    assert.equal(self.statusCode, 403);
    const wrong = await approve(job.id, 'f'.repeat(64));
    assert.equal(wrong.statusCode, 409);
    assert.equal((await getJob(t, job.id)).status, 'awaiting_approval');
    assert.equal(
      (await t.call('getTenant', { params: { id: 'initech-003' } })).json().status,
      'active',
      'nothing ran before approval'
    );

    const ok = await approve(job.id, job.approval.planHash);
    assert.equal(ok.statusCode, 200, ok.body);
    const done = await waitForJob(t, job.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.equal(done.approval.approvedBy, 'bob');
    const tenant = (await t.call('getTenant', { params: { id: 'initech-003' } })).json();
    assert.deepEqual(
      { status: tenant.status, killSwitch: tenant.featureFlags.killSwitch },
      { status: 'suspended', killSwitch: true }
    );
  });

  test('an approval is void when the plan changed before the job started', async () => {
    const r = await createJob(t, {
      type: 'deployment.scale',
      params: { environment: 'prod', deployment: 'runner-prod-1', replicas: 4 },
    });
    const job: JobDetail = r.json().job;
    assert.equal(job.status, 'awaiting_approval');
    // Someone scales the deployment meanwhile: the diff (2 → 4) the approver saw is no longer true.
    const ns = 'platform-prod';
    const d = sim.sim.cluster.store.mustGet(
      { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true },
      ns,
      'runner-prod-1'
    );
    sim.sim.cluster.setScale(ns, 'runner-prod-1', 3, d.metadata.resourceVersion);
    const ok = await approve(job.id, job.approval.planHash);
    assert.equal(ok.statusCode, 200);
    const voided = await waitForJob(t, job.id, (j) => j.approval.status === 'void');
    assert.equal(voided.status, 'awaiting_approval');
    assert.notEqual(voided.approval.planHash, job.approval.planHash);
    assert.equal(voided.steps[0].status, 'pending');
    assert.equal((await sim.effects()).byTarget[`scale:${ns}/runner-prod-1`], 1, 'only the out-of-band scale happened');
    const again = await approve(job.id, voided.approval.planHash);
    assert.equal(again.statusCode, 200, again.body);
    const done = await waitForJob(t, job.id);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.steps[0].observed?.replicas, { from: 3, to: 4 });
  });

  test('cancelling a running drain compensates: shards undrained, tenant back to active', async () => {
    await sim.scenarios({ stuckDrains: ['acme-001'] });
    const r = await createJob(t, { type: 'tenant.drain', params: { tenantId: 'acme-001', drainTimeoutSeconds: 60 } });
    const job: JobDetail = r.json().job;
    await waitForJob(t, job.id, (j) => j.steps[3].status === 'running');
    const c = await t.call('cancelJob', { params: { id: job.id }, body: { reason: 'wrong tenant' } });
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().cancelRequested, true);
    // The drain never converges: the cancellation interrupts the wait (an interruptible step).
    const done = await waitForJob(t, job.id);
    await sim.scenarios({ stuckDrains: [] });
    assert.equal(done.status, 'cancelled', JSON.stringify(done.error));
    assert.deepEqual(
      done.steps.map((s) => s.status),
      ['succeeded', 'compensated', 'compensated', 'cancelled']
    );
    const tenant = (await t.call('getTenant', { params: { id: 'acme-001' } })).json();
    assert.equal(tenant.status, 'active');
    for (const shard of Object.values(sim.sim.model.placementOf('acme-001')))
      assert.equal(sim.sim.model.isDraining('acme-001', shard), false);
    const eff = (await sim.effects()).byTarget;
    for (const shard of Object.values(sim.sim.model.placementOf('acme-001'))) {
      assert.equal(eff[`drain:acme-001@${shard}`], 1);
      assert.equal(eff[`undrain:acme-001@${shard}`], 1);
    }
  });

  test('cancelling a job before it starts cancels it at once; a finished job cannot be cancelled', async () => {
    const r = await createJob(t, {
      type: 'deployment.restart',
      params: { environment: 'prod', deployment: 'gateway-prod-0' },
    });
    const job: JobDetail = r.json().job;
    const c = await t.call('cancelJob', { params: { id: job.id }, body: { reason: 'not now' } });
    assert.equal(c.json().status, 'cancelled');
    assert.deepEqual(
      c.json().steps.map((s: { status: string }) => s.status),
      ['cancelled', 'cancelled']
    );
    const again = await t.call('cancelJob', { params: { id: job.id }, body: { reason: 'twice' } });
    assert.equal(again.statusCode, 409);
    const late = await approve(job.id, job.approval.planHash);
    assert.equal(late.statusCode, 409);
    assert.equal((await sim.effects()).byTarget['restart:platform-prod/gateway-prod-0'], undefined);
  });

  test('a drain that never converges fails with a remediation and leaves the tenant draining', async () => {
    await sim.scenarios({ stuckDrains: ['wayne-007'] });
    const r = await createJob(t, { type: 'tenant.drain', params: { tenantId: 'wayne-007', drainTimeoutSeconds: 5 } });
    await waitForJob(t, r.json().job.id, (j) => j.steps[3].status === 'running');
    await new Promise((res) => setTimeout(res, 1100));
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics', headers: METRICS_AUTH })).body;
    const oldest = Number(/^switchyard_job_oldest_running_seconds (\S+)$/m.exec(metrics)?.[1]);
    assert.ok(oldest >= 1, `oldest running job gauge: ${oldest}`);
    assert.match(metrics, /^switchyard_jobs_active\{status="running",type="tenant.drain"\} 1$/m);
    const done = await waitForJob(t, r.json().job.id, undefined, 15_000);
    await sim.scenarios({ stuckDrains: [] });
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.code, 'drain_not_converging');
    assert.equal(done.error?.step, 'wait-in-flight');
    assert.match(done.error?.remediation ?? '', /tenant\.undrain/);
    assert.equal(done.steps[3].error?.code, 'drain_not_converging');
    assert.equal((await t.call('getTenant', { params: { id: 'wayne-007' } })).json().status, 'draining');
    // Started and finished (failed) are counted once each for this job type.
    let after = '';
    for (
      let i = 0;
      i < 50 && !/switchyard_jobs_finished_total\{type="tenant.drain",status="failed"\}/.test(after);
      i++
    ) {
      await new Promise((res) => setTimeout(res, 100));
      after = (await t.app.inject({ method: 'GET', url: '/metrics', headers: METRICS_AUTH })).body;
    }
    assert.match(after, /^switchyard_jobs_started_total\{type="tenant.drain"\} [1-9]\d*$/m);
    assert.match(after, /^switchyard_jobs_finished_total\{type="tenant.drain",status="failed"\} 1$/m);
  });

  test('credentials refresh against a crash-looping workload fails at verify-auth with the invalid-credentials remediation', async () => {
    await sim.scenarios({ crashLoops: [{ deployment: 'aggregate-dev-1' }] });
    const r = await createJob(t, {
      type: 'credentials.refresh',
      params: {
        environment: 'dev',
        secret: 'tenant-acme-001-db',
        deployment: 'aggregate-dev-1',
        key: 'dsn',
        format: 'url-password',
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    const pushed = await pushCredentialsWhenWaiting(t, sim, r.json().job.id);
    assert.equal(pushed.statusCode, 200, pushed.body);
    const done = await waitForJob(t, r.json().job.id);
    await sim.scenarios({ crashLoops: [] });
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.step, 'verify-auth');
    assert.match(done.error?.remediation ?? '', /invalid credentials/i);
    assert.deepEqual(
      done.steps.slice(0, 4).map((s) => s.status),
      ['succeeded', 'succeeded', 'succeeded', 'succeeded']
    );
    const body = JSON.stringify(done);
    const secret = sim.sim.cluster.store.get(
      { resource: 'secrets', group: '', version: 'v1', kind: 'Secret', namespaced: true },
      'platform-dev',
      'tenant-acme-001-db'
    );
    const value = Buffer.from(String((secret?.data as Record<string, string>).dsn), 'base64').toString();
    const password = new URL(value).password;
    assert.ok(password.length > 10 && !body.includes(password), 'the new credential never appears in the job');
    const audit = (await t.call('exportAudit')).body;
    assert.ok(!audit.includes(password), 'nor in the audit');
  });
});
