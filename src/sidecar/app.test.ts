import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { GRAFANA_ID_HEADER, PROXY_SECRET_HEADER } from '../contract';
import { adoptRequestId, buildApp } from './app';
import { SECURITY_HEADERS } from './kernel/hardening';
import { createLogger } from './kernel/logger';
import { registerEndpoints } from './kernel/registrar';
import { METRICS_AUTH, TEST_SECRET, idempotencyKey, startTestApp, tenantBody, type TestApp } from './testing/testApp';

describe('request ids', () => {
  test('a well-formed client UUID is adopted, anything else replaced', () => {
    const sent = '0b6c8a52-3f0e-4c59-9a77-3d1f1f2a9e10';
    assert.equal(adoptRequestId(sent), sent);
    for (const bad of [undefined, '', 'x'.repeat(36), `${sent}\n`, [sent, sent], 'DROP TABLE']) {
      const id = adoptRequestId(bad as string | string[] | undefined);
      assert.notEqual(id, bad);
      assert.match(id, /^[0-9a-f-]{36}$/);
    }
  });
});

describe('operational surface', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite');
  });
  after(() => t?.close());

  test('/healthz and /readyz answer without credentials', async () => {
    assert.deepEqual((await t.app.inject({ url: '/healthz' })).json(), { status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
  });

  test('/metrics labels requests by route template, method and status class — never by raw path', async () => {
    await t.call('getTenant', { params: { id: 'secret-customer-name' } });
    await t.call('listTenants');
    await t.app.inject({ url: '/api/v1/not-a-route/secret-customer-name' });
    const res = await t.app.inject({ url: '/metrics', headers: METRICS_AUTH });
    assert.equal(res.statusCode, 200);
    const text = res.body;
    assert.match(
      text,
      /switchyard_http_requests_total\{route="\/api\/v1\/tenants\/:id",method="GET",status_class="4xx"\} 1/
    );
    assert.match(
      text,
      /switchyard_http_requests_total\{route="\/api\/v1\/tenants",method="GET",status_class="2xx"\} 1/
    );
    assert.match(text, /switchyard_http_requests_total\{route="unmatched",method="GET",status_class="4xx"\} 1/);
    assert.match(text, /switchyard_http_request_duration_seconds_bucket\{le="0.005",route="\/api\/v1\/tenants"/);
    assert.match(text, /switchyard_process_cpu_user_seconds_total/);
    assert.doesNotMatch(text, /secret-customer-name/);
  });

  test('/metrics needs its own bearer token exactly once; no token configured → not served', async () => {
    assert.equal((await t.app.inject({ url: '/metrics' })).statusCode, 401);
    assert.equal(
      (await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode,
      401
    );
    const twice = await t.app.inject({
      url: '/metrics',
      headers: { authorization: [METRICS_AUTH.authorization, METRICS_AUTH.authorization] } as unknown as Record<
        string,
        string
      >,
    });
    assert.equal(twice.statusCode, 401);
    const proxied = await t.app.inject({ url: '/metrics', headers: await t.proxyHeaders('listTenants') });
    assert.equal(proxied.statusCode, 401, 'the proxy credentials do not open /metrics');
    const off = await startTestApp('sqlite', { SWITCHYARD_METRICS_TOKEN: '' });
    try {
      const res = await off.app.inject({ url: '/metrics', headers: METRICS_AUTH });
      assert.equal(res.statusCode, 404);
      assert.match(res.json().message, /SWITCHYARD_METRICS_TOKEN/);
    } finally {
      await off.close();
    }
  });

  test('every answer carries the security headers: success, error and unknown route', async () => {
    const answers = [
      await t.call('listTenants'),
      await t.call('getTenant', { params: { id: 'nope' } }),
      await t.app.inject({ url: '/api/v1/nothing-here' }),
      await t.app.inject({ url: '/healthz' }),
    ];
    for (const res of answers) {
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
  });

  test('bodies over the limit are 413, non-JSON bodies 415, malformed JSON 400 — all with the error shape', async () => {
    const big = await t.call('createTenant', {
      body: tenantBody({ displayName: 'x'.repeat(300_000) }),
      headers: { 'idempotency-key': idempotencyKey() },
    });
    assert.equal(big.statusCode, 413);
    assert.equal(typeof big.json().requestId, 'string');
    const text = await t.call('createTenant', {
      body: 'hello',
      headers: { 'content-type': 'text/plain', 'idempotency-key': idempotencyKey() },
    });
    assert.equal(text.statusCode, 415);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tenants/bulk-status',
      headers: { 'content-type': 'application/json' },
      payload: '{"ids": [',
    });
    // Unauthenticated requests are refused before the body is parsed.
    assert.equal(bad.statusCode, 401);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tenants/bulk-status',
      headers: { ...(await t.proxyHeaders('bulkTenantStatus')), 'content-type': 'application/json' },
      payload: '{"ids": [',
    });
    assert.equal(malformed.statusCode, 400);
    assert.deepEqual(Object.keys(malformed.json()).sort(), ['code', 'field', 'message', 'requestId']);
    assert.equal(malformed.json().code, 'validation_failed');
  });

  test('a number JSON cannot hold (1e309 parses to Infinity) is 400 naming its field, before any fingerprint', async () => {
    const id = tenantBody().id as string;
    assert.equal((await t.call('createTenant', { body: tenantBody({ id }) })).statusCode, 201);
    const before = await t.counts();
    const cases: Array<[string, string]> = [
      ['{"to":"active","reason":"probe inf","extra":1e309}', 'body.extra'],
      ['{"to":"active","reason":"probe inf","params":{"a":[-1e400]}}', 'body.params.a.0'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/tenants/${id}/status`,
        headers: {
          ...(await t.proxyHeaders('changeTenantStatus')),
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey(),
        },
        payload,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json(), {
        code: 'validation_failed',
        message: `${field} must be a finite number`,
        field,
        requestId: res.headers['x-request-id'],
      });
    }
    assert.deepEqual(await t.counts(), before, 'no key, audit entry or change was stored');
  });

  test('a path the router cannot decode or a too-long segment gets the error shape, request id and headers', async () => {
    const headers = await t.proxyHeaders('getTenant');
    const cases: Array<[string, number]> = [
      ['%ZZ', 400],
      ['%', 400],
      ['%ff', 400],
      ['%c0%80', 400],
      ['a'.repeat(250), 414],
    ];
    for (const [segment, status] of cases) {
      const res = await t.app.inject({ url: `/api/v1/tenants/${segment}`, headers });
      assert.equal(res.statusCode, status, segment);
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), ['code', 'field', 'message', 'requestId']);
      assert.equal(body.code, 'validation_failed');
      assert.equal(body.field, 'path');
      assert.match(body.requestId, /^[0-9a-f-]{36}$/);
      assert.equal(res.headers['x-request-id'], body.requestId);
      assert.ok(!res.body.includes(segment.slice(0, 20)) && !res.body.includes('/api/v1'), 'the path is not echoed');
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(res.headers[k], v, `${segment} ${k}`);
    }
  });

  test('HEAD is not a twin of GET: 404, and the GET handler (an audited export) does not run', async () => {
    const before = await t.counts();
    const res = await t.app.inject({
      method: 'HEAD',
      url: '/api/v1/audit/export',
      headers: await t.proxyHeaders('exportAudit'),
    });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(await t.counts(), before, 'no audit.export entry was appended');
  });

  test('/readyz is 503 when the store is unreachable', async () => {
    const other = await startTestApp('sqlite');
    try {
      await other.database.close();
      const res = await other.app.inject({ url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'unavailable');
    } finally {
      await other.close();
    }
  });
});

describe('logging', () => {
  test('logs are JSON, carry the audit entries, and never contain the proxy secret or the ID token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        cb();
      },
    });
    const t = await startTestApp('sqlite');
    const app = await buildApp(t.config, { database: t.database, logger: createLogger('trace', sink) });
    try {
      const token = await t.idp.mint();
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/tenants',
        headers: {
          [PROXY_SECRET_HEADER]: TEST_SECRET,
          [GRAFANA_ID_HEADER]: token,
          'x-switchyard-granted-action': 'switchyard-controlplane-app.tenants:write',
          'idempotency-key': idempotencyKey(),
          'content-type': 'application/json',
        },
        payload: JSON.stringify(tenantBody()),
      });
      assert.equal(res.statusCode, 201);
      await app.inject({
        url: '/api/v1/tenants',
        headers: { [PROXY_SECRET_HEADER]: 'wrong-secret-value-0123456789012345' },
      });
      const all = lines.join('\n');
      assert.ok(lines.length > 0 && lines.every((l) => JSON.parse(l)));
      assert.ok(!all.includes(TEST_SECRET), 'secret leaked into logs');
      assert.ok(!all.includes(token), 'token leaked into logs');
      assert.ok(!all.includes('wrong-secret-value'), 'presented secret leaked into logs');
      const audit = lines.map((l) => JSON.parse(l)).find((l) => l.component === 'audit');
      assert.equal(audit?.audit?.action, 'tenant.create');
    } finally {
      await app.close();
      await t.close();
    }
  });
});

describe('registrar', () => {
  const deps = {
    authenticate: async () => ({ login: 'x', orgId: 1, sub: 'x' }),
    idempotency: {} as never,
    validateResponses: false,
  };

  test('an endpoint without a handler stops start-up', () => {
    assert.throws(() => registerEndpoints(Fastify(), {}, deps), /no handler for listTenants/);
  });

  test('a handler without an endpoint stops start-up', () => {
    assert.throws(
      () => registerEndpoints(Fastify(), { deleteEverything: async () => ({}) } as never, deps),
      /no endpoint for deleteEverything/
    );
  });
});
