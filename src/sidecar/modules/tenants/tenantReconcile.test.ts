/**
 * A drain whose platform API dies mid-way, then tenant.reconcile bringing the control plane and the
 * platform back in agreement, on the real composition root (SQLite) against a simulator that keeps
 * its placement and drains in a state file across restarts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CreateJobResponse, JobDetail } from '../../../contract';
import { startTestApp, type TestApp } from '../../testing/testApp';
import { createJob, jobsEnv, seedTenant, startSim, waitForJob, type SimHandle } from '../../testing/jobsTestkit';

const TENANT = 'acme-001';

describe('tenant.reconcile after a drain the platform outage broke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-reconcile-'));
  const stateFile = join(dir, 'platform.json');
  let sim: SimHandle;
  let port: number;
  let t: TestApp;

  before(async () => {
    sim = await startSim({ stateFile });
    port = Number(new URL(sim.url).port);
    t = await startTestApp('sqlite', jobsEnv(sim.url, { SWITCHYARD_JOB_MAX_ATTEMPTS: '3' }));
    await seedTenant(t, sim, TENANT);
  });
  after(async () => {
    await t?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tenantStatus = async () => (await t.call('getTenant', { params: { id: TENANT } })).json().status as string;
  const drainedShards = () => [...sim.sim.model.draining].filter((k) => k.startsWith(`${TENANT}|`)).sort();
  const reconcile = async (prefer: 'control-plane' | 'platform', dryRun = false) => {
    const r = await createJob(t, { type: 'tenant.reconcile', params: { tenantId: TENANT, prefer } }, { dryRun });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as CreateJobResponse;
  };
  const disagreementsOf = (res: CreateJobResponse) =>
    res.plan.preflight.find((c) => c.name === 'disagreements')?.measured as string[];

  test('the platform API dies mid-drain: the job fails with a remediation and the tenant stays draining', async () => {
    await sim.scenarios({ stuckDrains: [TENANT] });
    const r = await createJob(t, { type: 'tenant.drain', params: { tenantId: TENANT, drainTimeoutSeconds: 60 } });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().job.id as string;
    await waitForJob(t, id, (j) => j.steps[3].status === 'running');
    const drained = drainedShards();
    assert.ok(drained.length > 0);
    await sim.close();

    const failed = await waitForJob(t, id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.step, 'wait-in-flight');
    assert.ok((failed.error?.remediation ?? '').length > 20, JSON.stringify(failed.error));
    assert.equal(await tenantStatus(), 'draining');

    // The platform comes back with its drains (state file), without the stuck-drain knob.
    sim = await startSim({ stateFile, port });
    assert.deepEqual(drainedShards(), drained, 'the platform kept its drains across the restart');
    const plan = await reconcile('control-plane', true);
    assert.deepEqual(disagreementsOf(plan), [], 'a draining tenant on draining shards agrees');
    assert.deepEqual(plan.plan.diff, []);
  });

  test('tenant set active while the platform still drains it: dry-run lists it, control-plane undrains each shard once', async () => {
    const drained = drainedShards().map((k) => k.split('|')[1]);
    assert.ok(drained.length > 0);
    const back = await t.call('changeTenantStatus', {
      params: { id: TENANT },
      body: { to: 'active', reason: 'return the tenant to service' },
    });
    assert.equal(back.statusCode, 200, back.body);

    const plan = await reconcile('control-plane', true);
    assert.equal(plan.job, null);
    assert.equal(plan.plan.blocked, false);
    assert.deepEqual(
      [...disagreementsOf(plan)].sort(),
      drained.map((s) => `platform drains ${TENANT} on ${s} but the tenant is active`)
    );
    assert.deepEqual(
      plan.plan.diff.map((d) => [d.resource, d.from, d.to]).sort(),
      drained.map((s) => [`node ${s}`, true, false])
    );
    assert.equal(drainedShards().length, drained.length, 'the dry run changed nothing');

    const before = (await sim.effects()).byTarget;
    const run = await reconcile('control-plane');
    const done: JobDetail = await waitForJob(t, run.job!.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    const fx = (await sim.effects()).byTarget;
    for (const s of drained) {
      const key = `undrain:${TENANT}@${s}`;
      assert.equal((fx[key] ?? 0) - (before[key] ?? 0), 1, `${key} sent exactly once`);
    }
    assert.deepEqual(drainedShards(), []);
    assert.equal(await tenantStatus(), 'active');
    assert.deepEqual(done.steps.find((s) => s.name === 'verify-agreement')?.status, 'succeeded');

    const again = await reconcile('control-plane');
    const second = await waitForJob(t, again.job!.id);
    assert.equal(second.status, 'succeeded', JSON.stringify(second.error));
    assert.equal(second.steps.find((s) => s.name === 'apply-fix')?.observed?.nothingToDo, true);
    assert.deepEqual((await sim.effects()).byTarget, fx, 'the second run sent nothing');
  });

  test('a platform that lost its drains: prefer platform sets the tenant active, audited', async () => {
    const drain = await createJob(t, { type: 'tenant.drain', params: { tenantId: TENANT, drainTimeoutSeconds: 20 } });
    assert.equal((await waitForJob(t, drain.json().job.id)).status, 'succeeded');
    assert.equal(await tenantStatus(), 'draining');
    await sim.close();
    rmSync(stateFile, { force: true });
    sim = await startSim({ stateFile, port });
    assert.deepEqual(drainedShards(), []);

    const plan = await reconcile('platform', true);
    assert.ok(disagreementsOf(plan).includes(`tenant is draining but no shard drains ${TENANT}`));
    assert.deepEqual(plan.plan.diff, [
      { resource: `tenant ${TENANT}`, field: 'status', from: 'draining', to: 'active' },
    ]);

    const run = await reconcile('platform');
    const done = await waitForJob(t, run.job!.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.equal(await tenantStatus(), 'active');
    assert.equal((await sim.effects()).counts.drain, 0, 'the platform was left as it was');
    const audit = (await t.call('listAudit', { query: { jobId: done.id, targetId: TENANT } })).json();
    assert.ok(audit.items.length > 0, 'the status change is audited with the job id');
  });
});
