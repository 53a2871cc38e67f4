import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { Actions, GRAFANA_ID_HEADER, GRANTED_ACTION_HEADER, PROXY_SECRET_HEADER } from '../../../contract';
import {
  BACKENDS,
  TEST_SECRET,
  idempotencyKey,
  startTestApp,
  tenantBody,
  type CallOptions,
  type TestApp,
} from '../../testing/testApp';

/** Sends raw header lines over a real socket, so a header can appear twice. */
function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Array<[string, string | string[]]>,
  body?: unknown
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    for (const [k, v] of headers) req.setHeader(k, v);
    req.on('error', reject);
    if (body !== undefined) {
      req.setHeader('content-type', 'application/json');
      req.end(JSON.stringify(body));
    } else req.end();
  });
}

for (const backend of BACKENDS) {
  describe(`trust boundary (${backend})`, () => {
    let t: TestApp;
    let port: number;
    before(async () => {
      t = await startTestApp(backend);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      port = (t.app.server.address() as AddressInfo).port;
    });
    after(() => t?.close());

    /** A create that must be refused with `status` and leave every table as it was. */
    async function refusedCreate(status: number, opts: CallOptions) {
      const before = await t.counts();
      const res = await t.call('createTenant', {
        body: tenantBody(),
        ...opts,
        headers: { 'idempotency-key': idempotencyKey(), ...opts.headers },
      });
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().code, status === 401 ? 'unauthenticated' : 'forbidden');
      assert.equal(res.json().requestId, res.headers['x-request-id']);
      assert.deepEqual(await t.counts(), before, 'nothing changed');
    }

    test('a well-formed proxied request is accepted (the baseline the refusals differ from)', async () => {
      const res = await t.call('createTenant', {
        body: tenantBody(),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(res.statusCode, 201);
    });

    test('missing or wrong proxy secret → 401', async () => {
      await refusedCreate(401, { headers: { [PROXY_SECRET_HEADER]: undefined } });
      await refusedCreate(401, { headers: { [PROXY_SECRET_HEADER]: `${TEST_SECRET.slice(0, -1)}x` } });
      await refusedCreate(401, { headers: { [PROXY_SECRET_HEADER]: TEST_SECRET.slice(0, 20) } });
      await refusedCreate(401, { headers: { [PROXY_SECRET_HEADER]: `${TEST_SECRET},${TEST_SECRET}` } });
    });

    test('two secret headers (even both correct) → 401, counted from the raw header lines', async () => {
      const before = await t.counts();
      const token = await t.idp.mint();
      const base: Array<[string, string | string[]]> = [
        [GRAFANA_ID_HEADER, token],
        [GRANTED_ACTION_HEADER, Actions.tenantsWrite],
        ['idempotency-key', idempotencyKey()],
      ];
      const two = await rawRequest(
        port,
        'POST',
        '/api/v1/tenants',
        [...base, [PROXY_SECRET_HEADER, [TEST_SECRET, TEST_SECRET]]],
        tenantBody()
      );
      assert.equal(two.status, 401);
      const one = await rawRequest(
        port,
        'POST',
        '/api/v1/tenants',
        [...base, [PROXY_SECRET_HEADER, TEST_SECRET]],
        tenantBody()
      );
      assert.equal(one.status, 201, one.body);
      assert.equal((await t.counts()).tenants, before.tenants + 1);
      const twoActions = await rawRequest(port, 'GET', '/api/v1/tenants', [
        [PROXY_SECRET_HEADER, TEST_SECRET],
        [GRAFANA_ID_HEADER, token],
        [GRANTED_ACTION_HEADER, [Actions.tenantsRead, Actions.tenantsRead]],
      ]);
      assert.equal(twoActions.status, 403);
      const twoTokens = await rawRequest(port, 'GET', '/api/v1/tenants', [
        [PROXY_SECRET_HEADER, TEST_SECRET],
        [GRAFANA_ID_HEADER, [token, token]],
        [GRANTED_ACTION_HEADER, Actions.tenantsRead],
      ]);
      assert.equal(twoTokens.status, 401);
    });

    test('missing, forged, expired, wrong-audience, wrong-issuer or unsigned ID token → 401', async () => {
      await refusedCreate(401, { headers: { [GRAFANA_ID_HEADER]: undefined } });
      await refusedCreate(401, { token: { forged: true } });
      await refusedCreate(401, { token: { expiresIn: -60 } });
      await refusedCreate(401, { token: { audience: ['org:2'] } });
      await refusedCreate(401, { token: { issuer: 'http://evil.example/' } });
      await refusedCreate(401, { token: { kid: 'unknown-kid' } });
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'user:1', aud: ['org:1'], iss: t.idp.issuer, exp: 9e9, username: 'alice' })).toString('base64url')}.`;
      await refusedCreate(401, { headers: { [GRAFANA_ID_HEADER]: none } });
      const hs256 = await new SignJWT({ username: 'alice' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('user:1')
        .setIssuer(t.idp.issuer)
        .setAudience('org:1')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(TEST_SECRET));
      await refusedCreate(401, { headers: { [GRAFANA_ID_HEADER]: hs256 } });
      await refusedCreate(401, { headers: { [GRAFANA_ID_HEADER]: 'garbage' } });
    });

    test('authenticated but the granted action is missing, different or duplicated → 403', async () => {
      await refusedCreate(403, { headers: { [GRANTED_ACTION_HEADER]: undefined } });
      await refusedCreate(403, { headers: { [GRANTED_ACTION_HEADER]: Actions.tenantsRead } });
      await refusedCreate(403, {
        headers: { [GRANTED_ACTION_HEADER]: `${Actions.tenantsWrite},${Actions.tenantsWrite}` },
      });
      const audit = await t.call('verifyAudit', { headers: { [GRANTED_ACTION_HEADER]: Actions.auditExport } });
      assert.equal(audit.statusCode, 403);
    });

    test('read endpoints refuse too, before any handler runs', async () => {
      const res = await t.call('listTenants', { headers: { [PROXY_SECRET_HEADER]: undefined } });
      assert.equal(res.statusCode, 401);
      assert.equal((await t.call('listAudit', { token: { expiresIn: -1000 } })).statusCode, 401);
      assert.equal(
        (
          await t.call('getTenant', {
            params: { id: 'x1' },
            headers: { [GRANTED_ACTION_HEADER]: Actions.tenantsWrite },
          })
        ).statusCode,
        403
      );
    });

    test('client-sent X-Grafana-User / -Context / -Org-Id are ignored: the actor comes from the verified token', async () => {
      const body = tenantBody();
      const res = await t.call('createTenant', {
        body,
        headers: {
          'idempotency-key': idempotencyKey(),
          'x-grafana-user': 'mallory',
          'x-grafana-org-id': '2',
          'x-grafana-context': JSON.stringify({ login: 'mallory', orgId: 2, orgRole: 'Admin' }),
        },
      });
      assert.equal(res.statusCode, 201);
      const entry = (await t.call('listAudit', { query: { targetId: body.id as string } })).json().items[0];
      assert.deepEqual(entry.actor, { login: 'alice', orgId: 1, role: 'Editor' });
    });

    test('request ids are generated per request and echoed; a client-sent x-request-id is not adopted', async () => {
      const a = await t.call('listTenants', { headers: { 'x-request-id': 'client-chosen' } });
      const b = await t.call('listTenants');
      assert.match(String(a.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
      const err = await t.call('getTenant', {
        params: { id: 'missing-one' },
        headers: { 'x-request-id': 'client-chosen' },
      });
      assert.equal(err.json().requestId, err.headers['x-request-id']);
      assert.notEqual(err.json().requestId, 'client-chosen');
    });

    test('the JWKS is fetched once and cached across tokens and requests', async () => {
      const fetchesBefore = t.idp.jwksFetches();
      for (let i = 0; i < 5; i++) {
        assert.equal(
          (await t.call('listTenants', { token: { claims: { username: `user${i}`, sub: `user:${10 + i}` } } }))
            .statusCode,
          200
        );
      }
      assert.ok(fetchesBefore <= 1);
      assert.equal(t.idp.jwksFetches(), fetchesBefore === 0 ? 1 : fetchesBefore);
    });
  });
}
