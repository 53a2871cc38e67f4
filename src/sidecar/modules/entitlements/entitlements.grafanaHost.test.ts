/**
 * Team lookups against the Grafana-compatible test host (tests/host/server/teams.ts), which serves
 * Grafana's team API with a service account token and signs the ID tokens the sidecar verifies: the
 * sidecar reads the user's teams from it; when Grafana refuses the lookup (an unknown service account
 * token) or is down, a user whose scope depends on their teams gets 503 naming Grafana — never a
 * guess, never a tenant, never the token — and an org Admin, who needs no lookup, is still served.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GRAFANA_ID_HEADER, type EndpointName } from '../../../contract';
import { startHost, type RunningHost } from '../../../../tests/host/server/app';
import { createSigningKey, signIdToken, type SigningKey } from '../../../../tests/host/server/idToken';
import { USERS as HOST_USERS } from '../../../../tests/host/server/users';
import { seedTenantRows, tenantFixture } from '../../testing/entitlementsFixture';
import { idempotencyKey, startTestApp, type CallOptions, type TestApp } from '../../testing/testApp';

const SA_TOKEN = 'glsa_entitlements_host_0123456789abcdef';

describe('entitlements with the test host as Grafana', () => {
  let key: SigningKey;
  let host: RunningHost;
  let sidecar: TestApp;
  let refused: TestApp;
  let hostUp = false;

  /** A request as Grafana's proxy sends it, with an ID token the host's key signed for `login`. */
  async function as(t: TestApp, login: string, name: EndpointName, opts: CallOptions = {}) {
    const u = HOST_USERS[login];
    const token = await signIdToken(key, `${host.url}/`, u, t.clock.now().getTime());
    return t.call(name, { ...opts, headers: { ...opts.headers, [GRAFANA_ID_HEADER]: token } });
  }

  const start = (saToken: string) =>
    startTestApp('sqlite', {
      GRAFANA_URL: host.url,
      SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1',
      SWITCHYARD_ENTITLEMENTS: 'on',
      SWITCHYARD_GRAFANA_SA_TOKEN: saToken,
      // Every request reads the membership again, so the first failure shows.
      SWITCHYARD_ENTITLEMENTS_TEAM_TTL_MS: '0',
    });

  async function seed(t: TestApp) {
    const rule = await as(t, 'admin', 'createEntitlementRule', {
      body: {
        subject: { type: 'team', team: 'payments' },
        scope: { type: 'labels', labels: { team: 'payments' } },
        description: 'payments',
      },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    assert.equal(rule.statusCode, 201, rule.body);
    await seedTenantRows(t, [
      tenantFixture('pay-one', { labels: { team: 'payments' } }),
      tenantFixture('search-secret', { labels: { team: 'search' } }),
    ]);
  }

  before(async () => {
    key = await createSigningKey();
    host = await startHost({ line: 'grafana-12', signingKey: key, serviceAccountToken: SA_TOKEN });
    hostUp = true;
    sidecar = await start(SA_TOKEN);
    refused = await start('glsa_not_known_to_grafana_0123456789');
    await seed(sidecar);
    await seed(refused);
  });
  after(async () => {
    await sidecar?.close();
    await refused?.close();
    if (hostUp) await host.close();
  });

  const ids = (res: { json: () => { items: Array<{ id: string }> } }) => res.json().items.map((x) => x.id);

  test("a team member's scope comes from the host's team API", async () => {
    const pam = await as(sidecar, 'pam', 'listTenants');
    assert.equal(pam.statusCode, 200, pam.body);
    assert.deepEqual(ids(pam), ['pay-one']);
    const other = await as(sidecar, 'pam', 'getTenant', { params: { id: 'search-secret' } });
    assert.equal(other.statusCode, 404);
    const admin = await as(sidecar, 'admin', 'listTenants');
    assert.deepEqual(ids(admin).sort(), ['pay-one', 'search-secret']);
  });

  /** pam's reads while Grafana cannot answer: 503 naming Grafana, nothing of a tenant or the token. */
  async function failsClosed(t: TestApp, why: RegExp) {
    for (const [name, opts] of [
      ['listTenants', {}],
      ['getTenantCounts', {}],
      ['getTenant', { params: { id: 'pay-one' } }],
      ['getTenantActivity', { params: { id: 'pay-one' } }],
      ['listAudit', {}],
    ] as Array<[EndpointName, CallOptions]>) {
      const res = await as(t, 'pam', name, opts);
      assert.equal(res.statusCode, 503, `${name}: ${res.body}`);
      assert.equal(res.json().code, 'unavailable', name);
      assert.match(res.json().message, /^Grafana is unavailable/, name);
      assert.match(res.json().message, why, name);
      assert.doesNotMatch(res.body, /pay-one|search-secret|glsa_/, name);
    }
    // An org Admin sees every tenant without a team lookup.
    const admin = await as(t, 'admin', 'getTenantCounts');
    assert.equal(admin.statusCode, 200, admin.body);
  }

  test('Grafana refusing the team lookup (an unknown service account token) → 503, nothing leaked', async () => {
    await failsClosed(refused, /HTTP 401/);
  });

  test('Grafana down → 503, nothing leaked', async () => {
    assert.equal((await as(sidecar, 'pam', 'getTenant', { params: { id: 'pay-one' } })).statusCode, 200);
    await host.close();
    hostUp = false;
    await failsClosed(sidecar, /unreachable|connect|did not answer|fetch failed/i);
  });
});
