import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { IsolationPageSchema, TenantIsolationSchema } from '../../../contract';
import { startIsolationFixture, type IsolationFixture } from '../../testing/isolationFixture';
import { BACKENDS, METRICS_AUTH, idempotencyKey, startTestApp } from '../../testing/testApp';

const series = (metrics: string, name: string, labels: Record<string, string>) => {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return metrics.split('\n').filter((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)));
};

for (const backend of BACKENDS) {
  describe(`isolation posture (${backend})`, () => {
    let f: IsolationFixture;
    let id: (i: number) => string;

    before(async () => {
      f = await startIsolationFixture(backend, { simTenants: 6, records: 6 });
      id = (i) => f.tenants[i].id;
      await f.problems({});
    });
    after(() => f?.close());

    test('a hanging platform API gives unknown (timeout), never isolated; so does a slow one', async () => {
      await f.sim.scenarios({ platformApiHang: true });
      try {
        const started = Date.now();
        const r = await f.probe(id(0));
        assert.equal(r.statusCode, 200, r.body);
        const d = TenantIsolationSchema.parse(r.json());
        assert.equal(d.verdict, 'unknown');
        assert.deepEqual(d.error, { code: 'timeout', message: 'no answer within 400 ms' });
        assert.ok(d.checks.every((c) => c.result === 'unknown'));
        assert.ok(d.probedAt, 'carries its probe time');
        assert.ok(Date.now() - started < 3_000);
      } finally {
        await f.sim.scenarios({ platformApiHang: false });
      }
      await f.sim.scenarios({ platformApiDelayMs: 1_000 });
      try {
        const d = TenantIsolationSchema.parse((await f.probe(id(1))).json());
        assert.equal(d.verdict, 'unknown');
        assert.equal(d.error?.code, 'timeout');
      } finally {
        await f.sim.scenarios({ platformApiDelayMs: 0 });
      }
      const m = await f.metrics();
      assert.equal(series(m, 'switchyard_isolation_verdict', { tenant_id: id(0), verdict: 'unknown' }).length, 1);
      assert.match(m, /switchyard_isolation_probes_total\{outcome="timeout"\} 2/);
    });

    test('verdict changes are persisted as history (newest first); an unchanged verdict adds nothing', async () => {
      const t = id(2);
      const first = TenantIsolationSchema.parse((await f.probe(t)).json());
      const initial = first.verdict;
      assert.notEqual(initial, 'violation', JSON.stringify(first.failing));
      assert.equal(initial, 'isolated', JSON.stringify(first.checks.filter((c) => c.result !== 'pass')));
      assert.equal(first.history.length, 1);
      assert.deepEqual([first.history[0].verdict, first.history[0].previousVerdict], [initial, null]);

      await f.problems({ [t]: 'privilege_violation' });
      const broken = TenantIsolationSchema.parse((await f.probe(t)).json());
      assert.equal(broken.verdict, 'violation');
      assert.deepEqual(
        broken.history.map((h) => [h.verdict, h.previousVerdict]),
        [
          ['violation', initial],
          [initial, null],
        ]
      );
      assert.ok(broken.history[0].failing.includes('privilege_probe'));

      const again = TenantIsolationSchema.parse((await f.probe(t)).json());
      assert.equal(again.history.length, 2, 'no change, no new history row');

      await f.problems({});
      const fixed = TenantIsolationSchema.parse((await f.probe(t)).json());
      assert.deepEqual(
        fixed.history.map((h) => h.verdict),
        [initial, 'violation', initial]
      );
      // The GET serves the cached posture with the same persisted history.
      const read = TenantIsolationSchema.parse((await f.detail(t)).json());
      assert.deepEqual(read.history, fixed.history);
      assert.equal(read.probedAt, fixed.probedAt);
    });

    test('metrics: current result per check = 1, the violation series disappears when fixed', async () => {
      const t = id(3);
      await f.problems({ [t]: 'shared_connection' });
      await f.probe(t);
      let m = await f.metrics();
      const line = series(m, 'switchyard_isolation_check_result', {
        tenant_id: t,
        check: 'connection',
        result: 'violation',
      });
      assert.deepEqual(
        line.map((l) => l.split(' ').pop()),
        ['1']
      );
      assert.equal(series(m, 'switchyard_isolation_verdict', { tenant_id: t, verdict: 'violation' }).length, 1);
      assert.equal(series(m, 'switchyard_isolation_check_result', { tenant_id: t }).length, 15, 'one series per check');

      await f.problems({});
      await f.probe(t);
      m = await f.metrics();
      assert.equal(series(m, 'switchyard_isolation_check_result', { tenant_id: t, result: 'violation' }).length, 0);
      assert.equal(
        series(m, 'switchyard_isolation_check_result', { tenant_id: t, check: 'connection', result: 'pass' }).length,
        1
      );
      assert.equal(series(m, 'switchyard_isolation_verdict', { tenant_id: t, verdict: 'violation' }).length, 0);
    });

    test('unprobed tenants are listed as unknown (not probed) until probed', async () => {
      const page = IsolationPageSchema.parse((await f.t.call('listIsolation', { query: { q: id(5) } })).json());
      assert.equal(page.items.length, 1);
      assert.deepEqual(
        [page.items[0].verdict, page.items[0].probedAt, page.items[0].error?.code],
        ['unknown', null, 'not_probed']
      );
    });
  });
}

