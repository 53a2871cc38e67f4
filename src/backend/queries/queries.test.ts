import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATASOURCE_USER_HEADER, GRAFANA_ID_HEADER, endpoints, type AuditEntry, type Tenant } from '../../contract';
import { createSwitchyardHandlers } from './index';
import { identityHeaders } from './identity';
import { undo } from './tenantCounts';
import { ALICE, DS_TOKEN, dataQuery, fakeSidecar, pluginContext, queryRequest } from './testing';

const NOW = Date.UTC(2030, 0, 10, 12, 0, 0);
const RANGE = { fromMs: NOW - 3_600_000, toMs: NOW };
const URL_BASE = 'http://sidecar.test:8787';

function tenant(id: string, over: Partial<Tenant> = {}): Tenant {
  return {
    id,
    displayName: id,
    plan: 'team',
    environment: 'prod',
    organizationId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    applicationId: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    labels: { region: 'eu' },
    quotas: { requestsPerSecond: 1, storageGb: 1, maxConnections: 1 },
    featureFlags: { killSwitch: false },
    contacts: [],
    status: 'active',
    version: 2,
    createdAt: new Date(NOW - 7_200_000).toISOString(),
    updatedAt: new Date(NOW - 7_200_000).toISOString(),
    ...over,
  };
}

const COUNTS = {
  total: 3,
  byStatus: { provisioning: 0, active: 2, draining: 0, migrating: 0, degraded: 1, suspended: 0, archived: 0 },
  byEnvironment: { dev: 1, staging: 0, prod: 2 },
};

function audit(seq: number, minutesAgo: number, action: string, details: Record<string, unknown>): AuditEntry {
  return {
    seq,
    ts: new Date(NOW - minutesAgo * 60_000).toISOString(),
    actor: { login: 'alice', orgId: 1 },
    action,
    targetType: 'tenant',
    targetId: 'x',
    reason: null,
    requestId: 'r',
    jobId: null,
    outcome: 'success',
    details,
    prevHash: '0',
    hash: '1',
  };
}

const routes = {
  '/api/v1/tenants': (u: URL): [number, unknown] => {
    const all = [
      tenant('acme-001'),
      tenant('beta-002', { plan: 'free', environment: 'dev' }),
      tenant('gamma-003', { status: 'degraded' }),
    ];
    const status = u.searchParams.get('status');
    const items = all.filter((t) => !status || status.split(',').includes(t.status));
    return [200, { items, nextCursor: null, prevCursor: null }];
  },
  '/api/v1/overview/tenants': (): [number, unknown] => [200, COUNTS],
  '/api/v1/audit': (): [number, unknown] => [
    200,
    {
      items: [
        audit(3, 10, 'tenant.status', { from: 'active', to: 'degraded' }),
        audit(2, 30, 'tenant.status', { from: 'provisioning', to: 'active' }),
        audit(1, 40, 'tenant.create', { tenant: { status: 'provisioning', environment: 'prod', plan: 'team' } }),
      ],
      nextCursor: null,
      prevCursor: null,
    },
  ],
};

function handlers(extraRoutes: typeof routes | Record<string, (u: URL) => [number, unknown]> = routes) {
  const logs: string[] = [];
  const sidecar = fakeSidecar(extraRoutes);
  const h = createSwitchyardHandlers(
    {},
    {
      fetch: sidecar.fetch,
      now: () => NOW,
      log: (level, message, fields) => logs.push(JSON.stringify({ level, message, ...fields })),
    }
  );
  return { h, calls: sidecar.calls, logs };
}

describe('identity headers', () => {
  test('a human query carries the login and the forwarded ID token (any header case, http_ prefix)', () => {
    assert.deepEqual(identityHeaders(ALICE, { 'http_X-Grafana-Id': 'a.b.c' }), {
      [DATASOURCE_USER_HEADER]: 'alice',
      [GRAFANA_ID_HEADER]: 'a.b.c',
    });
    assert.deepEqual(identityHeaders(ALICE, { 'x-grafana-id': ['d.e.f'] }), {
      [DATASOURCE_USER_HEADER]: 'alice',
      [GRAFANA_ID_HEADER]: 'd.e.f',
    });
  });
  test('alert evaluation is the service principal: no user header (no user, grafana_scheduler, FromAlert)', () => {
    assert.deepEqual(identityHeaders(undefined, {}), {});
    assert.deepEqual(identityHeaders({ ...ALICE, login: 'grafana_scheduler' }, {}), {});
    assert.deepEqual(identityHeaders(ALICE, { FromAlert: 'true' }), {});
    assert.deepEqual(identityHeaders({ ...ALICE, login: 'zoë' }, {}), {}, 'not a header value: not attributed');
  });
});

