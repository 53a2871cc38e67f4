/**
 * The inventory sync's placement import beside a running migration: the migration writes the store
 * first and tells the platform afterwards, so a sync that reads the platform in between must not
 * take the platform's older view for a move and put the store back on the source.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TenantRegistryClient, type RegistryRead } from '../../platform/tenantRegistry';
import { jobRow } from '../../testing/entitlementsFixture';
import { jobsEnv, startSim, type SimHandle } from '../../testing/jobsTestkit';
import { startTestApp, type TestApp } from '../../testing/testApp';
import type { InventoryService } from './inventory.service';
import type { SqlPlacementStore } from './sqlPlacementStore';
import { inventoryServiceFor, simClientOptions } from '../../testing/inventoryFixture';

/** The platform's tenant registry, with a hook that runs once right after its next answer was read. */
class RegistryWithHook extends TenantRegistryClient {
  afterNextList?: () => Promise<void>;
  override async list(signal?: AbortSignal): Promise<RegistryRead> {
    const read = await super.list(signal);
    const hook = this.afterNextList;
    this.afterNextList = undefined;
    await hook?.();
    return read;
  }
}

describe('inventory sync while a migration moves a placement', () => {
  let t: TestApp;
  let sim: SimHandle;
  let store: SqlPlacementStore;
  let registry: RegistryWithHook;
  let inventory: InventoryService;
  const ctx = { actor: { login: 'reconcile', orgId: 1 }, requestId: 'sync', jobId: null };

  before(async () => {
    sim = await startSim({ tenants: 4, shardsPerKind: 2, environments: 'dev' as unknown as ['dev'] });
    t = await startTestApp('sqlite', jobsEnv(sim.url, { SWITCHYARD_JOB_WORKERS: 'false' }));
    registry = new RegistryWithHook(simClientOptions(sim.url));
    ({ inventory, store } = inventoryServiceFor(t, sim.url, registry));
    await inventory.applyShards(ctx);
    await inventory.applyTenants(ctx, 'import');
    await inventory.applyPlacements(ctx, 'import');
    assert.equal((await inventory.preview()).changes, false);
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  test('a migration that moves the store while the sync reads the platform keeps its move; the next sync sees the platform agree', async () => {
    const model = sim.sim.model;
    const tenant = model.tenants[0].id;
    const from = model.shardOf(tenant, 'gateway')!;
    const to = model.shardsOf('gateway', 'dev').find((s) => s.id !== from)!.id;
    const jobId = 'migrate-job-1';
    // The migration starts and writes the placement (update-placement) while the sync is reading the
    // platform; it has not reloaded the nodes yet, so the platform still serves from the source.
    registry.afterNextList = async () => {
      const at = t.clock.now().toISOString();
      await t.database.db
        .insertInto('jobs')
        .values({
          ...jobRow(jobId, tenant, at),
          type: 'tenant.migrate',
          status: 'running',
          active: 1,
          environment: 'dev',
        })
        .execute();
      const a = (await store.getAssignment(tenant, 'gateway'))!;
      await store.moveAssignment(tenant, 'gateway', a.revision, to, {
        at: t.clock.now(),
        actor: 'alice',
        reason: 'move off a hot shard',
        jobId,
      });
    };
    const r = await inventory.applyPlacements(ctx, 'scheduled reconcile');
    assert.equal(r.moved, 0, JSON.stringify(r));
    assert.equal((await store.getAssignment(tenant, 'gateway'))?.shardId, to, "the migration's move stays");

    // The migration reloads the platform and finishes: both sides agree, nothing to import.
    model.assign(tenant, 'gateway', to);
    await t.database.db.updateTable('jobs').set({ status: 'succeeded', active: 0 }).where('id', '=', jobId).execute();
    assert.deepEqual(await inventory.applyPlacements(ctx, 'scheduled reconcile'), {
      created: 0,
      moved: 0,
      deferred: [],
    });
    assert.equal((await inventory.preview()).changes, false);
  });
});
