import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InventoryPreviewSchema, ShardPageSchema, TenantPageSchema, type JobDetail } from '../../../contract';
import { loadConfig } from '../../kernel/config/config';
import type { InventoryService } from './inventory.service';
import { inventoryServiceFor } from '../../testing/inventoryFixture';
import { createJob, jobsEnv, startSim, waitForJob, type SimHandle } from '../../testing/jobsTestkit';
import { BACKENDS, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

async function preview(t: TestApp) {
  const r = await t.call('previewInventory');
  assert.equal(r.statusCode, 200, r.body);
  return InventoryPreviewSchema.parse(r.json());
}

async function sync(t: TestApp): Promise<JobDetail> {
  const r = await createJob(t, { type: 'inventory.sync', params: {}, reason: 'import the platform inventory' });
  assert.equal(r.statusCode, 201, r.body);
  const job = await waitForJob(t, r.json().job.id);
  assert.equal(job.status, 'succeeded', JSON.stringify(job.steps.map((s) => [s.name, s.status, s.error])));
  return job;
}

const observed = (job: JobDetail, step: string) => job.steps.find((s) => s.name === step)?.observed as any; // eslint-disable-line @typescript-eslint/no-explicit-any

for (const backend of BACKENDS) {
  describe(`inventory sync (${backend})`, () => {
    let t: TestApp;
    let sim: SimHandle;
    before(async () => {
      sim = await startSim({ tenants: 9, shardsPerKind: 1 });
      t = await startTestApp(backend, jobsEnv(sim.url));
    });
    after(async () => {
      await t?.close();
      await sim?.close();
    });

    test('preview on an empty control plane: every tenant, shard and placement to create; read-only users may see it', async () => {
      const before1 = await t.counts();
      const p = await preview(t);
      assert.equal(p.changes, true);
      assert.deepEqual(p.platform, { tenants: 9, shards: 12, placements: 36 });
      assert.equal(p.tenants.create.length, 9);
      assert.equal(p.shards.create.length, 12);
      assert.equal(p.placements.create.length, 36);
      assert.deepEqual(p.conflicts, []);
      assert.deepEqual(await t.counts(), before1, 'a preview writes nothing');
      const plan = await createJob(t, { type: 'inventory.sync', params: {} }, { dryRun: true });
      assert.equal(plan.statusCode, 201);
      assert.equal(plan.json().plan.blocked, false);
      assert.ok(
        plan.json().plan.diff.some((d: { resource: string }) => d.resource === 'tenant acme-001'),
        'the plan shows the tenants it creates'
      );
    });

    test('apply imports everything as a durable, audited job; the fleet shows it; a second sync has nothing to do', async () => {
      const before1 = await t.counts();
      const job = await sync(t);
      assert.deepEqual(observed(job, 'import-shards'), { created: 12, updated: 0 });
      assert.deepEqual(observed(job, 'import-tenants'), { created: 9, updated: 0, unchanged: 0 });
      assert.equal(observed(job, 'import-placements').created, 36);
      const after1 = await t.counts();
      assert.equal(after1.tenants, before1.tenants + 9);
      // job.create + 9 tenant.import + inventory.shards + inventory.placements (+ the engine's own entries)
      assert.ok(after1.audit >= before1.audit + 12, `${after1.audit - before1.audit} audit entries`);
      const tenants = TenantPageSchema.parse((await t.call('listTenants', { query: { limit: 50 } })).json());
      assert.equal(tenants.items.length, 9);
      assert.ok(tenants.items.every((x) => x.status === 'active'));
      const mine = sim.sim.model.tenants[0];
      const acme = tenants.items.find((x) => x.id === mine.id)!;
      assert.deepEqual(
        [acme.environment, acme.organizationId, acme.applicationId],
        [mine.env, mine.organizationId, mine.applicationId]
      );
      const shards = ShardPageSchema.parse((await t.call('listShards', { query: { kind: 'gateway' } })).json());
      assert.deepEqual(
        shards.items.map((s) => [s.id, s.labels.env, s.tenants]),
        [
          ['gateway-dev-0', 'dev', 3],
          ['gateway-prod-0', 'prod', 3],
          ['gateway-staging-0', 'staging', 3],
        ]
      );
      assert.equal((await preview(t)).changes, false);
      const again = await sync(t);
      assert.deepEqual(observed(again, 'import-tenants'), { created: 0, updated: 0, unchanged: 0 });
      assert.deepEqual(observed(again, 'import-shards'), { created: 0, updated: 0 });
    });

    test('imported shards carry their environment: the fleet filters by it, and a cross-environment migration is blocked with the reason', async () => {
      const prod = ShardPageSchema.parse(
        (await t.call('listShards', { query: { kind: 'gateway', environment: 'prod' } })).json()
      );
      assert.deepEqual(
        prod.items.map((s) => s.id),
        ['gateway-prod-0']
      );
      const tenant = sim.sim.model.tenants.find((x) => x.env === 'prod')!;
      const placement = (await t.call('getTenantPlacement', { params: { id: tenant.id } })).json();
      assert.equal(placement.environment, 'prod');
      const plan = await createJob(
        t,
        { type: 'tenant.migrate', params: { tenantId: tenant.id, kind: 'gateway', targetShardId: 'gateway-dev-0' } },
        { dryRun: true }
      );
      assert.equal(plan.statusCode, 201, plan.body);
      assert.equal(plan.json().plan.blocked, true);
      const same = plan.json().plan.preflight.find((c: { name: string }) => c.name === 'same-environment');
      assert.equal(same.ok, false);
      assert.match(same.message, new RegExp(`gateway-dev-0 is in dev but ${tenant.id} runs in prod`));
      const refused = await createJob(t, {
        type: 'tenant.migrate',
        params: { tenantId: tenant.id, kind: 'gateway', targetShardId: 'gateway-dev-0' },
      });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.json().message, /same-environment/);
    });

    test('drift: moved placements, new capacity and renamed tenants follow the platform; what only we hold is listed, not deleted', async () => {
      const extra = await t.call('createTenant', {
        body: tenantBody({ id: 'only-here', environment: 'dev' }),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(extra.statusCode, 201, extra.body);
      const model = sim.sim.model;
      const moved = model.tenants.find((x) => x.env === 'prod')!;
      // Give prod a second gateway shard so the tenant can move within its environment.
      model.shards.push({ ...model.shard('gateway-prod-0')!, id: 'gateway-prod-1' });
      model.assign(moved.id, 'gateway', 'gateway-prod-1');
      model.shard('runner-dev-0')!.capacityRps = 999;
      model.tenants[1].displayName = 'Renamed on the platform';
      const p = await preview(t);
      assert.deepEqual(
        p.shards.create.map((s) => s.id),
        ['gateway-prod-1']
      );
      assert.deepEqual(p.shards.update, [
        { id: 'runner-dev-0', environment: 'dev', changes: [{ field: 'capacity', from: 250, to: 999 }] },
      ]);
      assert.deepEqual(p.placements.update, [
        { tenantId: moved.id, kind: 'gateway', from: 'gateway-prod-0', to: 'gateway-prod-1' },
      ]);
      assert.deepEqual(p.tenants.update[0].changes, [
        { field: 'displayName', from: p.tenants.update[0].changes[0].from, to: 'Renamed on the platform' },
      ]);
      assert.deepEqual(p.tenants.missing, ['only-here']);
      const job = await sync(t);
      assert.equal(observed(job, 'import-placements').moved, 1);
      assert.deepEqual(observed(job, 'verify').missingTenants, ['only-here']);
      const placement = (await t.call('getTenantPlacement', { params: { id: moved.id } })).json();
      const gw = placement.kinds.find((k: { kind: string }) => k.kind === 'gateway');
      assert.equal(gw.assignment.shardId, 'gateway-prod-1');
      assert.equal(gw.history[0].reason, 'import the platform inventory');
      assert.equal((await t.call('getTenant', { params: { id: 'only-here' } })).statusCode, 200);
      assert.equal((await preview(t)).changes, false);
    });
  });
}

describe('scheduled inventory reconcile', () => {
  let t: TestApp;
  let sim: SimHandle;
  before(async () => {
    sim = await startSim({ tenants: 4, shardsPerKind: 1, environments: 'dev' as unknown as ['dev'] });
    t = await startTestApp('sqlite', jobsEnv(sim.url, { SWITCHYARD_INVENTORY_RECONCILE_MS: '5000' }));
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  test('imports the inventory at start-up through the same audited inventory.sync job', async () => {
    let jobs: JobDetail[] = [];
    for (let i = 0; i < 200 && jobs.length === 0; i++) {
      jobs = (await t.call('listJobs', { query: { type: 'inventory.sync' } })).json().items;
      if (jobs.length === 0) await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(jobs.length, 1);
    const job = await waitForJob(t, jobs[0].id);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.requestedBy.login, 'switchyard');
    assert.deepEqual(job.source, { kind: 'api', ref: 'inventory-reconcile' });
    assert.equal(TenantPageSchema.parse((await t.call('listTenants')).json()).items.length, 4);
    assert.equal((await preview(t)).changes, false);
  });

  test('the interval is off by default; a bad one stops the start with a message naming the variable', () => {
    const base = {
      SWITCHYARD_PROXY_SECRET: 'x'.repeat(40),
      GRAFANA_URL: 'http://127.0.0.1:3000',
      SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1:3000',
    };
    assert.equal(loadConfig(base).placement.inventoryReconcileMs, 0);
    assert.throws(
      () => loadConfig({ ...base, SWITCHYARD_INVENTORY_RECONCILE_MS: '10' }),
      /SWITCHYARD_INVENTORY_RECONCILE_MS/
    );
  });
});

describe('inventory sync steps replayed after a crash (each step run twice)', () => {
  let t: TestApp;
  let sim: SimHandle;
  let inventory: InventoryService;
  before(async () => {
    sim = await startSim({ tenants: 6, shardsPerKind: 1, environments: 'dev' as unknown as ['dev'] });
    t = await startTestApp('sqlite', jobsEnv(sim.url, { SWITCHYARD_JOB_WORKERS: 'false' }));
    ({ inventory } = inventoryServiceFor(t, sim.url));
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  test('the second run of every step writes and audits nothing', async () => {
    const ctx = { actor: { login: 'alice', orgId: 1 }, requestId: 'replay', jobId: null };
    const audit = async () => (await t.counts()).audit;
    const a0 = await audit();
    assert.deepEqual(await inventory.applyShards(ctx), { created: 4, updated: 0 });
    assert.deepEqual(await inventory.applyShards(ctx), { created: 0, updated: 0 });
    const a1 = await audit();
    assert.equal(a1, a0 + 1, 'one inventory.shards entry');
    assert.deepEqual(await inventory.applyTenants(ctx, 'replay'), { created: 6, updated: 0, unchanged: 0 });
    assert.deepEqual(await inventory.applyTenants(ctx, 'replay'), { created: 0, updated: 0, unchanged: 0 });
    const a2 = await audit();
    assert.equal(a2, a1 + 6, 'one tenant.import entry per tenant');
    assert.equal((await inventory.applyPlacements(ctx, 'replay')).created, 24);
    assert.deepEqual(await inventory.applyPlacements(ctx, 'replay'), { created: 0, moved: 0, deferred: [] });
    assert.equal(await audit(), a2 + 1, 'one inventory.placements entry');
    assert.equal((await inventory.preview()).changes, false);
  });
});
