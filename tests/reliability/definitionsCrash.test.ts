/**
 * kill -9 of the sidecar during a definitions.promote job: the test SIGKILLs the sidecar as soon as
 * the promotion reaches step k (or finished it), starts a new sidecar on the same SQLite file, and
 * checks that the promotion finished, that the version was activated exactly once in the environment
 * (one history entry, one `definitions.promote` audit entry) and that the audit chain verifies. The
 * prod case is requested by one person and approved by another before the kill.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BundleEnvironmentState, JobDetail } from '../../src/contract';
import { orderBundle } from '../../src/changes/definitions/bundle.fixture';
import { startSim, type SimHandle } from '../../src/sidecar/testing/jobsTestkit';
import {
  apiClient,
  isTerminal,
  sidecarEnv,
  spawnSidecar,
  tempSqlite,
  type ApiClient,
  type SidecarProcess,
} from './harness';

const STEPS = ['check', 'activate'];

describe('kill -9 at every step of a definitions promotion (SQLite)', () => {
  let sim: SimHandle;
  let api: ApiClient;
  let sidecar: SidecarProcess;
  let env: Record<string, string>;
  const db = tempSqlite();
  const landed: string[] = [];
  let seq = 0;

  before(async () => {
    sim = await startSim({ tickMs: 60_000 });
    api = await apiClient();
    env = sidecarEnv(api.idp, sim.url, {
      SWITCHYARD_SQLITE_PATH: db.path,
      SWITCHYARD_OUTBOUND_HOSTS: `${new URL(sim.url).host},${api.idp.host}`,
    });
    sidecar = await spawnSidecar(env);
  });
  after(async () => {
    await sidecar?.stop();
    await sim?.close();
    await api?.idp.close();
    db.cleanup();
    process.stdout.write(`# promotion kill points landed: ${landed.join(' ')}\n`);
  });

  const key = () => ({ 'idempotency-key': `crash-definitions-${process.pid}-${++seq}` });

  async function request(name: string, version: string, to: string): Promise<string> {
    const r = await api.call(sidecar.url, 'requestPromotion', {
      body: { name, version, to, reason: `crash test ${to}` },
      headers: key(),
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return r.json.id as string;
  }

  /**
   * Runs a promotion, killing the sidecar once it reaches step k (k = -1: at once, whatever the job
   * is doing); returns the finished job. The kill point that landed is reported.
   */
  async function killedAt(k: number, id: string): Promise<JobDetail> {
    const at =
      k < 0
        ? await api.job(sidecar.url, id)
        : await api.waitJob(
            sidecar.url,
            id,
            (j) => isTerminal(j) || j.currentStep > k || j.steps[k].status === 'running',
            30_000,
            1
          );
    await sidecar.kill9();
    const step = STEPS[Math.max(k, 0)];
    landed.push(
      k < 0
        ? `immediately:${at.status}@${at.currentStep}`
        : `${step}:${at.steps[k]?.status === 'running' ? 'in' : isTerminal(at) ? 'done' : `after${at.currentStep}`}`
    );
    sidecar = await spawnSidecar(env);
    const job = await api.waitJob(sidecar.url, id, isTerminal, 60_000);
    const verify = await api.call(sidecar.url, 'verifyAudit');
    assert.equal(verify.json.ok, true, JSON.stringify(verify.json));
    return job;
  }

  async function activatedOnce(name: string, env: string, version: string, jobId: string) {
    const states = (await api.call(sidecar.url, 'listBundleEnvironments')).json.items as BundleEnvironmentState[];
    const state = states.find((s) => s.bundleName === name && s.environment === env);
    assert.equal(state?.current?.version, version);
    assert.equal(state?.history.filter((h) => h.version === version).length, 1, 'activated once');
    const audit = await api.call(sidecar.url, 'listAudit', {
      query: { action: 'definitions.promote', jobId, limit: '50' },
    });
    assert.equal(audit.json.items.length, 1, 'audited once');
  }

  for (let k = -1; k < STEPS.length; k++) {
    test(`a promotion to dev killed ${k < 0 ? 'right after the request' : `at ${STEPS[k]}`} activates once`, async () => {
      const name = `crash-dev-${k + 1}`;
      const bundle = { ...orderBundle('1.0.0'), manifest: { name, version: '1.0.0' } };
      const up = await api.call(sidecar.url, 'uploadBundle', {
        body: { bundle, reason: 'crash test' },
        headers: key(),
      });
      assert.equal(up.status, 201, JSON.stringify(up.json));
      const id = await request(name, '1.0.0', 'dev');
      const job = await killedAt(k, id);
      assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
      await activatedOnce(name, 'dev', '1.0.0', id);
    });
  }

  test('an approved prod promotion killed at activate activates once, approved by the second person', async () => {
    const name = 'crash-prod';
    const bundle = { ...orderBundle('1.0.0'), manifest: { name, version: '1.0.0' } };
    await api.call(sidecar.url, 'uploadBundle', { body: { bundle, reason: 'crash test' }, headers: key() });
    for (const to of ['dev', 'staging']) {
      const id = await request(name, '1.0.0', to);
      assert.equal((await api.waitJob(sidecar.url, id, isTerminal)).status, 'succeeded');
    }
    const id = await request(name, '1.0.0', 'prod');
    const self = await api.call(sidecar.url, 'approvePromotion', { params: { id }, body: {}, headers: key() });
    assert.equal(self.status, 403, 'the requester cannot approve');
    const ok = await api.call(sidecar.url, 'approvePromotion', {
      params: { id },
      body: { reason: 'reviewed' },
      headers: key(),
      login: 'bob',
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const job = await killedAt(1, id);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    assert.equal(job.approval.approvedBy, 'bob');
    await activatedOnce(name, 'prod', '1.0.0', id);
  });
});
