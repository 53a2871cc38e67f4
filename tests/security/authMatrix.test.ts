/**
 * The RBAC/auth matrix, generated from the endpoint table: every endpoint × every refused variant of
 * the trust boundary (proxy secret, granted action, ID token, org) on SQLite and PostgreSQL.
 * Expected: never a success, 401 or 403 exactly as specified, and not one row changed anywhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GRAFANA_ID_HEADER, GRANTED_ACTION_HEADER, PROXY_SECRET_HEADER, Actions } from '../../src/contract';
import {
  BACKENDS,
  TEST_SECRET,
  idempotencyKey,
  startTestApp,
  tenantBody,
  type CallOptions,
  type TestApp,
} from '../../src/sidecar/testing/testApp';
import { ENDPOINT_NAMES, Figures, StatusHistogram, algNoneToken, endpointDef, snapshot } from './support';

interface Variant {
  name: string;
  expect: 401 | 403;
  options(t: TestApp, action: string): Promise<CallOptions>;
}

const otherAction = (action: string) => (action === Actions.tenantsRead ? Actions.auditRead : Actions.tenantsRead);

const VARIANTS: Variant[] = [
  { name: 'no proxy secret', expect: 401, options: async () => ({ headers: { [PROXY_SECRET_HEADER]: undefined } }) },
  {
    name: 'duplicate proxy secret',
    expect: 401,
    options: async () => ({ headers: { [PROXY_SECRET_HEADER]: [TEST_SECRET, TEST_SECRET] } }),
  },
  {
    name: 'wrong proxy secret',
    expect: 401,
    options: async () => ({ headers: { [PROXY_SECRET_HEADER]: `${TEST_SECRET.slice(0, -1)}X` } }),
  },
  { name: 'no ID token', expect: 401, options: async () => ({ headers: { [GRAFANA_ID_HEADER]: undefined } }) },
  { name: 'expired ID token', expect: 401, options: async () => ({ token: { expiresIn: -120 } }) },
  { name: 'ID token for another org', expect: 401, options: async () => ({ token: { audience: ['org:2'] } }) },
  {
    name: 'ID token from another issuer',
    expect: 401,
    options: async () => ({ token: { issuer: 'https://evil.example/' } }),
  },
  { name: 'ID token signed by another key', expect: 401, options: async () => ({ token: { forged: true } }) },
  {
    name: 'ID token with an unknown key id',
    expect: 401,
    options: async () => ({ token: { forged: true, kid: 'not-published' } }),
  },
  {
    name: 'unsigned ID token (alg none)',
    expect: 401,
    options: async (t) => ({ headers: { [GRAFANA_ID_HEADER]: algNoneToken(t.idp.issuer) } }),
  },
  {
    name: 'duplicate ID token',
    expect: 401,
    options: async (t) => {
      const tok = await t.idp.mint();
      return { headers: { [GRAFANA_ID_HEADER]: [tok, tok] } };
    },
  },
  {
    name: 'no granted action',
    expect: 403,
    options: async () => ({ headers: { [GRANTED_ACTION_HEADER]: undefined } }),
  },
  {
    name: 'another granted action',
    expect: 403,
    options: async (_t, action) => ({ headers: { [GRANTED_ACTION_HEADER]: otherAction(action) } }),
  },
  {
    name: 'duplicate granted action',
    expect: 403,
    options: async (_t, action) => ({ headers: { [GRANTED_ACTION_HEADER]: [action, action] } }),
  },
  {
    name: 'granted action with a second value',
    expect: 403,
    options: async (_t, action) => ({ headers: { [GRANTED_ACTION_HEADER]: `${action}, ${otherAction(action)}` } }),
  },
];

const figures = new Figures();
after(() => figures.print('auth matrix figures'));

for (const backend of BACKENDS) {
  describe(`auth matrix on ${backend}`, () => {
    let t: TestApp;
    let tenantId: string;
    const histogram = new StatusHistogram();
    let successes = 0;
    let stateChanges = 0;

    before(async () => {
      t = await startTestApp(backend);
      const body = tenantBody();
      const created = await t.call('createTenant', { body, headers: { 'idempotency-key': idempotencyKey() } });
      assert.equal(created.statusCode, 201, created.body);
      tenantId = String(body.id);
    });
    after(async () => {
      figures.add(`${backend}: requests`, histogram.total);
      figures.add(`${backend}: status histogram`, histogram.toString());
      figures.add(`${backend}: unauthorized successes`, successes);
      figures.add(`${backend}: state changes after refusals`, stateChanges);
      await t.close();
    });

    for (const name of ENDPOINT_NAMES) {
      test(`${name}: every refused variant is refused and changes nothing`, async () => {
        const def = endpointDef(name);
        const params = Object.fromEntries(
          [...def.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, k]) => [
            k,
            k === 'id' || k === 'tenantId' ? tenantId : `${k}-1`,
          ])
        );
        const before = await snapshot(t);
        for (const variant of VARIANTS) {
          const opts = await variant.options(t, def.action);
          const res = await t.call(name, {
            params,
            body: def.method === 'GET' ? undefined : {},
            ...opts,
            headers: {
              ...(def.idempotent ? { 'idempotency-key': idempotencyKey() } : {}),
              ...(def.ifMatch ? { 'if-match': '"1"' } : {}),
              ...opts.headers,
            },
          });
          histogram.add(res.statusCode);
          if (res.statusCode < 300) successes += 1;
          assert.equal(res.statusCode, variant.expect, `${name} with ${variant.name}: ${res.statusCode} ${res.body}`);
          const err = res.json() as { code: string; requestId: string; message: string };
          assert.ok(err.requestId && err.code && err.message, `${name} with ${variant.name}: error body ${res.body}`);
          assert.doesNotMatch(res.body, /at .+\.(ts|js):\d+|stack|SELECT |INSERT /i);
        }
        const afterSnap = await snapshot(t);
        if (JSON.stringify(afterSnap) !== JSON.stringify(before)) stateChanges += 1;
        assert.deepEqual(afterSnap, before, `${name}: refused requests changed the store`);
      });
    }
  });
}