describe('isolation background refresh', () => {
  test('probes every tenant in the background and records the refresh time', async () => {
    const f = await startIsolationFixture('sqlite', {
      simTenants: 8,
      records: 8,
      env: { SWITCHYARD_ISOLATION_REFRESH_MS: '100', SWITCHYARD_ISOLATION_CONCURRENCY: '2' },
      problems: { 4: 'privilege_violation' },
    });
    try {
      let page = IsolationPageSchema.parse((await f.t.call('listIsolation')).json());
      // The first refresh may run before the fixture's records exist: wait for one that covered all of them.
      for (
        let i = 0;
        i < 100 &&
        (page.lastRefreshAt === null || page.items.length < 8 || page.items.some((x) => x.probedAt === null));
        i++
      ) {
        await sleep(100);
        page = IsolationPageSchema.parse((await f.t.call('listIsolation')).json());
      }
      assert.ok(page.lastRefreshAt, 'a refresh completed');
      assert.equal(page.items.length, 8);
      assert.ok(page.items.every((x) => x.probedAt !== null && x.error === null));
      assert.equal(page.items[0].tenantId, f.tenants[4].id, 'the violation is listed first');
      assert.match(await f.metrics(), /switchyard_isolation_last_refresh_timestamp_seconds \d/);
    } finally {
      await f.close();
    }
  });
});

describe('isolation not configured', () => {
  test('without SWITCHYARD_PLATFORM_URL: a clear not-configured state, re-probe is 503, no verdict metrics', async () => {
    const t = await startTestApp('sqlite');
    try {
      const created = await t.call('createTenant', {
        body: {
          id: 'solo-001',
          displayName: 'Solo',
          plan: 'team',
          environment: 'dev',
          organizationId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
          applicationId: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
        },
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(created.statusCode, 201);
      const page = IsolationPageSchema.parse((await t.call('listIsolation')).json());
      assert.equal(page.configured, false);
      assert.equal(page.items[0].verdict, 'unknown');
      assert.equal(page.items[0].error?.code, 'not_configured');
      const d = TenantIsolationSchema.parse(
        (await t.call('getTenantIsolation', { params: { id: 'solo-001' } })).json()
      );
      assert.equal(d.configured, false);
      assert.match(d.checks[0].remediation ?? '', /SWITCHYARD_PLATFORM_URL/);
      const probe = await t.call('probeTenantIsolation', {
        params: { id: 'solo-001' },
        body: { reason: 'check it' },
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(probe.statusCode, 503);
      assert.match(probe.json().message, /not configured/);
      const m = (await t.app.inject({ method: 'GET', url: '/metrics', headers: METRICS_AUTH })).body;
      assert.equal(series(m, 'switchyard_isolation_verdict', {}).length, 0);
    } finally {
      await t.close();
    }
  });
});
