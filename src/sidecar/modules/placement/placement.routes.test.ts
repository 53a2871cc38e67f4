import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RebalancePlanSchema, ShardPageSchema, TenantPlacementSchema } from '../../../contract';
import { startTestSimulator } from '../../../simulator/testing/startSimulator';
import type { Simulator } from '../../../simulator/app';
import { startFakeVm, type FakeVm } from '../../testing/fakeVictoriaMetrics';
import { BACKENDS, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

const HEAVY = 'acme-001';

for (const backend of BACKENDS) {
  describe(`placement API (${backend})`, () => {
    let t: TestApp;
    let sim: Simulator;
    let vm: FakeVm;
    before(async () => {
      const s = await startTestSimulator({
        tenants: 12,
        shardsPerKind: 3,
        environments: 'prod' as unknown as ['prod'],
      });
      sim = s.sim;
      // Gateway load per tenant: the heavy tenant 300 rps, everyone else 10 rps.
      vm = await startFakeVm((q) => {
        const placed = sim.model.tenants.map((x) => ({
          tenant: x.id,
          shard: sim.model.shardOf(x.id, 'gateway') as string,
          load: x.id === HEAVY ? 300 : 10,
        }));
        if (q.startsWith('topk(') && q.includes('gateway_requests_total')) {
          return placed.map((p) => ({ metric: { tenant_id: p.tenant, shard: p.shard }, value: p.load }));
        }
        if (q.startsWith('sum by (shard)') && q.includes('gateway_requests_total')) {
          const by = new Map<string, number>();
          for (const p of placed) by.set(p.shard, (by.get(p.shard) ?? 0) + p.load);
          return [...by].map(([shard, value]) => ({ metric: { shard }, value }));
        }
        return [];
      });
      const simHost = new URL(s.url).host;
      t = await startTestApp(backend, {
        SWITCHYARD_PLATFORM_URL: s.url,
        SWITCHYARD_VM_URL: vm.url,
        SWITCHYARD_VM_TIMEOUT_MS: '500',
        SWITCHYARD_OUTBOUND_HOSTS: `${simHost},${vm.host}`,
        SWITCHYARD_ISOLATION_REFRESH_MS: '0',
        SWITCHYARD_JOB_WORKERS: 'false',
      });
    });
    after(async () => {
      await t?.close();
      await vm?.close();
      await sim?.stop();
    });

    test('sync imports shards and assignments from the platform once, and is audited', async () => {
      const before1 = await t.counts();
      const r = await t.call('syncPlacement');
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { shardsCreated: 12, shardsUpdated: 0, assignmentsCreated: 48 });
      const again = await t.call('syncPlacement');
      assert.deepEqual(again.json(), { shardsCreated: 0, shardsUpdated: 0, assignmentsCreated: 0 });
      assert.equal((await t.counts()).audit, before1.audit + 2);
    });

    test('fleet lists shards of a kind with tenant counts, load and utilization, paginated', async () => {
      const r = await t.call('listShards', { query: { kind: 'gateway' } });
      assert.equal(r.statusCode, 200, r.body);
      const page = ShardPageSchema.parse(r.json());
      assert.equal(page.loadError, null);
      assert.deepEqual(
        page.items.map((s) => s.id),
        ['gateway-prod-0', 'gateway-prod-1', 'gateway-prod-2']
      );
      assert.equal(
        page.items.reduce((n, s) => n + s.tenants, 0),
        12
      );
      const heavyShard = sim.model.shardOf(HEAVY, 'gateway');
      const heavy = page.items.find((s) => s.id === heavyShard)!;
      assert.equal(heavy.load, 300 + 10 * (heavy.tenants - 1));
      assert.equal(heavy.utilization, heavy.load! / 400);

      const p1 = ShardPageSchema.parse((await t.call('listShards', { query: { kind: 'gateway', limit: 2 } })).json());
      assert.equal(p1.items.length, 2);
      assert.ok(p1.nextCursor);
      const p2 = ShardPageSchema.parse(
        (await t.call('listShards', { query: { kind: 'gateway', limit: 2, cursor: p1.nextCursor! } })).json()
      );
      assert.deepEqual(
        p2.items.map((s) => s.id),
        ['gateway-prod-2']
      );
      assert.equal(p2.nextCursor, null);
      const wrong = await t.call('listShards', { query: { kind: 'runner', limit: 2, cursor: p1.nextCursor! } });
      assert.equal(wrong.statusCode, 400, 'a cursor made for another filter is refused');
    });

    test('tenant placement shows each kind with its shard, revision and history; shard tenants page', async () => {
      const r = await t.call('getTenantPlacement', { params: { id: HEAVY } });
      assert.equal(r.statusCode, 200, r.body);
      const tp = TenantPlacementSchema.parse(r.json());
      assert.deepEqual(
        tp.kinds.map((k) => k.kind),
        ['gateway', 'aggregate', 'projection', 'runner']
      );
      for (const k of tp.kinds) {
        assert.equal(k.assignment?.shardId, sim.model.shardOf(HEAVY, k.kind));
        assert.equal(k.history.length, 1);
        assert.equal(k.history[0].reason, 'imported from the platform');
      }
      assert.equal((await t.call('getTenantPlacement', { params: { id: 'nobody-here' } })).statusCode, 404);
      const shard = sim.model.shardOf(HEAVY, 'runner') as string;
      const onShard = sim.model
        .tenantsOn(shard)
        .map((x) => x.id)
        .sort();
      const first = (await t.call('listShardTenants', { params: { id: shard }, query: { limit: 1 } })).json();
      assert.deepEqual(
        first.items.map((a: { tenantId: string }) => a.tenantId),
        onShard.slice(0, 1)
      );
      assert.equal(Boolean(first.nextCursor), onShard.length > 1);
      assert.equal((await t.call('getShard', { params: { id: 'gateway-prod-9' } })).statusCode, 404);
    });

    test('rebalance preview moves the fewest tenants to bring every gateway shard under target', async () => {
      const r = await t.call('previewRebalance', { query: { kind: 'gateway', target: '0.5' } });
      assert.equal(r.statusCode, 200, r.body);
      const plan = RebalancePlanSchema.parse(r.json());
      assert.ok(plan.moves.length >= plan.lowerBound);
      for (const s of plan.shards) {
        if (plan.feasible) assert.ok(s.after <= 0.5 * s.capacity + 1e-9, `${s.shardId} still over`);
      }
      for (const m of plan.moves) assert.equal(m.kind, 'gateway');
      assert.ok(plan.shards.every((s) => s.kind === 'gateway'));
      // The heavy tenant alone is 300 rps > 200 (0.5 × 400): it can never fit anywhere, so it stays.
      assert.ok(!plan.moves.some((m) => m.tenantId === HEAVY));
    });

    test('VictoriaMetrics down: the fleet still lists with the reason, the preview refuses (503)', async () => {
      vm.mode = 'error';
      try {
        const page = ShardPageSchema.parse((await t.call('listShards', { query: { kind: 'gateway' } })).json());
        assert.match(page.loadError ?? '', /HTTP 503/);
        assert.ok(page.items.every((s) => s.load === null && s.utilization === null));
        const r = await t.call('previewRebalance', { query: { kind: 'gateway' } });
        assert.equal(r.statusCode, 503);
        assert.match(r.json().message, /Cannot plan without current load/);
        vm.mode = 'hang';
        const started = Date.now();
        const hung = ShardPageSchema.parse((await t.call('listShards', { query: { kind: 'gateway' } })).json());
        assert.match(hung.loadError ?? '', /did not answer within 500 ms/);
        assert.ok(Date.now() - started < 3_000, 'the query is time-boxed');
      } finally {
        vm.mode = 'ok';
      }
    });

    test('migration preflight measures against thresholds, and fails closed when VictoriaMetrics is down', async () => {
      const created = await t.call('createTenant', {
        body: tenantBody({ id: HEAVY, environment: 'prod' }),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(
        (await t.call('changeTenantStatus', { params: { id: HEAVY }, body: { to: 'active', reason: 'ready' } }))
          .statusCode,
        200
      );
      const target = ['gateway-prod-0', 'gateway-prod-1', 'gateway-prod-2'].find(
        (id) => id !== sim.model.shardOf(HEAVY, 'gateway')
      )!;
      const dry = async () =>
        (
          await t.call('createJob', {
            query: { dryRun: 'true' },
            body: {
              type: 'tenant.migrate',
              params: { tenantId: HEAVY, kind: 'gateway', targetShardId: target },
              reason: 'preview',
            },
            headers: { 'idempotency-key': idempotencyKey() },
          })
        ).json().plan;
      const ok = await dry();
      const capacity = ok.preflight.find((c: { name: string }) => c.name === 'target-capacity');
      // The heavy tenant (300 rps) plus what the target already serves does not fit in 400 rps.
      const targetLoad = 10 * sim.model.tenantsOn(target).length;
      assert.deepEqual(
        [capacity.ok, capacity.measured, capacity.threshold],
        [300 + targetLoad <= 400, 300 + targetLoad, 400]
      );
      assert.equal(ok.preflight.find((c: { name: string }) => c.name === 'source-in-flight').threshold, 50);
      vm.mode = 'error';
      try {
        const down = await dry();
        assert.equal(down.blocked, true);
        const c = down.preflight.find((x: { name: string }) => x.name === 'victoriametrics');
        assert.equal(c.ok, false);
        assert.match(c.message, /HTTP 503/);
      } finally {
        vm.mode = 'ok';
      }
    });
  });
}
