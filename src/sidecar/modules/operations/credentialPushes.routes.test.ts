/**
 * POST /api/v1/credential-pushes/:id and POST /api/v1/jobs/:id/retry on the real composition root,
 * SQLite and PostgreSQL, against the in-process simulator: credentials.refresh waits for the push,
 * refuses wrong pushes with the field and the reason (audited, value never stored or echoed), resumes
 * on the valid one, times out with remediation; a failed job is retried as a new, re-planned job.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CredentialPushResultSchema, type CreateJobResponse } from '../../../contract';
import {
  createJob,
  getJob,
  jobsEnv,
  pushCredentialsWhenWaiting,
  simSecretValue,
  startSim,
  waitForJob,
  type SimHandle,
} from '../../testing/jobsTestkit';
import { BACKENDS, idempotencyKey, startTestApp, type TestApp } from '../../testing/testApp';

const params = (over: Record<string, unknown> = {}) => ({
  environment: 'dev',
  secret: 'tenant-acme-001-db',
  deployment: 'runner-dev-1',
  key: 'dsn',
  format: 'url-password',
  ...over,
});

for (const backend of BACKENDS) {
  describe(`credentials push and job retry (${backend})`, () => {
    let sim: SimHandle;
    let t: TestApp;
    let fast: TestApp;
    before(async () => {
      sim = await startSim();
      t = await startTestApp(backend, jobsEnv(sim.url));
      // A second sidecar (its own store) whose refresh gives up waiting after one second.
      fast = await startTestApp(backend, jobsEnv(sim.url, { SWITCHYARD_CREDENTIALS_PUSH_TIMEOUT_MS: '1000' }));
    });
    after(async () => {
      await t?.close();
      await fast?.close();
      await sim?.close();
    });

    const push = (app: TestApp, id: string, body: Record<string, unknown>, key = idempotencyKey()) =>
      app.call('pushCredentials', { params: { id }, body, headers: { 'idempotency-key': key } });

    test('wrong pushes are refused with the field and reason; the valid one resumes the job', async () => {
      const r = await createJob(t, { type: 'credentials.refresh', params: params() });
      assert.equal(r.statusCode, 201, r.body);
      const id = (r.json() as CreateJobResponse).job!.id;
      assert.deepEqual(
        (r.json() as CreateJobResponse).plan.steps.map((s) => s.name),
        ['delete-secret', 'create-secret', 'await-push', 'restart-deployment', 'verify-auth']
      );
      const waiting = await waitForJob(t, id, (j) => j.steps[2].status === 'running');
      assert.equal(waiting.status, 'running');
      const value = simSecretValue(sim, 'platform-dev', 'tenant-acme-001-db', 'dsn') as string;
      const now = t.clock.now();
      const good = { environment: 'dev', secret: 'tenant-acme-001-db', key: 'dsn', value, issuedAt: now.toISOString() };
      const other = new URL(value);
      other.password = 'Zz'.repeat(16);

      const refusals: Array<[Record<string, unknown>, number, string, RegExp]> = [
        [{ ...good, secret: 'tenant-globex-002-db' }, 400, 'secret', /must be "tenant-acme-001-db"/],
        [{ ...good, environment: 'prod' }, 400, 'environment', /must be "dev"/],
        [{ ...good, key: 'password' }, 400, 'key', /must be "dsn"/],
        [{ ...good, value: 'not a url at all' }, 400, 'value', /URL with a password/],
        [{ ...good, value: 'postgres://someone:pw@elsewhere:5432/db' }, 400, 'value', /only the password changes/],
        [{ ...good, value: other.toString() }, 400, 'value', /not the ones job .* wrote/],
        [{ ...good, issuedAt: new Date(now.getTime() - 3_600_000).toISOString() }, 400, 'issuedAt', /stale/],
        [{ ...good, issuedAt: new Date(now.getTime() + 3_600_000).toISOString() }, 400, 'issuedAt', /future/],
        [{ ...good, issuedAt: 'yesterday' }, 400, 'issuedAt', /./],
      ];
      for (const [body, status, field, message] of refusals) {
        const res = await push(t, id, body);
        assert.equal(res.statusCode, status, `${field}: ${res.body}`);
        assert.equal(res.json().field, field, res.body);
        assert.match(res.json().message, message);
        assert.ok(!res.body.includes(value) && !res.body.includes(other.password), 'no value is echoed');
      }
      const noKey = await t.call('pushCredentials', {
        params: { id },
        body: good,
        headers: { 'idempotency-key': undefined },
      });
      assert.equal(noKey.statusCode, 400);
      assert.equal(noKey.json().code, 'idempotency_key_missing');
      assert.equal((await getJob(t, id)).steps[2].status, 'running', 'refused pushes do not resume the job');

      const key = idempotencyKey();
      const ok = await push(t, id, good, key);
      assert.equal(ok.statusCode, 200, ok.body);
      const result = CredentialPushResultSchema.parse(ok.json());
      assert.equal(result.jobId, id);
      const replay = await push(t, id, good, key);
      assert.equal(replay.statusCode, 200);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.deepEqual(replay.json(), ok.json());
      const again = await push(t, id, good);
      assert.equal(again.statusCode, 409, again.body);
      assert.match(again.json().message, /already received/);

      const done = await waitForJob(t, id);
      assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
      assert.equal(done.steps[2].observed?.fingerprint, result.fingerprint);
      assert.equal((await sim.effects()).byTarget['restart:platform-dev/runner-dev-1'], 1);

      const audit = await t.call('listAudit', { query: { jobId: id, action: 'credentials.push', limit: 50 } });
      assert.equal(audit.statusCode, 200, audit.body);
      const entries = audit.json().items as Array<{ outcome: string; details: Record<string, unknown> }>;
      assert.equal(entries.filter((e) => e.outcome === 'success').length, 1);
      assert.ok(entries.filter((e) => e.outcome === 'failure').length >= refusals.length - 1);
      assert.ok(entries.every((e) => typeof e.details.fingerprint === 'string'));
      const all = (await t.call('exportAudit')).body + JSON.stringify(done);
      assert.ok(!all.includes(new URL(value).password), 'the value is in no audit entry and no job field');
    });

    test('a push is refused when the job does not wait for one', async () => {
      const unknown = await push(t, '00000000-0000-4000-8000-00000000abcd', {
        environment: 'dev',
        secret: 'tenant-acme-001-db',
        key: 'dsn',
        value: 'x',
        issuedAt: t.clock.now().toISOString(),
      });
      assert.equal(unknown.statusCode, 404, unknown.body);
      const restart = await createJob(t, {
        type: 'deployment.restart',
        params: { environment: 'dev', deployment: 'gateway-dev-1' },
      });
      const rid = restart.json().job.id as string;
      const res = await push(t, rid, {
        environment: 'dev',
        secret: 'tenant-acme-001-db',
        key: 'dsn',
        value: 'x',
        issuedAt: t.clock.now().toISOString(),
      });
      assert.equal(res.statusCode, 409, res.body);
      assert.match(res.json().message, /only a credentials.refresh waits/);
      await waitForJob(t, rid);
    });

    test('without a push the job fails at await-push with remediation; retry re-plans it as a new job', async () => {
      const p = params({ secret: 'tenant-umbrella-004-db', deployment: 'projection-dev-0' });
      const r = await createJob(fast, { type: 'credentials.refresh', params: p });
      assert.equal(r.statusCode, 201, r.body);
      const id = r.json().job.id as string;
      const early = await fast.call('retryJob', {
        params: { id },
        body: { reason: 'too early' },
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(early.statusCode, 409, 'an active job cannot be retried');
      const failed = await waitForJob(fast, id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error?.step, 'await-push');
      assert.equal(failed.error?.code, 'credentials_not_pushed');
      assert.match(failed.error?.remediation ?? '', /Switchyard Credentials Agent/);
      const late = await push(fast, id, {
        environment: 'dev',
        secret: 'tenant-umbrella-004-db',
        key: 'dsn',
        value: simSecretValue(sim, 'platform-dev', 'tenant-umbrella-004-db', 'dsn'),
        issuedAt: fast.clock.now().toISOString(),
      });
      assert.equal(late.statusCode, 409, late.body);
      assert.match(late.json().message, /not waiting for credentials/);

      const key = idempotencyKey();
      const retry = await fast.call('retryJob', {
        params: { id },
        body: { reason: 'agent was down' },
        headers: { 'idempotency-key': key },
      });
      assert.equal(retry.statusCode, 201, retry.body);
      const created = retry.json() as CreateJobResponse;
      assert.notEqual(created.job?.id, id);
      assert.deepEqual(created.job?.source, { kind: 'retry', ref: id });
      assert.deepEqual(created.job?.params, failed.params);
      assert.equal(created.job?.reason, 'agent was down');
      assert.ok(created.plan.preflight.length > 0, 'planned again: a fresh preflight');
      const replay = await fast.call('retryJob', {
        params: { id },
        body: { reason: 'agent was down' },
        headers: { 'idempotency-key': key },
      });
      assert.equal(replay.json().job.id, created.job?.id, 'same Idempotency-Key, same new job');
      const pushed = await pushCredentialsWhenWaiting(fast, sim, created.job!.id);
      assert.equal(pushed.statusCode, 200, pushed.body);
      const done = await waitForJob(fast, created.job!.id);
      assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
      const succeeded = await fast.call('retryJob', {
        params: { id: done.id },
        body: { reason: 'again' },
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(succeeded.statusCode, 409);
      assert.match(succeeded.json().message, /only a failed or cancelled job/);
    });
  });
}
