import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { DATASOURCE_USER_HEADER, GRAFANA_ID_HEADER, endpoints, type AuditEntry, type Tenant } from '../../contract';
import { frameToArrow } from '../frames/arrow';
import { readArrowFrame } from '../frames/arrowRead';
import { createSwitchyardHandlers } from './index';
import { identityHeaders } from './identity';
import { undo } from './tenantCounts';
import { ALICE, DS_TOKEN, dataQuery, endlessAuditSidecar, fakeSidecar, pluginContext, queryRequest } from './testing';

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
  '/api/v1/jobs': (): [number, unknown] => [200, { items: [], nextCursor: null, prevCursor: null }],
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

  test('no jobs in the range: a timeseries is one zero-field timeseries-wide frame (NoData), not a lone time field', async () => {
    const { h } = handlers();
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [
        dataQuery('A', { queryType: 'jobs', format: 'timeseries', bucket: '5m' }, RANGE),
        dataQuery('B', { queryType: 'jobs', format: 'timeseries', groupBy: 'type' }, RANGE),
      ])
    );
    for (const ref of ['A', 'B']) {
      assert.equal(res[ref].status, 200, res[ref].error);
      assert.equal(res[ref].frames.length, 1);
      const [frame] = res[ref].frames;
      assert.deepEqual(frame.fields, [], 'zero fields');
      assert.deepEqual(frame.meta, { type: 'timeseries-wide', typeVersion: [0, 1] });
      const read = readArrowFrame(frameToArrow(frame));
      assert.deepEqual([read.fields, read.meta], [[], { type: 'timeseries-wide', typeVersion: [0, 1] }]);
    }
  });

  test('repeated filter values give one series each (no duplicate name + labels)', async () => {
    const { h } = handlers();
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [
        dataQuery('A', { queryType: 'jobs', format: 'timeseries', status: ['failed', 'failed'] }, RANGE),
        dataQuery('B', { queryType: 'tenantCounts', include: ['active', 'active'] }, RANGE),
        dataQuery('C', { queryType: 'tenantCounts', format: 'timeseries', include: ['degraded', 'degraded'] }, RANGE),
        dataQuery('D', { queryType: 'jobs', format: 'counts', status: 'failed,failed' }, RANGE),
      ])
    );
    const series = (ref: string) =>
      res[ref].frames.flatMap((f) => f.fields.filter((x) => x.type === 'number').map((x) => JSON.stringify(x.labels)));
    assert.deepEqual(series('A'), ['{"status":"failed"}']);
    assert.deepEqual(series('B'), ['{"status":"active"}']);
    assert.deepEqual(series('C'), ['{"status":"degraded"}']);
    assert.deepEqual(series('D'), ['{"status":"failed"}']);
  });

  test('a time range Grafana cannot hold (beyond 1677 to 2262 or a Date) is that refId’s 400, never a 500', async () => {
    const { h, calls } = handlers();
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [
        dataQuery('A', { queryType: 'audit' }, { fromMs: 0, toMs: 9e15 }),
        dataQuery('B', { queryType: 'jobs', format: 'timeseries', bucket: '999999d' }, { fromMs: 0, toMs: 9e15 }),
        dataQuery('C', { queryType: 'tenantCounts', format: 'timeseries' }, { fromMs: -9e15, toMs: NOW }),
        dataQuery('D', { queryType: 'audit' }, { fromMs: -9_300_000_000_000, toMs: NOW }),
        dataQuery('E', { queryType: 'tenants' }, { fromMs: NOW, toMs: 9_300_000_000_000 }),
        dataQuery('F', { queryType: 'audit' }, { fromMs: -100_000, toMs: NOW }),
      ])
    );
    for (const ref of ['A', 'B', 'C', 'D', 'E']) {
      assert.equal(res[ref].status, 400, `${ref}: ${res[ref].error}`);
      assert.equal(res[ref].errorSource, 'plugin');
      assert.match(res[ref].error ?? '', /time range must lie within 1677-09-21 to 2262-04-11/, ref);
    }
    assert.equal(res.F.status, 200, 'before 1970 is fine');
    assert.equal(calls.length, 1, 'only F reached the sidecar');
  });

  test('a bucket that puts points outside Grafana’s time range is a 400 on bucket, never a wrapped date', async () => {
    const { h } = handlers();
    const before1970 = { fromMs: -3_600_000, toMs: 0 };
    const res = await h.queryData(
      queryRequest(pluginContext(URL_BASE), [
        dataQuery('A', { queryType: 'jobs', format: 'timeseries', bucket: '999999d' }, before1970),
        dataQuery('B', { queryType: 'tenantCounts', format: 'timeseries', bucket: '999999d' }, before1970),
        dataQuery('C', { queryType: 'jobs', format: 'timeseries', bucket: '999999d', status: ['failed'] }, RANGE),
      ])
    );
    for (const ref of ['A', 'B']) {
      assert.equal(res[ref].status, 400, `${ref}: ${res[ref].error}`);
      assert.match(
        res[ref].error ?? '',
        /outside the times Grafana can hold \(1677-09-21 to 2262-04-11\): choose a smaller bucket/
      );
    }
    assert.equal(res.C.status, 200, 'a huge bucket aligned after 1677 is fine');
    assert.deepEqual(res.C.frames[0].fields[0].values, [0]);
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

describe('cancellation and time budget', () => {
  const auditQuery = (limit = 1000) => dataQuery('A', { queryType: 'audit', limit }, RANGE);
  const quiet = (sidecar: ReturnType<typeof endlessAuditSidecar>, env: NodeJS.ProcessEnv = {}) =>
    createSwitchyardHandlers(env, { fetch: sidecar.fetch, now: () => NOW, log: () => undefined });

  test('a cancelled call stops paging the sidecar at once: nothing sent after the abort, the request in flight aborted', async () => {
    const sidecar = endlessAuditSidecar(20);
    const h = quiet(sidecar);
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => ((abortedAt = performance.now()), controller.abort()), 150);
    const res = await h.queryData({
      ...queryRequest(pluginContext(URL_BASE), [auditQuery()]),
      signal: controller.signal,
    });
    assert.ok(performance.now() - abortedAt < 100, 'the query ends as soon as the call is cancelled');
    assert.equal(res.A.status, 499);
    const sent = sidecar.requests.length;
    assert.ok(sent >= 3, `${sent} requests before the abort`);
    assert.ok(
      sidecar.requests.every((r) => r.at <= abortedAt + 1),
      'no request after the abort'
    );
    assert.equal(sidecar.requests.at(-1)?.aborted, true, 'the request in flight was aborted');
    await sleep(100);
    assert.equal(sidecar.requests.length, sent);
  });

  test('a call cancelled before it starts sends no sidecar request (query, health check, resource)', async () => {
    const sidecar = endlessAuditSidecar(20);
    const h = quiet(sidecar);
    const signal = AbortSignal.abort();
    const res = await h.queryData({ ...queryRequest(pluginContext(URL_BASE), [auditQuery()]), signal });
    assert.equal(res.A.status, 499);
    const health = await h.checkHealth({ pluginContext: pluginContext(URL_BASE), headers: {}, signal });
    assert.equal(health.status, 'ERROR');
    const resource = await h.callResource({
      pluginContext: pluginContext(URL_BASE),
      path: 'tenants',
      method: 'GET',
      url: 'tenants',
      headers: {},
      body: new Uint8Array(),
      signal,
    });
    assert.equal(resource.code, 499);
    assert.equal(sidecar.requests.length, 0);
  });

  test('a query has a total time budget (SWITCHYARD_DS_QUERY_TIMEOUT_MS): paging ends with a 504', async () => {
    const sidecar = endlessAuditSidecar(40);
    const h = quiet(sidecar, { SWITCHYARD_DS_TIMEOUT_MS: '200', SWITCHYARD_DS_QUERY_TIMEOUT_MS: '400' });
    const started = performance.now();
    const res = await h.queryData(queryRequest(pluginContext(URL_BASE), [auditQuery()]));
    const took = performance.now() - started;
    assert.equal(res.A.status, 504, res.A.error);
    assert.equal(res.A.errorSource, 'downstream');
    assert.match(res.A.error ?? '', /needed more than 400 ms of sidecar requests; shorten the time range/);
    assert.ok(took >= 395 && took < 900, `${took} ms`);
    const sent = sidecar.requests.length;
    assert.ok(sent >= 2 && sent <= 11, `${sent} requests`);
    await sleep(100);
    assert.equal(sidecar.requests.length, sent, 'nothing sent after the budget');
  });

  test('one slow request is still the per-request timeout (503), within an ample budget', async () => {
    const sidecar = endlessAuditSidecar(5000);
    const h = quiet(sidecar, { SWITCHYARD_DS_TIMEOUT_MS: '100' });
    const res = await h.queryData(queryRequest(pluginContext(URL_BASE), [auditQuery()]));
    assert.equal(res.A.status, 503);
    assert.match(res.A.error ?? '', /unreachable \(no answer within 100 ms\)/);
    assert.equal(sidecar.requests.length, 1);
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

  test('a resource URL that cannot be parsed is a 400 naming the problem, not a 500', async () => {
    const { h, calls } = handlers();
    const r = await h.callResource({
      pluginContext: pluginContext(URL_BASE, ALICE),
      path: 'tenants',
      method: 'GET',
      url: 'http://[::1',
      headers: {},
      body: new Uint8Array(),
    });
    assert.equal(r.code, 400);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(r.body)), {
      message: 'The URL of the tenants resource request cannot be parsed',
    });
    assert.equal(calls.length, 0);
  });
});
