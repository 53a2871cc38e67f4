/**
 * The RBAC/auth matrix, generated from the endpoint table: every endpoint × every refused variant of
 * the trust boundary (proxy secret, granted action, ID token, org) on SQLite and PostgreSQL, against
 * the sidecar wired to the simulated platform and a VictoriaMetrics stand-in.
 * Expected: never a success, 401 or 403 exactly as specified, not one row changed anywhere, not one
 * side effect on the platform, not one dependency query, and nothing internal in any response.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  GRAFANA_ID_HEADER,
  GRANTED_ACTION_HEADER,
  PROXY_SECRET_HEADER,
  Actions,
  pathParamNames,
} from '../../src/contract';
import {
  BACKENDS,
  TEST_SECRET,
  idempotencyKey,
  type CallOptions,
  type TestApp,
} from '../../src/sidecar/testing/testApp';
import {
  ENDPOINT_NAMES,
  Figures,
  StatusHistogram,
  algNoneToken,
  endpointDef,
  leaks,
  snapshot,
  startTarget,
  type Target,
} from './support';

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
    let target: Target;
    let t: TestApp;
    let tenantId: string;
    const histogram = new StatusHistogram();
    let successes = 0;
    let stateChanges = 0;
    let platformEffects = 0;
    let dependencyQueries = 0;
    let leaked = 0;

    before(async () => {
      target = await startTarget(backend);
      t = target.t;
      tenantId = target.tenantId;
    });
    after(async () => {
      figures.add(`${backend}: requests`, histogram.total);
      figures.add(`${backend}: status histogram`, histogram.toString());
      figures.zero(`${backend}: unauthorized successes`, successes);
      figures.zero(`${backend}: endpoints whose refusals changed a row`, stateChanges);
      figures.zero(`${backend}: platform side effects after refusals`, platformEffects);
      figures.zero(`${backend}: VictoriaMetrics queries after refusals`, dependencyQueries);
      figures.zero(`${backend}: responses leaking internals or secrets`, leaked);
      await target.close();
    });

    for (const name of ENDPOINT_NAMES) {
      test(`${name}: every refused variant is refused and changes nothing`, async () => {
        const def = endpointDef(name);
        const params = Object.fromEntries(
          pathParamNames(def.path).map((k) => [k, k === 'id' || k === 'tenantId' ? tenantId : `${k}-1`])
        );
        const before = await snapshot(t);
        const effectsBefore = await target.platformEffects();
        const queriesBefore = target.vm.queries.length;
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
          if (leaks(res)) leaked += 1;
          assert.equal(res.statusCode, variant.expect, `${name} with ${variant.name}: ${res.statusCode} ${res.body}`);
          const err = res.json() as { code: string; requestId: string; message: string };
          assert.ok(err.requestId && err.code && err.message, `${name} with ${variant.name}: error body ${res.body}`);
          assert.doesNotMatch(res.body, /at .+\.(ts|js):\d+|stack|SELECT |INSERT /i);
          assert.equal(leaks(res), false, `${name} with ${variant.name}: the response leaks internals`);
        }
        const afterSnap = await snapshot(t);
        if (JSON.stringify(afterSnap) !== JSON.stringify(before)) stateChanges += 1;
        assert.deepEqual(afterSnap, before, `${name}: refused requests changed the store`);
        // Anything a job or a handler would have done to the platform shows up in the simulator's
        // effect log; give a wrongly started job time to reach it before counting.
        await new Promise((r) => setTimeout(r, def.method === 'GET' ? 0 : 60));
        const effects = (await target.platformEffects()) - effectsBefore;
        const queries = target.vm.queries.length - queriesBefore;
        platformEffects += effects;
        dependencyQueries += queries;
        assert.equal(effects, 0, `${name}: refused requests caused platform side effects`);
        assert.equal(queries, 0, `${name}: refused requests queried VictoriaMetrics`);
      });
    }

    test('control: the same request, accepted, does reach the platform (the effect counter can fail)', async () => {
      const effectsBefore = await target.platformEffects();
      const res = await t.call('createJob', {
        body: { type: 'tenant.drain', params: { tenantId, drainTimeoutSeconds: 30 }, reason: 'matrix control' },
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(res.statusCode, 201, res.body);
      const deadline = Date.now() + 20_000;
      while ((await target.platformEffects()) === effectsBefore && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok((await target.platformEffects()) > effectsBefore, 'an accepted drain reaches the platform');
    });
  });
}
