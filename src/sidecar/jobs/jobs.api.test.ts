/**
 * Job endpoints on the real composition root, both stores, against an in-process simulator:
 * Idempotency-Key semantics, dry run, invalid parameters, preflight refusals, one active job per
 * target, listing order and pagination, and the observed effect of each step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateJobResponseSchema, JobPageSchema, type JobDetail } from '../../contract';
import { BACKENDS, idempotencyKey, startTestApp, type TestApp } from '../testing/testApp';
import { createJob, jobsEnv, seedTenant, startSim, waitForJob, type SimHandle } from '../testing/jobsTestkit';

const jobCount = async (t: TestApp) =>
  Number(
    (
      await t.database.db
        .selectFrom('jobs' as never)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n
  );

for (const backend of BACKENDS) {
  describe(`jobs API (${backend})`, () => {
    let sim: SimHandle;
    let t: TestApp;
    before(async () => {
      sim = await startSim();
      t = await startTestApp(backend, jobsEnv(sim.url));
      for (const id of ['acme-001', 'globex-002', 'hooli-005', 'stark-006']) await seedTenant(t, sim, id);
    });
    after(async () => {
      await t?.close();
      await sim?.close();
    });

    test('POST without Idempotency-Key is 400 and creates nothing', async () => {
      const before = await jobCount(t);
      const r = await t.call('createJob', {
        body: { type: 'tenant.suspend', params: { tenantId: 'acme-001' }, reason: 'no key' },
        headers: { 'idempotency-key': undefined },
      });
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().code, 'idempotency_key_missing');
      assert.equal(await jobCount(t), before);
    });

    test('same key + same body returns the same job; a different body is 422', async () => {
      const key = idempotencyKey();
      const body = {
        type: 'deployment.scale',
        params: { environment: 'dev', deployment: 'runner-dev-0', replicas: 3 },
      };
      const first = await createJob(t, body, { key });
      assert.equal(first.statusCode, 201, first.body);
      const again = await createJob(t, body, { key });
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.json().job.id, first.json().job.id);
      const other = await createJob(t, { ...body, params: { ...body.params, replicas: 4 } }, { key });
      assert.equal(other.statusCode, 422);
      const dry = await createJob(t, body, { key, dryRun: true });
      assert.equal(dry.statusCode, 422, 'a dry run is a different request than the real one');
      const done = await waitForJob(t, first.json().job.id);
      assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    });

    test('dry run returns the plan with measured preflight and diff, and changes nothing', async () => {
      const counts = await t.counts();
      const jobs = await jobCount(t);
      const effects = (await sim.effects()).counts;
      const r = await createJob(t, { type: 'tenant.drain', params: { tenantId: 'globex-002' } }, { dryRun: true });
      assert.equal(r.statusCode, 201, r.body);
      const res = CreateJobResponseSchema.parse(r.json());
      assert.equal(res.dryRun, true);
      assert.equal(res.job, null);
      assert.deepEqual(
        res.plan.steps.map((s) => s.name),
        ['resolve-shards', 'mark-draining', 'drain-shards', 'wait-in-flight']
      );
      const shards = res.plan.preflight.find((c) => c.name === 'shards');
      assert.ok(shards?.ok && Array.isArray(shards.measured) && shards.measured.length === 4, JSON.stringify(shards));
      assert.ok(res.plan.diff.some((d) => d.field === 'status' && d.from === 'active' && d.to === 'draining'));
      assert.match(res.plan.planHash, /^[0-9a-f]{64}$/);
      assert.equal(await jobCount(t), jobs);
      const after = await t.counts();
      assert.equal(after.tenants, counts.tenants);
      assert.equal(after.audit, counts.audit);
      assert.deepEqual((await sim.effects()).counts, effects);
      assert.equal(sim.sim.model.draining.size, 0);
    });

    const invalid: Array<[string, Record<string, unknown>]> = [
      ['tenant.drain', { tenantId: 'Not A Slug' }],
      ['tenant.drain', { tenantId: 'acme-001', drainTimeoutSeconds: 1 }],
      ['tenant.undrain', {}],
      ['tenant.suspend', { tenantId: '' }],
      ['tenant.resume', { tenant: 'acme-001' }],
      ['deployment.restart', { environment: 'qa', deployment: 'gateway-dev-0' }],
      ['deployment.scale', { environment: 'dev', deployment: 'gateway-dev-0', replicas: -1 }],
      ['deployment.scale', { environment: 'dev', deployment: 'gateway-dev-0', replicas: 2.5 }],
      ['secret.rotate', { environment: 'dev', secret: '../etc', key: 'dsn' }],
      ['secret.rotate', { environment: 'dev', secret: 'tenant-acme-001-db', format: 'plaintext' }],
      ['credentials.refresh', { environment: 'dev', secret: 'tenant-acme-001-db' }],
      ['credentials.refresh', { environment: 'dev', secret: 'tenant-acme-001-db', deployment: 'UPPER' }],
      ['tenant.explode', { tenantId: 'acme-001' }],
    ];
    test('invalid parameters for every job type are 400 and change nothing', async () => {
      const counts = await t.counts();
      const jobs = await jobCount(t);
      const effects = (await sim.effects()).counts;
      for (const [type, params] of invalid) {
        const r = await createJob(t, { type, params });
        assert.equal(r.statusCode, 400, `${type} ${JSON.stringify(params)} → ${r.statusCode} ${r.body}`);
        assert.equal(r.json().code, 'validation_failed');
      }
      const noReason = await t.call('createJob', {
        body: { type: 'tenant.suspend', params: { tenantId: 'acme-001' } },
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(noReason.statusCode, 400);
      assert.equal(await jobCount(t), jobs);
      assert.deepEqual(await t.counts(), counts);
      assert.deepEqual((await sim.effects()).counts, effects);
    });

    test('a blocked preflight is 409 naming the check and its measured value; nothing runs', async () => {
      const jobs = await jobCount(t);
      const r = await createJob(t, {
        type: 'deployment.restart',
        params: { environment: 'dev', deployment: 'no-such-deployment' },
      });
      assert.equal(r.statusCode, 409);
      assert.match(r.json().message, /deployment: Deployment no-such-deployment not found/);
      const resume = await createJob(t, { type: 'tenant.resume', params: { tenantId: 'acme-001' } });
      assert.equal(resume.statusCode, 409);
      assert.deepEqual(resume.json().details.preflight[0], {
        name: 'tenant-status',
        ok: false,
        message: 'Tenant is active; resuming needs suspended',
        measured: 'active',
        threshold: 'suspended',
      });
      // Every plan also checks that no other job is active on its target.
      assert.deepEqual(resume.json().details.preflight.at(-1), {
        name: 'no-active-job',
        ok: true,
        message: 'No other job is active on tenant acme-001',
        measured: null,
        threshold: null,
      });
      assert.equal(await jobCount(t), jobs);
    });

    test('drain runs every step with its observed effect, the tenant follows, and a second job on the tenant is refused while active', async () => {
      const r = await createJob(t, {
        type: 'tenant.drain',
        params: { tenantId: 'hooli-005', drainTimeoutSeconds: 20 },
        source: { kind: 'alert', ref: 'fp-123' },
      });
      assert.equal(r.statusCode, 201, r.body);
      const created: JobDetail = r.json().job;
      assert.deepEqual(created.source, { kind: 'alert', ref: 'fp-123' });
      // Its plan says so before anyone runs it: the check names the job to wait for.
      const planned = await createJob(
        t,
        { type: 'tenant.suspend', params: { tenantId: 'hooli-005' } },
        { dryRun: true }
      );
      assert.equal(planned.statusCode, 201, planned.body);
      assert.equal(planned.json().plan.blocked, true);
      assert.deepEqual(
        planned.json().plan.preflight.find((c: { name: string }) => c.name === 'no-active-job'),
        {
          name: 'no-active-job',
          ok: false,
          message: `Job ${created.id} is already active on tenant hooli-005: wait for it to finish or cancel it`,
          measured: created.id,
          threshold: null,
        }
      );
      const dup = await createJob(t, { type: 'tenant.suspend', params: { tenantId: 'hooli-005' } });
      assert.ok(dup.statusCode === 409, `second active job on the tenant → ${dup.statusCode} ${dup.body}`);
      assert.equal(dup.json().details.activeJobId, created.id);
      const done = await waitForJob(t, created.id);
      assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
      const drain = done.steps.find((s) => s.name === 'drain-shards');
      assert.equal((drain?.observed?.shards as unknown[]).length, 4);
      assert.deepEqual(
        done.steps.map((s) => s.status),
        ['succeeded', 'succeeded', 'succeeded', 'succeeded']
      );
      assert.ok(done.auditIds.length >= 6, 'create, start, 4 steps, finish are audited');
      const tenant = (await t.call('getTenant', { params: { id: 'hooli-005' } })).json();
      assert.equal(tenant.status, 'draining');
      for (const shard of Object.values(sim.sim.model.placementOf('hooli-005')))
        assert.ok(sim.sim.model.isDraining('hooli-005', shard));
      const verify = (await t.call('verifyAudit')).json();
      assert.equal(verify.ok, true);
    });

    test('list: active first, filters, keyset pagination without duplicates', async () => {
      const waiting = await createJob(t, { type: 'tenant.suspend', params: { tenantId: 'stark-006' } });
      assert.equal(waiting.statusCode, 201);
      await waitForJob(t, waiting.json().job.id);
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = JobPageSchema.parse(
          (await t.call('listJobs', { query: { limit: 2, ...(cursor ? { cursor } : {}) } })).json()
        );
        for (const j of page.items) {
          assert.ok(!seen.has(j.id), 'no duplicates across pages');
          seen.add(j.id);
        }
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      assert.equal(seen.size, await jobCount(t));
      const byTenant = JobPageSchema.parse(
        (
          await t.call('listJobs', { query: { tenant: 'stark-006', type: 'tenant.suspend', status: 'succeeded' } })
        ).json()
      );
      assert.deepEqual(
        byTenant.items.map((j) => j.id),
        [waiting.json().job.id]
      );
      const bad = await t.call('listJobs', { query: { status: 'exploded' } });
      assert.equal(bad.statusCode, 400);
    });
  });
}
