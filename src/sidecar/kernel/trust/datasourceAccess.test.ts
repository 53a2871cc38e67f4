import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  DATASOURCE_USER_HEADER,
  GRAFANA_ID_HEADER,
  PROXY_SECRET_HEADER,
  buildPath,
  endpoints,
  type EndpointName,
  pathParamNames,
} from '../../../contract';
import { buildApp } from '../../app';
import { ConfigError, loadConfig } from '../config/config';
import { BACKENDS, TEST_SECRET, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';
import { DATASOURCE_READ_ACTIONS } from './datasourceCaller';

const DS_TOKEN = 'datasource-token-0123456789abcdefghijklmnop';
const PARAMS = { id: '00000000-0000-4000-8000-000000000001' };
const TENANT_PARAMS = { id: 'tenant-zz' };

/** A value for every `:param` of the path: job ids are UUIDs, shards and tenants the seeded ids. */
const OTHER_PARAMS: Record<string, string> = {
  kind: 'gateway',
  scope: 'global',
  name: 'orders',
  version: '1',
  tenantId: 'tenant-zz',
};
const paramsFor = (name: EndpointName): Record<string, string> => {
  const p = endpoints[name].path;
  const id =
    p.startsWith('/api/v1/jobs') ||
    p.startsWith('/api/v1/job-approvals') ||
    p.startsWith('/api/v1/definitions/promotions') ||
    p.startsWith('/api/v1/definition-approvals')
      ? PARAMS.id
      : p.includes('/shards/')
        ? 'shard-zz'
        : TENANT_PARAMS.id;
  const params: Record<string, string> = {};
  for (const param of pathParamNames(p)) params[param] = param === 'id' ? id : (OTHER_PARAMS[param] ?? 'x');
  return params;
};

const mutating = (Object.keys(endpoints) as EndpointName[]).filter(
  (n) => endpoints[n].method !== 'GET' || !endpoints[n].action.endsWith(':read')
);
const reading = (Object.keys(endpoints) as EndpointName[]).filter((n) => !mutating.includes(n));

test('SWITCHYARD_DATASOURCE_TOKEN: optional, at least 32 characters, never echoed', () => {
  const base = {
    SWITCHYARD_PROXY_SECRET: 's'.repeat(32),
    GRAFANA_URL: 'http://g.local:3000',
    SWITCHYARD_OUTBOUND_HOSTS: 'g.local',
  };
  assert.equal(loadConfig(base).datasourceToken, null);
  assert.equal(loadConfig({ ...base, SWITCHYARD_DATASOURCE_TOKEN: DS_TOKEN }).datasourceToken, DS_TOKEN);
  assert.throws(
    () => loadConfig({ ...base, SWITCHYARD_DATASOURCE_TOKEN: 'short-token-value' }),
    (e: unknown) =>
      e instanceof ConfigError && e.variable === 'SWITCHYARD_DATASOURCE_TOKEN' && !e.message.includes('short-token')
  );
});

test('the read actions the data source may use are exactly those of GET endpoints', () => {
  assert.ok(reading.length >= 10 && mutating.length >= 10);
  assert.ok(mutating.includes('exportAudit'), 'a GET with a non-read action stays closed');
  for (const n of reading) assert.ok(DATASOURCE_READ_ACTIONS.has(endpoints[n].action), n);
});

for (const backend of BACKENDS) {
  describe(`data source credential (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { SWITCHYARD_DATASOURCE_TOKEN: DS_TOKEN });
      const res = await t.call('createTenant', {
        body: tenantBody({ id: 'tenant-zz' }),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(() => t?.close());

    const send = (name: EndpointName, headers: Record<string, string | string[]>, body?: unknown) =>
      t.app.inject({
        method: endpoints[name].method,
        url: buildPath(endpoints[name].path, paramsFor(name)),
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
    const bearer = { authorization: `Bearer ${DS_TOKEN}` };

    test('every mutating (or non-read) endpoint → 403 datasource_read_only and nothing changes', async () => {
      for (const name of mutating) {
        const before = await t.counts();
        const res = await send(name, { ...bearer, 'idempotency-key': idempotencyKey(), 'if-match': '"1"' }, {});
        assert.equal(res.statusCode, 403, `${name}: ${res.body}`);
        assert.equal(res.json().code, 'datasource_read_only', name);
        assert.deepEqual(await t.counts(), before, name);
        assert.ok(!res.body.includes(DS_TOKEN));
      }
    });

    test('every read endpoint is reachable with the credential (with and without a user)', async () => {
      for (const name of reading) {
        const res = await send(name, { ...bearer, [DATASOURCE_USER_HEADER]: 'bob' });
        assert.ok(res.statusCode !== 401 && res.statusCode !== 403, `${name}: ${res.statusCode} ${res.body}`);
      }
      const res = await send('getTenant', bearer);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().id, 'tenant-zz');
    });

    test('a wrong, duplicated or non-Bearer credential → 401; no token configured → the way is closed', async () => {
      for (const headers of [
        { authorization: `Bearer ${DS_TOKEN.slice(0, -1)}x` },
        { authorization: [`Bearer ${DS_TOKEN}`, `Bearer ${DS_TOKEN}`] },
        { authorization: `Basic ${DS_TOKEN}` },
        { authorization: `Bearer ${DS_TOKEN},Bearer ${DS_TOKEN}` },
      ]) {
        const res = await send('listTenants', headers);
        assert.equal(res.statusCode, 401, JSON.stringify(headers));
        assert.ok(!res.body.includes(DS_TOKEN));
      }
      const closed = await startTestApp('sqlite');
      try {
        const res = await closed.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: bearer });
        assert.equal(res.statusCode, 401);
      } finally {
        await closed.close();
      }
    });

    test('with a proxy-secret header the proxy rules apply: the bearer grants nothing', async () => {
      const res = await send('listTenants', { ...bearer, [PROXY_SECRET_HEADER]: TEST_SECRET });
      assert.equal(res.statusCode, 401, 'no ID token on the proxy path');
      const create = await send(
        'createTenant',
        { ...bearer, [PROXY_SECRET_HEADER]: 'wrong', 'idempotency-key': idempotencyKey() },
        tenantBody()
      );
      assert.equal(create.statusCode, 401);
    });

    test('a forwarded ID token is verified: valid → accepted, forged or expired → 401', async () => {
      const ok = await send('listTenants', { ...bearer, [GRAFANA_ID_HEADER]: await t.idp.mint() });
      assert.equal(ok.statusCode, 200, ok.body);
      for (const token of [await t.idp.mint({ forged: true }), await t.idp.mint({ expiresIn: -60 })]) {
        const res = await send('listTenants', { ...bearer, [GRAFANA_ID_HEADER]: token });
        assert.equal(res.statusCode, 401);
      }
      const forgedAdmin = await t.idp.mint({ forged: true, claims: { username: 'admin', role: 'Admin' } });
      const write = await send(
        'createTenant',
        { ...bearer, [GRAFANA_ID_HEADER]: forgedAdmin, 'idempotency-key': idempotencyKey() },
        tenantBody()
      );
      assert.equal(write.statusCode, 403, 'read-only before identity');
    });

    test('a claimed user header is attribution only: it never opens a mutating endpoint', async () => {
      const res = await send(
        'changeTenantStatus',
        { ...bearer, [DATASOURCE_USER_HEADER]: 'admin' },
        { to: 'active', reason: 'claimed admin' }
      );
      assert.equal(res.statusCode, 403);
      assert.equal((await send('getTenant', { ...bearer })).json().status, 'provisioning');
    });
  });
}

test('the credential never reaches the logs, accepted or refused', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const t = await startTestApp('sqlite', { SWITCHYARD_DATASOURCE_TOKEN: DS_TOKEN });
  const app = await buildApp(t.config, { database: t.database, logger: pino({ level: 'trace' }, sink) });
  try {
    await app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { authorization: `Bearer ${DS_TOKEN}` } });
    await app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { authorization: `Bearer ${DS_TOKEN}x` } });
    await app.inject({
      method: 'POST',
      url: '/api/v1/placement/sync',
      headers: { authorization: `Bearer ${DS_TOKEN}` },
    });
    assert.ok(lines.length > 0, 'something was logged');
    assert.ok(!lines.join('\n').includes(DS_TOKEN.slice(0, 24)));
  } finally {
    await app.close();
    await t.close();
  }
});
