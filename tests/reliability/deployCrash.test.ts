/**
 * kill -9 of the sidecar at every step of a deployment.rollout, against the simulator: the test
 * SIGKILLs the sidecar as soon as the rollout reaches step k (or finished it), starts a new sidecar
 * on the same SQLite file, and checks that the rollout finished with its outcome, that each
 * platform effect happened exactly once (canary created once and deleted once, the stable image
 * changed once — or never, for a build that fails its gate) and that the audit chain verifies.
 * The gate's queries are answered from the simulator's per-track series (simulatorVm).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Deployment, JobDetail } from '../../src/contract';
import { startSim, type SimHandle } from '../../src/sidecar/testing/jobsTestkit';
import { startSimulatorVm, type SimulatorVm } from '../../src/sidecar/testing/simulatorVm';
import {
  apiClient,
  isTerminal,
  sidecarEnv,
  spawnSidecar,
  tempSqlite,
  type ApiClient,
  type SidecarProcess,
} from './harness';

const STEPS = ['preflight', 'canary', 'promote', 'verify'];
const gate = { max5xxRatio: 0.05, maxP95Ms: 2000, baselineFactor: 10, windowSeconds: 30, minRequests: 20 };

describe('kill -9 at every step of a rollout (SQLite)', () => {
  let sim: SimHandle;
  let vm: SimulatorVm;
  let api: ApiClient;
  let sidecar: SidecarProcess;
  let env: Record<string, string>;
  const db = tempSqlite();
  const landed: string[] = [];

  before(async () => {
    sim = await startSim({ tickMs: 60_000, rolloutDelayMs: 60 });
    // Slow Kubernetes calls so each step is visible for a while.
    await sim.scenarios({ k8sDelayMs: 20 });
    vm = await startSimulatorVm(sim.sim);
    api = await apiClient();
    env = sidecarEnv(api.idp, sim.url, {
      SWITCHYARD_SQLITE_PATH: db.path,
      SWITCHYARD_VM_URL: vm.url,
      SWITCHYARD_OUTBOUND_HOSTS: `${new URL(sim.url).host},${vm.host},${api.idp.host}`,
    });
    sidecar = await spawnSidecar(env);
  });
  after(async () => {
    await sidecar?.stop();
    await vm?.close();
    await sim?.close();
    await api?.idp.close();
    db.cleanup();
    process.stdout.write(`# rollout kill points landed: ${landed.join(' ')}\n`);
  });

  async function rolloutKilledAt(
    k: number,
    shard: string,
    version: string
  ): Promise<{ job: JobDetail; d: Deployment }> {
    const [kind, environment] = shard.split('-');
    const r = await api.call(sidecar.url, 'createJob', {
      body: {
        type: 'deployment.rollout',
        params: {
          kind,
          environment,
          imageVersion: version,
          shards: [shard],
          strategy: { type: 'canary', steps: [50], gate, stepPauseSeconds: 0 },
        },
        reason: `crash at step ${k}`,
      },
      headers: { 'idempotency-key': `crash-rollout-${shard}-${k}` },
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const id = r.json.job.id as string;
    const at = await api.waitJob(
      sidecar.url,
      id,
      (j) => isTerminal(j) || j.currentStep > k || j.steps[k].status === 'running',
      30_000,
      2
    );
    await sidecar.kill9();
    landed.push(
      `${STEPS[k]}:${at.steps[k]?.status === 'running' ? 'in' : isTerminal(at) ? 'done' : `after${at.currentStep}`}`
    );
    sidecar = await spawnSidecar(env);
    const job = await api.waitJob(sidecar.url, id, isTerminal, 90_000);
    const d = (await api.call(sidecar.url, 'getDeployment', { params: { id } })).json as Deployment;
    const verify = await api.call(sidecar.url, 'verifyAudit');
    assert.equal(verify.json.ok, true, JSON.stringify(verify.json));
    return { job, d };
  }

  const SHARDS = ['gateway-dev-0', 'gateway-dev-1', 'gateway-prod-0', 'gateway-prod-1'];
  for (let k = 0; k < STEPS.length; k++) {
    test(`a good build killed at ${STEPS[k]} is promoted with every effect once`, async () => {
      const shard = SHARDS[k];
      const ns = `platform-${shard.split('-')[1]}`;
      const { job, d } = await rolloutKilledAt(k, shard, '2.15.0');
      assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
      assert.equal(d.status, 'succeeded');
      assert.equal(d.gates.length, 1, 'the gate is evaluated once');
      const fx = (await sim.effects()).byTarget;
      assert.equal(fx[`deploymentCreate:${ns}/${shard}-canary`], 1, 'canary created once');
      assert.equal(fx[`deploymentDelete:${ns}/${shard}-canary`], 1, 'canary deleted once');
      assert.equal(fx[`imageChange:${ns}/${shard}`], 1, 'stable image changed once');
    });
  }

  test('a bad build killed during its canary rolls back once and never touches the stable image', async () => {
    const shard = 'gateway-staging-1';
    const ns = 'platform-staging';
    const { job, d } = await rolloutKilledAt(1, shard, '2.15.0-bad');
    assert.equal(job.status, 'failed');
    assert.equal(job.error?.code, 'deployment_rolled_back');
    assert.equal(d.status, 'rolled_back');
    assert.match(d.outcomeReason ?? '', /^Gate failed at 50%/);
    const fx = (await sim.effects()).byTarget;
    assert.equal(fx[`deploymentCreate:${ns}/${shard}-canary`], 1);
    assert.equal(fx[`deploymentDelete:${ns}/${shard}-canary`], 1);
    assert.equal(fx[`imageChange:${ns}/${shard}`], undefined);
  });
});