describe('queryData against a fake sidecar', () => {
  test('only GET calls to read endpoints of the table, with the credential and the caller', async () => {
    const { h, calls } = handlers();
    const res = await h.queryData(
      queryRequest(
        pluginContext(URL_BASE, ALICE),
        [
          dataQuery('A', { queryType: 'tenants', status: ['degraded'], label: 'tier=gold' }, RANGE),
          dataQuery('B', { queryType: 'tenantCounts', groupBy: 'plan' }, RANGE),
        ],
        { 'http_X-Grafana-Id': 'tok.en.x' }
      )
    );
    assert.equal(res.A.status, 200);
    const readPaths = new Set(
      Object.values(endpoints)
        .filter((e) => e.method === 'GET')
        .map((e) => e.path)
    );
    assert.ok(calls.length >= 2);
    for (const c of calls) {
      assert.equal(c.method, 'GET');
      assert.ok(readPaths.has(c.url.pathname), c.url.pathname);
      assert.equal(c.url.origin, URL_BASE);
      assert.equal(c.headers.authorization, `Bearer ${DS_TOKEN}`);
      assert.equal(c.headers[DATASOURCE_USER_HEADER], 'alice');
      assert.equal(c.headers[GRAFANA_ID_HEADER], 'tok.en.x');
    }
    assert.equal(calls[0].url.searchParams.get('status'), 'degraded');
    assert.equal(calls[0].url.searchParams.get('label'), 'tier=gold');
    const ids = res.A.frames[0].fields.find((f) => f.name === 'id');
    assert.deepEqual(ids?.values, ['gamma-003']);
    assert.equal(res.A.frames[0].refId, 'A');
  });

  test('numeric-multi: one frame per group, one number field with labels, typeVersion 0.1', async () => {
    const { h } = handlers();
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [
        dataQuery('A', { queryType: 'tenantCounts', include: ['degraded', 'active'] }, RANGE),
      ])
    );
    const frames = res.A.frames;
    assert.equal(frames.length, 2);
    for (const f of frames) {
      assert.deepEqual(f.meta?.type, 'numeric-multi');
      assert.deepEqual(f.meta?.typeVersion, [0, 1]);
      assert.equal(f.fields.length, 1);
      assert.equal(f.fields[0].type, 'number');
    }
    assert.deepEqual(
      frames.map((f) => [f.fields[0].labels, f.fields[0].values]),
      [
        [{ status: 'degraded' }, [1]],
        [{ status: 'active' }, [2]],
      ]
    );
  });

  test('counts over time are rebuilt from the audit history, wide frame with the time field first', async () => {
    const { h } = handlers();
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [
        dataQuery(
          'A',
          {
            queryType: 'tenantCounts',
            format: 'timeseries',
            bucket: '5m',
            include: ['active', 'degraded', 'provisioning'],
          },
          RANGE
        ),
      ])
    );
    const [frame] = res.A.frames;
    assert.equal(frame.meta?.type, 'timeseries-wide');
    assert.equal(frame.fields[0].type, 'time');
    assert.equal(frame.fields[0].values.length, 12);
    const series = (status: string) => frame.fields.find((f) => f.labels?.status === status)?.values;
    // Points at the end of each 5 m bucket: created 40 m ago, active 30 m ago, one active → degraded 10 m ago.
    assert.deepEqual(series('active'), [2, 2, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2]);
    assert.deepEqual(series('degraded'), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    assert.deepEqual(series('provisioning'), [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(frame.fields[0].values.at(-1), NOW);
  });

  test('bad queries are their own refId 400 (plugin); the good one is answered', async () => {
    const { h } = handlers();
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [
        dataQuery('A', { queryType: 'tenants' }, RANGE),
        dataQuery('B', { queryType: 'nonsense' }, RANGE),
        dataQuery('C', { queryType: 'tenants', status: ['sleeping'] }, RANGE),
        dataQuery('D', { queryType: 'tenants', limit: 9000 }, RANGE),
        dataQuery(
          'E',
          { queryType: 'jobs', format: 'timeseries', bucket: '1s' },
          { fromMs: NOW - 30 * 86_400_000, toMs: NOW }
        ),
        dataQuery('F', { queryType: 'tenantCounts', groupBy: 'plan', include: ['degraded'] }, RANGE),
      ])
    );
    assert.equal(res.A.status, 200);
    assert.equal(res.A.frames[0].fields[0].values.length, 3);
    for (const [ref, word] of [
      ['B', 'queryType'],
      ['C', 'status'],
      ['D', 'limit'],
      ['E', 'widen the interval'],
      ['F', 'include'],
    ] as const) {
      assert.equal(res[ref].status, 400, ref);
      assert.equal(res[ref].errorSource, 'plugin', ref);
      assert.deepEqual(res[ref].frames, []);
      assert.ok(res[ref].error?.includes(word), `${ref}: ${res[ref].error}`);
    }
  });

  test('sidecar failures are downstream errors naming the sidecar; the credential never leaks', async () => {
    const { h, logs } = handlers({
      '/api/v1/tenants': (): [number, unknown] => [
        401,
        { code: 'unauthenticated', message: `bad ${DS_TOKEN}`, requestId: 'r' },
      ],
      '/api/v1/overview/tenants': (): [number, unknown] => [
        500,
        { code: 'internal', message: `oops ${DS_TOKEN}`, requestId: 'r' },
      ],
      '/api/v1/audit': (): [number, unknown] => [200, { not: 'a page' }],
    });
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [
        dataQuery('A', { queryType: 'tenants' }, RANGE),
        dataQuery('B', { queryType: 'tenantCounts' }, RANGE),
        dataQuery('C', { queryType: 'audit' }, RANGE),
      ])
    );
    assert.equal(res.A.status, 502);
    assert.match(
      res.A.error ?? '',
      /refused the data source token — set the same token as SWITCHYARD_DATASOURCE_TOKEN/
    );
    assert.equal(res.B.status, 502);
    assert.equal(res.C.status, 502);
    assert.match(res.C.error ?? '', /does not match the contract/);
    for (const r of Object.values(res)) {
      assert.equal(r.errorSource, 'downstream');
      assert.ok(r.error?.includes(URL_BASE));
    }
    const all = JSON.stringify(res) + logs.join('\n');
    assert.ok(logs.length >= 3);
    assert.ok(!all.includes(DS_TOKEN), 'the token never appears');
  });

  test('an unreachable sidecar → 503 downstream; unconfigured → 400 naming the settings', async () => {
    const h = createSwitchyardHandlers(
      {},
      {
        fetch: async () => {
          throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
        },
        log: () => undefined,
      }
    );
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [dataQuery('A', { queryType: 'tenants' }, RANGE)])
    );
    assert.equal(res.A.status, 503);
    assert.equal(res.A.errorSource, 'downstream');
    assert.match(res.A.error ?? '', /Switchyard sidecar at http:\/\/sidecar.test:8787 is unreachable \(ECONNREFUSED\)/);
    const bare = await h.queryData(queryRequest(pluginContext(''), [dataQuery('A', { queryType: 'tenants' }, RANGE)]));
    assert.equal(bare.A.status, 400);
    assert.match(bare.A.error ?? '', /not configured/);
    const unconfigured = await h.checkHealth({ pluginContext: pluginContext(''), headers: {} });
    assert.deepEqual([unconfigured.status, /not configured/.test(unconfigured.message)], ['ERROR', true]);
    const health = await h.checkHealth({ pluginContext: pluginContext(URL_BASE), headers: {} });
    assert.equal(health.status, 'ERROR');
    assert.match(health.message, /unreachable/);
  });
});

