/**
 * The deployment.rollout job end to end on the real composition root, against the simulator's
 * Kubernetes subset and registry, with the gate's queries answered from the simulator's per-track
 * series (testing/simulatorVm.ts): a good build promotes, a bad build fails the gate at the canary
 * and rolls back by itself, a freeze blocks the preflight and says why, pause holds the rollout
 * and abort restores the previous revision.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Deployment, JobDetail } from '../../../contract';
import { createJob, jobsEnv, startSim, waitForJob, type SimHandle } from '../../testing/jobsTestkit';
import { startSimulatorVm, type SimulatorVm } from '../../testing/simulatorVm';
import { idempotencyKey, startTestApp, type TestApp } from '../../testing/testApp';

let sim: SimHandle;
let vm: SimulatorVm;
let t: TestApp;

before(async () => {
  sim = await startSim({ tickMs: 60_000, rolloutDelayMs: 20 });
  vm = await startSimulatorVm(sim.sim);
  t = await startTestApp(
    'sqlite',
    jobsEnv(sim.url, {
      SWITCHYARD_OUTBOUND_HOSTS: `${new URL(sim.url).host},${vm.host}`,
      SWITCHYARD_VM_URL: vm.url,
      SWITCHYARD_APPROVAL_POLICY: 'none',
    })
  );
});
after(async () => {
  await t?.close();
  await vm?.close();
  await sim?.close();
});

const gate = { max5xxRatio: 0.05, maxP95Ms: 2000, baselineFactor: 10, windowSeconds: 30, minRequests: 20 };

function rollout(shard: string, imageVersion: string, steps: number[] = [50], stepPauseSeconds = 0) {
  const [kind, environment] = shard.split('-');
  return {
    type: 'deployment.rollout',
    params: {
      kind,
      environment,
      imageVersion,
      shards: [shard],
      strategy: { type: 'canary', steps, gate, stepPauseSeconds },
    },
  };
}

async function deployment(id: string): Promise<Deployment> {
  const r = await t.call('getDeployment', { params: { id } });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Deployment;
}

async function cell(shard: string) {
  const r = await t.call('getVersionMatrix');
  assert.equal(r.statusCode, 200, r.body);
  const m = r.json() as {
    cells: Array<{
      shardId: string;
      imageVersion: string;
      canaryVersion: string | null;
      rolloutState: string;
      revision: number;
      replicasReady: number;
    }>;
  };
  const c = m.cells.find((x) => x.shardId === shard);
  assert.ok(c, `no matrix cell for ${shard}`);
  return c;
}

async function start(body: Record<string, unknown>): Promise<JobDetail> {
  const r = await createJob(t, body);
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { job: JobDetail }).job;
}

const control = (name: 'pauseDeployment' | 'resumeDeployment' | 'abortDeployment', id: string) =>
  t.call(name, {
    params: { id },
    body: { reason: 'operator decision' },
    headers: { 'idempotency-key': idempotencyKey() },
  });

describe('deployment.rollout', () => {
  test('a good build passes its canary gate and is promoted under a new revision', async () => {
    const shard = 'gateway-prod-1';
    const before = await cell(shard);
    const job = await start(rollout(shard, '2.15.0', [25, 50]));
    const done = await waitForJob(t, job.id, undefined, 60_000);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    const d = await deployment(job.id);
    assert.equal(d.status, 'succeeded');
    assert.ok(d.gates.length >= 1 && d.gates.every((g) => g.passed), JSON.stringify(d.gates));
    const g = d.gates[0];
    assert.ok(g.canary.requests >= gate.minRequests, `canary requests ${g.canary.requests}`);
    assert.ok(g.checks.some((c) => c.name === '5xx_ratio' && c.limit !== null && c.measured !== null));
    const now = await cell(shard);
    assert.deepEqual([now.imageVersion, now.canaryVersion, now.rolloutState], ['2.15.0', null, 'stable']);
    assert.equal(now.revision, before.revision + 1);
    assert.match(d.outcomeReason ?? '', /Promoted gateway .* → 2\.15\.0/);
  });

  test('a bad build fails the gate at the canary and rolls back by itself, with the measured reason', async () => {
    const shard = 'gateway-staging-1';
    const before = await cell(shard);
    const job = await start(rollout(shard, '2.15.0-bad'));
    const done = await waitForJob(t, job.id, undefined, 60_000);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.code, 'deployment_rolled_back');
    const d = await deployment(job.id);
    assert.equal(d.status, 'rolled_back');
    assert.equal(d.gates.length, 1);
    assert.equal(d.gates[0].passed, false);
    const e5 = d.gates[0].checks.find((c) => c.name === '5xx_ratio');
    assert.ok(e5 && !e5.passed && (e5.measured ?? 0) > 0.15, JSON.stringify(e5));
    assert.ok((d.gates[0].baseline.errorRatio5xx ?? 1) < 0.05, JSON.stringify(d.gates[0]));
    assert.match(d.outcomeReason ?? '', /^Gate failed at 50%: canary 5xx ratio/);
    const now = await cell(shard);
    assert.deepEqual(
      [now.imageVersion, now.canaryVersion, now.rolloutState, now.revision],
      [before.imageVersion, null, 'stable', before.revision]
    );
  });

  test('a freeze on the environment blocks the preflight and names the freeze; lifting it lets deploys through', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const f = await t.call('createFreeze', {
      body: { scope: 'dev', reason: 'incident 42 in progress', expiresAt },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    assert.equal(f.statusCode, 201, f.body);
    const plan = await createJob(t, rollout('gateway-dev-0', '2.15.0'), { dryRun: true });
    assert.equal(plan.statusCode, 201, plan.body);
    const p = plan.json() as {
      plan: { blocked: boolean; preflight: Array<{ name: string; ok: boolean; message: string }> };
    };
    assert.equal(p.plan.blocked, true);
    const freeze = p.plan.preflight.find((c) => c.name === 'freeze');
    assert.ok(freeze && !freeze.ok);
    assert.match(freeze.message, /frozen until .* incident 42 in progress/);
    const refused = await createJob(t, rollout('gateway-dev-0', '2.15.0'));
    assert.equal(refused.statusCode, 409, refused.body);
    // Another environment is not frozen.
    const staging = await createJob(t, rollout('aggregate-staging-0', '2.15.0'), { dryRun: true });
    assert.equal((staging.json() as { plan: { blocked: boolean } }).plan.blocked, false, staging.body);
    const id = (f.json() as { id: string }).id;
    const lifted = await t.call('liftFreeze', {
      params: { id },
      body: { reason: 'incident resolved' },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    assert.equal(lifted.statusCode, 200, lifted.body);
    const after = await createJob(t, rollout('gateway-dev-0', '2.15.0'), { dryRun: true });
    assert.equal((after.json() as { plan: { blocked: boolean } }).plan.blocked, false, after.body);
  });

  test('a rolling update rolls the stable deployment to the new image without a canary or a gate', async () => {
    const shard = 'projection-dev-1';
    const before = await cell(shard);
    const job = await start({
      type: 'deployment.rollout',
      params: {
        kind: 'projection',
        environment: 'dev',
        imageVersion: '2.15.1',
        shards: [shard],
        strategy: { type: 'rolling', maxSurgePercent: 50, maxUnavailablePercent: 0 },
      },
    });
    const done = await waitForJob(t, job.id, undefined, 60_000);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.deepEqual(done.steps[1].observed, { skipped: 'rolling strategy: no canary' });
    const d = await deployment(job.id);
    assert.deepEqual([d.status, d.gates.length], ['succeeded', 0]);
    const now = await cell(shard);
    assert.deepEqual([now.imageVersion, now.canaryVersion, now.revision], ['2.15.1', null, before.revision + 1]);
  });

  test('pause holds the rollout before its next step, resume continues, abort restores the previous revision', async () => {
    const shard = 'gateway-prod-0';
    const before = await cell(shard);
    // The canary waits 3 s before its gate: the pause lands while the canary runs.
    const job = await start(rollout(shard, '2.15.1', [50], 3));
    await waitForJob(t, job.id, (j) => j.status === 'running', 20_000);
    const paused = await control('pauseDeployment', job.id);
    // The record exists once the preflight step ran; retry until it does.
    if (paused.statusCode === 404) {
      await waitForJob(t, job.id, (j) => j.steps[0].status === 'succeeded', 20_000);
      assert.equal((await control('pauseDeployment', job.id)).statusCode, 200);
    } else assert.equal(paused.statusCode, 200, paused.body);
    const deadline = Date.now() + 20_000;
    let d = await deployment(job.id);
    while (d.status !== 'paused' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      d = await deployment(job.id);
    }
    assert.equal(d.status, 'paused');
    const heldAt = d.currentStep;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await deployment(job.id)).currentStep, heldAt, 'a paused rollout does not advance');
    assert.equal((await control('resumeDeployment', job.id)).statusCode, 200);
    const aborted = await control('abortDeployment', job.id);
    assert.equal(aborted.statusCode, 200, aborted.body);
    const done = await waitForJob(t, job.id, undefined, 60_000);
    d = await deployment(job.id);
    if (done.status === 'succeeded')
      assert.fail('the abort arrived after the promotion; the rollout should have been stopped');
    assert.equal(done.error?.code, 'deployment_aborted');
    assert.equal(d.status, 'aborted');
    assert.match(d.outcomeReason ?? '', /Aborted: operator decision/);
    const now = await cell(shard);
    assert.deepEqual([now.imageVersion, now.canaryVersion, now.rolloutState], [before.imageVersion, null, 'stable']);
    const again = await control('abortDeployment', job.id);
    assert.equal(again.statusCode, 409, 'an ended deployment cannot be aborted');
  });
});
