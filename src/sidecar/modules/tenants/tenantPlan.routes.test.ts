import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TenantPlanSchema, type TenantPlan } from '../../../contract';
import { createJob, jobsEnv, seedTenant, startSim, type SimHandle } from '../../testing/jobsTestkit';
import { BACKENDS, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

for (const backend of BACKENDS) {
  describe(`tenant change plans (${backend})`, () => {
    let t: TestApp;
    let sim: SimHandle;
    before(async () => {
      sim = await startSim({ tenants: 4, shardsPerKind: 2 });
      t = await startTestApp(backend, jobsEnv(sim.url, { SWITCHYARD_JOB_WORKERS: 'false' }));
      for (const id of sim.sim.model.tenants.slice(0, 3).map((x) => x.id)) await seedTenant(t, sim, id);
      assert.equal((await t.call('syncPlacement')).statusCode, 200);
    });
    after(async () => {
      await t?.close();
      await sim?.close();
    });

    async function plan(body: unknown): Promise<TenantPlan> {
      const res = await t.call('planTenantChange', { body });
      assert.equal(res.statusCode, 200, res.body);
      return TenantPlanSchema.parse(res.json());
    }

    test('planning changes nothing: no tenant, audit entry or idempotency key', async () => {
      const [a] = sim.sim.model.tenants;
      const before = await t.counts();
      await plan({ kind: 'status', id: a?.id, to: 'suspended' });
      await plan({ kind: 'create', tenant: tenantBody() });
      await plan({ kind: 'archive', id: a?.id });
      assert.deepEqual(await t.counts(), before);
      assert.equal((await t.call('getTenant', { params: { id: a?.id as string } })).json().status, 'active');
    });

    test('a status plan shows the change, the kill switch, the placements and the active jobs', async () => {
      const id = sim.sim.model.tenants[0]?.id as string;
      const job = await createJob(t, { type: 'tenant.drain', params: { tenantId: id } });
      assert.equal(job.statusCode, 201, job.body);
      const from = t.clock.now().getTime();
      const p = await plan({ kind: 'status', id, to: 'suspended' });
      assert.equal(p.kind, 'status');
      const plannedAt = Date.parse(p.plannedAt);
      assert.ok(plannedAt >= from && plannedAt <= t.clock.now().getTime(), 'planned at the app clock time');
      const [target] = p.targets;
      assert.ok(target);
      assert.equal(target.blocked, false);
      assert.deepEqual(
        target.changes.map((c) => [c.field, c.from, c.to]),
        [
          ['featureFlags.killSwitch', false, true],
          ['status', 'active', 'suspended'],
        ]
      );
      assert.equal(target.placements.length, 4, JSON.stringify(target.placements));
      assert.deepEqual(
        target.activeJobs.map((j) => [j.id, j.type]),
        [[job.json().job.id, 'tenant.drain']]
      );
      assert.ok(target.warnings.some((w) => w.code === 'active_job'));
    });

    test('bulk: per-tenant outcome, unknown ids refused, duplicates once; blocked only when all are', async () => {
      const [a, b] = sim.sim.model.tenants.map((x) => x.id);
      const p = await plan({ kind: 'bulkStatus', ids: [a, b, b, 'ghost-tenant'], to: 'degraded' });
      assert.deepEqual(
        p.targets.map((x) => [x.id, x.blocked]),
        [
          [a, false],
          [b, false],
          ['ghost-tenant', true],
        ]
      );
      assert.deepEqual(p.counts, { total: 3, change: 2, unchanged: 0, blocked: 1 });
      assert.equal(p.blocked, false);
      const none = await plan({ kind: 'bulkStatus', ids: [a], to: 'active' });
      assert.equal(none.blocked, true);
      assert.match(none.targets[0]?.checks.find((c) => !c.ok)?.message ?? '', /already is active/);
    });

    test('create: a taken id is blocked; the mutation refuses it the same way', async () => {
      const taken = sim.sim.model.tenants[1]?.id as string;
      const p = await plan({ kind: 'create', tenant: tenantBody({ id: taken }) });
      assert.equal(p.blocked, true);
      assert.equal(p.targets[0]?.checks[0]?.name, 'id is free');
      const res = await t.call('createTenant', { body: tenantBody({ id: taken }) });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().field, 'id');
    });

    test('edit: a stale version is blocked in the plan and is a 412 with the current tenant on save', async () => {
      const created = (await t.call('createTenant', { body: tenantBody() })).json();
      const id = created.id as string;
      assert.equal(
        (
          await t.call('updateTenant', {
            params: { id },
            body: { displayName: 'Theirs' },
            headers: { 'if-match': '"1"' },
          })
        ).statusCode,
        200
      );
      const p = await plan({ kind: 'edit', id, version: 1, patch: { displayName: 'Mine' } });
      assert.equal(p.blocked, true);
      const check = p.targets[0]?.checks.find((c) => c.name === 'version is current');
      assert.deepEqual([check?.ok, check?.measured, check?.threshold], [false, 2, 1]);
      const save = await t.call('updateTenant', {
        params: { id },
        body: { displayName: 'Mine' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(save.statusCode, 412);
      assert.equal(save.json().details.current.displayName, 'Theirs');
    });

    test('edit: what the plan blocks, the mutation refuses with the check and the field', async () => {
      const created = (await t.call('createTenant', { body: tenantBody() })).json();
      const id = created.id as string;
      for (const to of ['active', 'suspended']) {
        assert.equal(
          (await t.call('changeTenantStatus', { params: { id }, body: { to, reason: 'test setup' } })).statusCode,
          200
        );
      }
      const patch = { featureFlags: { killSwitch: false } };
      const p = await plan({ kind: 'edit', id, version: 3, patch });
      assert.equal(p.blocked, true);
      const before = await t.counts();
      const res = await t.call('updateTenant', { params: { id }, body: patch, headers: { 'if-match': '"3"' } });
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json().field, 'featureFlags.killSwitch');
      assert.match(res.json().message, /resume it/);
      assert.equal((await t.counts()).tenants, before.tenants);
      assert.equal((await t.call('getTenant', { params: { id } })).json().version, 3);
    });

    test('an invalid request is a 400 naming the field', async () => {
      const res = await t.call('planTenantChange', {
        body: { kind: 'create', tenant: { ...tenantBody(), organizationId: 'nope' } },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().field, 'tenant.organizationId');
      const kind = await t.call('planTenantChange', { body: { kind: 'delete', id: 'x' } });
      assert.equal(kind.statusCode, 400);
    });
  });
}