describe('audit history', () => {
  test('undo reverts creations, status and plan changes; failures and other targets are ignored', () => {
    const counts = { active: 1, degraded: 1, provisioning: 0 };
    undo(counts, audit(3, 1, 'tenant.status', { from: 'active', to: 'degraded' }), 'status');
    assert.deepEqual(counts, { active: 2, degraded: 0, provisioning: 0 });
    undo(counts, { ...audit(4, 1, 'tenant.status', { from: 'degraded', to: 'active' }), outcome: 'failure' }, 'status');
    undo(counts, { ...audit(5, 1, 'tenant.status', { from: 'degraded', to: 'active' }), targetType: 'job' }, 'status');
    assert.deepEqual(counts, { active: 2, degraded: 0, provisioning: 0 });
    const plans = { team: 2, free: 0 };
    undo(plans, audit(6, 1, 'tenant.update', { changes: { plan: { from: 'free', to: 'team' } } }), 'plan');
    undo(plans, audit(7, 1, 'tenant.create', { tenant: { plan: 'team' } }), 'plan');
    assert.deepEqual(plans, { team: 0, free: 1 });
  });
});

describe('resources', () => {
  test('pick lists and field-level validation', async () => {
    const { h } = handlers();
    const ctx = pluginContext(URL_BASE, ALICE);
    const call = (url: string, method = 'GET', body?: unknown) =>
      h.callResource({
        pluginContext: ctx,
        path: url.split('?')[0],
        method,
        url,
        headers: {},
        body: new TextEncoder().encode(body === undefined ? '' : JSON.stringify(body)),
      });
    const decode = (r: { body: Uint8Array }) => JSON.parse(new TextDecoder().decode(r.body));
    const tenants = await call('tenants?search=a');
    assert.equal(tenants.code, 200);
    assert.deepEqual(
      decode(tenants).map((v: { value: string }) => v.value),
      ['acme-001', 'beta-002', 'gamma-003']
    );
    assert.deepEqual(decode(await call('environments')), [
      { text: 'dev', value: 'dev' },
      { text: 'staging', value: 'staging' },
      { text: 'prod', value: 'prod' },
    ]);
    assert.ok(decode(await call('job-types')).some((v: { value: string }) => v.value === 'tenant.drain'));
    const invalid = decode(await call('validate', 'POST', { queryType: 'jobs', limit: 0, status: ['lost'] }));
    assert.equal(invalid.ok, false);
    assert.deepEqual(invalid.errors.map((e: { field: string }) => e.field).sort(), ['limit', 'status.0']);
    assert.deepEqual(decode(await call('validate', 'POST', { queryType: 'audit' })), { ok: true, errors: [] });
    assert.equal((await call('nothing')).code, 404);
    assert.equal((await call('tenants', 'POST')).code, 405);
  });
});
