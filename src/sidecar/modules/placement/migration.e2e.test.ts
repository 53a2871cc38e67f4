/**
 * Migration end to end: the real sidecar (jobs engine, SQL placement store) against the simulator,
 * with a real VictoriaMetrics scraping the simulator (the observability tests' TestStack). Load
 * visibly moves to the target shard in VictoriaMetrics; a failing reload (simulator knob) rolls back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestStack } from '../../../../tests/observability/support';
import { JobDetailSchema, type JobDetail } from '../../../contract';
import { waitFor } from '../../../simulator/testing/startSimulator';
import { idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

const TENANT = 'acme-001';

describe('tenant migration against the simulator and VictoriaMetrics', () => {
  const stack = new TestStack();
  let t: TestApp;

  before(async () => {
    const simUrl = await stack.startSimulator(250);
    const simHost = new URL(simUrl).host;
    const vmUrl = await stack.startVictoriaMetrics([
      { job: 'sim', target: simHost, service: 'simulator', env: 'test', honorLabels: true },
    ]);
    t = await startTestApp('sqlite', {
      SWITCHYARD_PLATFORM_URL: simUrl,
      SWITCHYARD_VM_URL: vmUrl,
      SWITCHYARD_OUTBOUND_HOSTS: `${simHost},${new URL(vmUrl).host}`,
      SWITCHYARD_APPROVAL_POLICY: 'none',
      SWITCHYARD_JOB_POLL_MS: '50',
      SWITCHYARD_JOB_RETRY_BASE_MS: '20',
      SWITCHYARD_ISOLATION_REFRESH_MS: '0',
      SWITCHYARD_MIGRATION_MAX_ERROR_RATIO: '0.2',
    });
    assert.equal((await t.call('syncPlacement')).statusCode, 200);
    const sim = stack.sim!.model.tenant(TENANT)!;
    const created = await t.call('createTenant', {
      body: tenantBody({ id: TENANT, environment: sim.env }),
      headers: { 'idempotency-key': idempotencyKey() },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(
      (
        await t.call('changeTenantStatus', {
          params: { id: TENANT },
          body: { to: 'active', reason: 'ready for traffic' },
        })
      ).statusCode,
      200
    );
    await stack.waitForQuery(
      `sum(rate(gateway_requests_total{tenant_id="${TENANT}"}[30s]))`,
      (n, v) => n === 1 && v[0] > 0,
      30_000
    );
  });
  after(async () => {
    await t?.close();
    await stack.stop();
  });

  const otherShard = (kind: 'gateway' | 'aggregate') => {
    const model = stack.sim!.model;
    const here = model.shardOf(TENANT, kind);
    return { from: here!, to: model.shardsOf(kind, model.tenant(TENANT)!.env).find((s) => s.id !== here)!.id };
  };

  async function runJob(params: Record<string, unknown>, type = 'tenant.migrate'): Promise<JobDetail> {
    const res = await t.call('createJob', {
      body: { type, params, reason: 'move off a hot shard' },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().job.id as string;
    return waitFor(
      async () => {
        const j = JobDetailSchema.parse((await t.call('getJob', { params: { id } })).json());
        return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : undefined;
      },
      90_000,
      `job ${id} to finish`
    );
  }

  test('a blocked preflight names the check, the measured value and the threshold', async () => {
    const { to } = otherShard('aggregate');
    const res = await t.call('createJob', {
      query: { dryRun: 'true' },
      body: {
        type: 'tenant.migrate',
        params: { tenantId: TENANT, kind: 'gateway', targetShardId: to },
        reason: 'wrong kind on purpose',
      },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    assert.ok([200, 201].includes(res.statusCode), res.body);
    const plan = res.json().plan;
    assert.equal(plan.blocked, true);
    const failed = plan.preflight.find((c: { name: string }) => c.name === 'target-exists');
    assert.deepEqual([failed.ok, failed.measured, failed.threshold], [false, 'aggregate', 'gateway']);
  });

  test('migrates the gateway placement: CAS in the store, the platform reloaded, load moves in VictoriaMetrics', async () => {
    const { from, to } = otherShard('gateway');
    const before1 = JSON.parse((await t.call('getTenantPlacement', { params: { id: TENANT } })).body).kinds[0]
      .assignment;
    const dry = (
      await t.call('createJob', {
        query: { dryRun: 'true' },
        body: {
          type: 'tenant.migrate',
          params: { tenantId: TENANT, kind: 'gateway', targetShardId: to },
          reason: 'preview',
        },
        headers: { 'idempotency-key': idempotencyKey() },
      })
    ).json();
    assert.equal(dry.plan.blocked, false, JSON.stringify(dry.plan.preflight));
    const names = dry.plan.preflight.map((c: { name: string }) => c.name);
    for (const n of ['target-capacity', 'source-in-flight', 'source-consumer-lag', 'no-active-job'])
      assert.ok(names.includes(n), n);

    const job = await runJob({ tenantId: TENANT, kind: 'gateway', targetShardId: to, verifySeconds: 30 });
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    const after1 = JSON.parse((await t.call('getTenantPlacement', { params: { id: TENANT } })).body).kinds[0];
    assert.equal(after1.assignment.shardId, to);
    assert.ok(after1.assignment.revision > before1.revision);
    assert.equal(after1.history[0].jobId, job.id);
    assert.equal(stack.sim!.model.shardOf(TENANT, 'gateway'), to);
    assert.equal(stack.sim!.model.isDraining(TENANT, from), false, 'source undrained');
    assert.equal(JSON.parse((await t.call('getTenant', { params: { id: TENANT } })).body).status, 'active');
    await stack.waitForQuery(
      `sum(rate(gateway_requests_total{tenant_id="${TENANT}",shard="${to}"}[15s]))`,
      (n, v) => n === 1 && v[0] > 0,
      20_000
    );
  });

  test('a failing reload after the placement update rolls back to the source and undrains', async () => {
    const { from, to } = otherShard('aggregate');
    await fetch(`${stack.simUrl}/sim/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failingReloads: [to] }),
    });
    try {
      const job = await runJob({ tenantId: TENANT, kind: 'aggregate', targetShardId: to });
      assert.equal(job.status, 'failed');
      assert.equal(job.error?.code, 'migration_rolled_back');
      assert.match(job.error?.message ?? '', new RegExp(`rolled back to ${from}`));
      const kinds = JSON.parse((await t.call('getTenantPlacement', { params: { id: TENANT } })).body).kinds;
      const agg = kinds.find((k: { kind: string }) => k.kind === 'aggregate');
      assert.equal(agg.assignment.shardId, from);
      assert.deepEqual(
        agg.history.slice(0, 2).map((h: { shardId: string }) => h.shardId),
        [from, to],
        'moved, then moved back'
      );
      assert.equal(stack.sim!.model.shardOf(TENANT, 'aggregate'), from);
      assert.equal(stack.sim!.model.isDraining(TENANT, from), false);
      assert.equal(JSON.parse((await t.call('getTenant', { params: { id: TENANT } })).body).status, 'active');
    } finally {
      await fetch(`${stack.simUrl}/sim/scenarios`, { method: 'DELETE' });
    }
  });

  test('shard cordon / uncordon are CAS jobs; shard drain moves every tenant off with a concurrency limit', async () => {
    const env = stack.sim!.model.tenant(TENANT)!.env;
    const [a, b] = stack.sim!.model.shardsOf('projection', env).map((s) => s.id);
    const shardStatus = async (id: string) => JSON.parse((await t.call('getShard', { params: { id } })).body).status;
    assert.equal((await runJob({ shardId: b }, 'shard.cordon')).status, 'succeeded');
    assert.equal(await shardStatus(b), 'cordoned');
    const blocked = (
      await t.call('createJob', {
        query: { dryRun: 'true' },
        body: { type: 'shard.cordon', params: { shardId: b }, reason: 'again' },
        headers: { 'idempotency-key': idempotencyKey() },
      })
    ).json();
    assert.equal(blocked.plan.preflight[0].measured, 'cordoned');
    assert.equal((await runJob({ shardId: b }, 'shard.uncordon')).status, 'succeeded');
    assert.equal(await shardStatus(b), 'ready');

    const onA = stack.sim!.model.tenantsOn(a).map((x) => x.id);
    assert.ok(onA.length > 0);
    const job = await runJob({ shardId: a, concurrency: 2 }, 'shard.drain');
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    assert.equal(await shardStatus(a), 'draining');
    const left = JSON.parse((await t.call('listShardTenants', { params: { id: a } })).body).items;
    assert.deepEqual(left, []);
    assert.deepEqual(stack.sim!.model.tenantsOn(a), [], 'the platform moved them too');
    for (const id of onA) assert.equal(stack.sim!.model.shardOf(id, 'projection'), b);
  });

  test('rebalance.apply runs the planned moves as one batch job and leaves the store and the platform in agreement', async () => {
    // A target between the two gateway shards of the tenant's environment: the busier one must shed.
    const env = stack.sim!.model.tenant(TENANT)!.env;
    const now = JSON.parse((await t.call('previewRebalance', { query: { kind: 'gateway', target: '1.5' } })).body);
    const utils = now.shards
      .filter((s: { shardId: string }) => s.shardId.startsWith(`gateway-${env}-`))
      .map((s: { utilizationBefore: number }) => s.utilizationBefore);
    const target = Math.max(0.01, Number(((Math.max(...utils) + Math.min(...utils)) / 2 + 0.005).toFixed(4)));
    const dry = (
      await t.call('createJob', {
        query: { dryRun: 'true' },
        body: { type: 'rebalance.apply', params: { target, kind: 'gateway' }, reason: 'level gateways' },
        headers: { 'idempotency-key': idempotencyKey() },
      })
    ).json();
    assert.equal(dry.plan.blocked, false, JSON.stringify(dry.plan));
    const job = await runJob({ target, kind: 'gateway', concurrency: 3 }, 'rebalance.apply');
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    const planned = job.steps[0].observed?.moves as number;
    const applied = job.steps[1].observed as { moved: number; skipped: number; failed: number };
    assert.equal(applied.failed, 0);
    assert.equal(applied.moved + applied.skipped, planned);
    assert.ok(applied.moved > 0, JSON.stringify(job.steps[0].observed));
    const page = JSON.parse((await t.call('listShards', { query: { kind: 'gateway' } })).body);
    for (const shard of page.items) {
      const onStore = JSON.parse(
        (await t.call('listShardTenants', { params: { id: shard.id }, query: { limit: 200 } })).body
      )
        .items.map((a: { tenantId: string }) => a.tenantId)
        .sort();
      assert.deepEqual(
        onStore,
        stack
          .sim!.model.tenantsOn(shard.id)
          .map((x) => x.id)
          .sort(),
        `store and platform agree on ${shard.id}`
      );
    }
  });
});
