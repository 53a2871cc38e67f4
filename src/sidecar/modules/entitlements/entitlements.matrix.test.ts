/**
 * The entitlement matrix, generated from the endpoint table: every endpoint addressed by a tenant id
 * (its params schema is the tenant-id schema) × every user of the cast × {own tenant, another team's
 * tenant, a missing tenant} → exactly the success status or exactly the 404 a missing tenant answers
 * (same body but for the id and the request id). A new tenant-bound endpoint fails this suite until
 * it has a request below.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICE_KINDS, TenantIdParamsSchema, endpoints, type EndpointName } from '../../../contract';
import {
  TEAM_A,
  TEAM_B,
  USERS,
  addStandardRules,
  seedTenantRows,
  startEntitledApp,
  tenantFixture,
  tokenFor,
  type UserKey,
} from '../../testing/entitlementsFixture';
import { BACKENDS, idempotencyKey, type CallOptions, type TestApp } from '../../testing/testApp';
import { startTestSimulator, type TestSimulator } from '../../../simulator/testing/startSimulator';

const TENANT_BOUND = (Object.keys(endpoints) as EndpointName[]).filter(
  (n) => (endpoints[n] as { params?: unknown }).params === TenantIdParamsSchema
);

/** A request that succeeds on a fresh, active tenant the caller may see. */
const REQUESTS: Record<string, (id: string) => CallOptions> = {
  getTenant: () => ({}),
  updateTenant: () => ({ body: { displayName: 'Renamed' }, headers: { 'if-match': '"1"' } }),
  changeTenantStatus: () => ({ body: { to: 'suspended', reason: 'entitlement matrix' } }),
  archiveTenant: () => ({ body: { reason: 'entitlement matrix' } }),
  getTenantIsolation: () => ({}),
  probeTenantIsolation: () => ({
    body: { reason: 'entitlement matrix' },
    headers: { 'idempotency-key': idempotencyKey() },
  }),
  getTenantPlacement: () => ({}),
};

/** Which team's tenant is "own" and which is "other" for each user; null → the user has none. */
const OWN: Record<UserKey, { own: string | null; other: string | null; seesOther: boolean }> = {
  sre: { own: TEAM_A, other: TEAM_B, seesOther: true },
  teamA: { own: TEAM_A, other: TEAM_B, seesOther: false },
  teamB: { own: TEAM_B, other: TEAM_A, seesOther: false },
  noTeam: { own: null, other: TEAM_A, seesOther: false },
  viewer: { own: TEAM_A, other: TEAM_B, seesOther: false },
  admin: { own: TEAM_B, other: TEAM_A, seesOther: true },
};

test('every tenant-bound endpoint of the table has a matrix request', () => {
  assert.ok(TENANT_BOUND.length >= 7, TENANT_BOUND.join(','));
  assert.deepEqual(TENANT_BOUND.filter((n) => !REQUESTS[n]).sort(), []);
});

for (const backend of BACKENDS) {
  describe(`entitlement matrix (${backend})`, () => {
    let t: TestApp;
    let sim: TestSimulator;
    let seq = 0;

    before(async () => {
      sim = await startTestSimulator({ tenants: 2, tickMs: 60_000 });
      t = await startEntitledApp(backend, {
        SWITCHYARD_PLATFORM_URL: sim.url,
        SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1',
        SWITCHYARD_ISOLATION_REFRESH_MS: '0',
        SWITCHYARD_PLATFORM_TIMEOUT_MS: '400',
      });
      await addStandardRules(t);
    });
    after(async () => {
      await t?.close();
      await sim?.close();
    });

    /** A fresh active tenant of `team`, with a placement, so every endpoint can succeed on it. */
    async function tenantOf(team: string): Promise<string> {
      seq += 1;
      const id = `${team}-m${seq}`;
      await seedTenantRows(t, [tenantFixture(id, { labels: { team }, status: 'active' }, t.clock.now())]);
      await t.database.db
        .insertInto('placement_assignments')
        .values({
          tenant_id: id,
          kind: SERVICE_KINDS[0],
          shard_id: 'shard-1',
          revision: 1,
          generation: 1,
          updated_at: t.clock.now().toISOString(),
        })
        .execute();
      return id;
    }

    async function expectNotFound(name: EndpointName, user: UserKey, id: string, why: string) {
      const res = await t.call(name, { ...REQUESTS[name](id), params: { id }, token: tokenFor(user) });
      assert.equal(res.statusCode, 404, `${name} as ${user} on ${why}: ${res.body}`);
      const body = res.json();
      const what = name === 'getTenantPlacement' ? 'Placement of tenant' : 'Tenant';
      assert.deepEqual(
        body,
        { code: 'not_found', message: `${what} ${id} was not found`, details: { id }, requestId: body.requestId },
        `${name} as ${user} on ${why}: the body of a missing tenant`
      );
    }

    for (const name of TENANT_BOUND) {
      for (const user of Object.keys(USERS) as UserKey[]) {
        const ok = endpoints[name].successStatus ?? 200;
        const ownText = OWN[user].own ? `own → ${ok}` : 'no own tenant';
        test(`${name} as ${user}: ${ownText}, other team → ${OWN[user].seesOther ? ok : 404}, missing → 404`, async () => {
          const { own, other, seesOther } = OWN[user];
          if (own) {
            const id = await tenantOf(own);
            const res = await t.call(name, { ...REQUESTS[name](id), params: { id }, token: tokenFor(user) });
            assert.equal(res.statusCode, ok, `${name} as ${user} on own tenant: ${res.body}`);
          }
          if (other) {
            const id = await tenantOf(other);
            if (seesOther) {
              const res = await t.call(name, { ...REQUESTS[name](id), params: { id }, token: tokenFor(user) });
              assert.equal(res.statusCode, ok, `${name} as ${user} on another team's tenant: ${res.body}`);
            } else {
              await expectNotFound(name, user, id, "another team's tenant");
            }
          }
          await expectNotFound(name, user, `missing-${seq}`, 'a missing tenant');
        });
      }
    }
  });
}
