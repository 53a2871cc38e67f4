/**
 * 100 concurrent identical POST /jobs over real HTTP: exactly one job exists afterwards; every
 * answer is the created job (201, possibly replayed) or 409 "still in progress" (IETF
 * Idempotency-Key draft); none is a second job. On both stores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GRAFANA_ID_HEADER, GRANTED_ACTION_HEADER, PROXY_SECRET_HEADER, endpoints } from '../../src/contract';
import { jobsEnv, startSim, waitForJob, type SimHandle } from '../../src/sidecar/testing/jobsTestkit';
import { BACKENDS, TEST_SECRET, startTestApp, type TestApp } from '../../src/sidecar/testing/testApp';

for (const backend of BACKENDS) {
  describe(`100 concurrent identical job POSTs (${backend})`, () => {
    let sim: SimHandle;
    let t: TestApp;
    let base: string;
    before(async () => {
      sim = await startSim();
      t = await startTestApp(backend, jobsEnv(sim.url));
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await t?.close();
      await sim?.close();
    });

    test('exactly one job is created', async () => {
      const token = await t.idp.mint();
      const body = JSON.stringify({
        type: 'deployment.restart',
        params: { environment: 'staging', deployment: 'gateway-staging-1' },
        reason: 'stampede',
      });
      const key = `stampede-${backend}-${Date.now()}`;
      const post = () =>
        fetch(`${base}/api/v1/jobs`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': key,
            [PROXY_SECRET_HEADER]: TEST_SECRET,
            [GRANTED_ACTION_HEADER]: endpoints.createJob.action,
            [GRAFANA_ID_HEADER]: token,
          },
          body,
        }).then(async (r) => ({
          status: r.status,
          replayed: r.headers.get('idempotent-replayed') === 'true',
          json: await r.json(),
        }));
      const results = await Promise.all(Array.from({ length: 100 }, post));
      const created = results.filter((r) => r.status === 201);
      const inProgress = results.filter((r) => r.status === 409);
      assert.equal(
        created.length + inProgress.length,
        100,
        JSON.stringify(results.filter((r) => r.status !== 201 && r.status !== 409).slice(0, 3))
      );
      assert.ok(inProgress.every((r) => r.json.code === 'idempotency_in_progress'));
      assert.equal(
        created.filter((r) => !r.replayed).length,
        1,
        'one request ran, the rest replayed or were told to retry'
      );
      const ids = new Set(created.map((r) => r.json.job.id));
      assert.equal(ids.size, 1);
      const rows = await t.database.db
        .selectFrom('jobs' as never)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(rows.n), 1);
      const done = await waitForJob(t, [...ids][0]);
      assert.equal(done.status, 'succeeded');
      assert.equal((await sim.effects()).byTarget['restart:platform-staging/gateway-staging-1'], 1);
      // A retry after completion replays the same response.
      const late = await post();
      assert.equal(late.status, 201);
      assert.equal(late.replayed, true);
      assert.equal(late.json.job.id, [...ids][0]);
    });
  });
}
