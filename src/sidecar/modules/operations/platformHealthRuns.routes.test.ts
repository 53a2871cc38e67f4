/**
 * GET /api/v1/health/platform on both stores against the simulator's Kubernetes API: every cron run
 * carries its duration and the exit code of its pod, and fresh data is not marked stale.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PlatformHealthOverviewSchema } from '../../../contract';
import { startTestSimulator, waitFor } from '../../../simulator/testing/startSimulator';
import type { Simulator } from '../../../simulator/app';
import { BACKENDS, startTestApp, type TestApp } from '../../testing/testApp';

const K8S_TOKEN = 'sim-k8s-token-for-health-runs';

for (const backend of BACKENDS) {
  describe(`platform health cron runs (${backend})`, () => {
    let sim: Simulator;
    let t: TestApp;
    before(async () => {
      const started = await startTestSimulator({ k8sToken: K8S_TOKEN });
      sim = started.sim;
      t = await startTestApp(backend, {
        SWITCHYARD_K8S_URL: started.url,
        SWITCHYARD_K8S_TOKEN: K8S_TOKEN,
        SWITCHYARD_OUTBOUND_HOSTS: new URL(started.url).host,
        SWITCHYARD_HEALTH_REFRESH_MS: '1000',
        SWITCHYARD_HEALTH_TIMEOUT_MS: '1500',
        // These rules are one namespace's; every environment is covered in platformHealth.routes.test.ts.
        SWITCHYARD_HEALTH_ENVIRONMENTS: 'staging',
      });
    });
    after(async () => {
      await t?.close();
      await sim?.stop();
    });

    test('each of the last 5 runs has start, finish, duration and the exit code of its pod', async () => {
      const h = await waitFor(
        async () => {
          const res = await t.call('getPlatformHealth', { query: { environment: 'staging' } });
          assert.equal(res.statusCode, 200, res.body);
          const [s] = PlatformHealthOverviewSchema.parse(res.json()).environments;
          assert.equal(s.namespace, 'platform-staging');
          return s.lastSuccessAt ? s : undefined;
        },
        10_000,
        'a health snapshot'
      );
      assert.equal(h.refreshIntervalSeconds, 1);
      assert.equal(h.stale, false);
      assert.equal(h.auth?.state, 'healthy');
      assert.equal(h.auth?.lastSuccessAt, h.lastSuccessAt);
      assert.equal(h.cronJobs.length, 3);
      for (const c of h.cronJobs) {
        assert.equal(c.runs.length, 5, c.name);
        for (const r of c.runs) {
          assert.equal(r.outcome, 'succeeded', `${c.name}/${r.name}`);
          assert.equal(r.exitCode, 0, `${c.name}/${r.name}: exit code from the pod's terminated container`);
          assert.equal(r.reason, null);
          const span = (Date.parse(r.finishedAt ?? '') - Date.parse(r.startedAt ?? '')) / 1000;
          assert.equal(r.durationSeconds, Math.round(span), `${c.name}/${r.name}`);
          assert.ok((r.durationSeconds ?? -1) >= 0, `${c.name}/${r.name}`);
        }
      }
      // Finished job pods are healthy pods, not crash loops.
      assert.ok(h.pods.filter((p) => p.phase === 'Succeeded').every((p) => p.state === 'healthy'));
    });
  });
}
