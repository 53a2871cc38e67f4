/**
 * The entitlement matrix, generated from the endpoint table. Every endpoint of the table has a
 * binding below (a new endpoint fails this suite until it has one):
 * - `tenant`: addressed by a tenant id (its params schema is the tenant-id schema);
 * - `job`, `alert`, `silence`: addressed by a resource that belongs to a tenant;
 * - `environment`: an environment-level view (platform health);
 * - `list`: returns or counts tenant-bound rows;
 * - `named`: names tenants in its body (create, plan, bulk, job create);
 * - `fleet`: plans over every tenant together; needs an unrestricted scope;
 * - `none`: carries no tenant data (rules admin, deployments, the caller's own entitlements);
 * - `agent`: the credentials agent's push, authorized by its own action for every tenant (a service
 *   principal no team maps): every caller gets the same answer on any tenant's job, 404 on a missing one.
 * Every user of the cast × every addressed endpoint × {own, another team's, missing} → exactly the
 * expected status, and out of scope exactly the 404 a missing one answers (same body but for the id
 * and the request id). Every list/count endpoint, as every user, never names or counts an
 * out-of-scope tenant.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SERVICE_KINDS, TenantIdParamsSchema, endpoints, type EndpointName } from '../../../contract';
import { contentHash } from '../../../changes';
import { orderBundle } from '../../../changes/definitions/bundle.fixture';
import { startAlertmanager, type AlertmanagerProcess } from '../../testing/alertmanagerProcess';
import {
  TEAM_A,
  TEAM_B,
  USERS,
  addStandardRules,
  alertRow,
  jobRow,
  seedTenantRows,
  startEntitledApp,
  tenantFixture,
  tokenFor,
  type UserKey,
} from '../../testing/entitlementsFixture';
import { BACKENDS, idempotencyKey, tenantBody, type CallOptions, type TestApp } from '../../testing/testApp';
import { startTestSimulator, type TestSimulator } from '../../../simulator/testing/startSimulator';

const TENANT_BOUND = (Object.keys(endpoints) as EndpointName[]).filter(
  (n) => (endpoints[n] as { params?: unknown }).params === TenantIdParamsSchema
);

type Binding = 'tenant' | 'job' | 'agent' | 'alert' | 'silence' | 'environment' | 'list' | 'named' | 'fleet' | 'none';

/** How each endpoint of the table is bound to tenants. */
const BINDING: Record<EndpointName, Binding> = {
  listTenants: 'list',
  createTenant: 'named',
  bulkTenantStatus: 'named',
  planTenantChange: 'named',
  getTenant: 'tenant',
  updateTenant: 'tenant',
  changeTenantStatus: 'tenant',
  archiveTenant: 'tenant',
  listAudit: 'list',
  countAudit: 'list',
  verifyAudit: 'none',
  exportAudit: 'list',
  getTenantActivity: 'tenant',
  getJobActivity: 'job',
  createJob: 'named',
  listJobs: 'list',
  getJob: 'job',
  cancelJob: 'job',
  retryJob: 'job',
  pushCredentials: 'agent',
  approveJob: 'job',
  listIsolation: 'list',
  getTenantIsolation: 'tenant',
  probeTenantIsolation: 'tenant',
  getPlatformHealth: 'environment',
  listAlerts: 'list',
  createAlertSilence: 'alert',
  expireAlertSilence: 'silence',
  acknowledgeAlert: 'alert',
  getTenantCounts: 'list',
  listShards: 'list',
  getShard: 'list',
  listShardTenants: 'list',
  getTenantPlacement: 'tenant',
  previewRebalance: 'fleet',
  listSecurityEvents: 'none',
  syncPlacement: 'fleet',
  listEntitlementRules: 'none',
  createEntitlementRule: 'none',
  updateEntitlementRule: 'none',
  deleteEntitlementRule: 'none',
  previewEntitlementScope: 'none',
  listGrafanaTeams: 'none',
  getMyEntitlements: 'none',
  previewInventory: 'fleet',
  getVersionMatrix: 'none',
  listDeployments: 'none',
  getDeployment: 'none',
  pauseDeployment: 'none',
  resumeDeployment: 'none',
  abortDeployment: 'none',
  listImageTags: 'none',
  listFreezes: 'none',
  createFreeze: 'none',
  liftFreeze: 'none',
  listConfigDocuments: 'list',
  previewConfig: 'list',
  getTenantEffectiveConfig: 'tenant',
  // A config scope in the path may name a tenant (tenant:<id>): out of scope it is a 404.
  listConfigVersions: 'named',
  getConfigVersion: 'named',
  diffConfigVersions: 'named',
  writeConfig: 'named',
  applyConfig: 'named',
  rollbackConfig: 'named',
  listBundles: 'none',
  uploadBundle: 'none',
  getBundle: 'none',
  getBundleImpact: 'list',
  validateBundle: 'none',
  listBundleEnvironments: 'none',
  requestPromotion: 'none',
  listPromotions: 'none',
  getPromotion: 'none',
  approvePromotion: 'none',
  revertBundle: 'none',
  getTenantDefinitionOverrides: 'tenant',
  setTenantDefinitionOverride: 'tenant',
};
const bound = (b: Binding) => (Object.keys(BINDING) as EndpointName[]).filter((n) => BINDING[n] === b);

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
  getTenantActivity: () => ({ query: { limit: 20 } }),
  getTenantEffectiveConfig: () => ({}),
  getTenantDefinitionOverrides: () => ({}),
  // The matrix's `orders` bundle runs in prod (the tenants' environment) and allows overrides.
  setTenantDefinitionOverride: () => ({
    body: {
      bundleName: 'orders',
      effectProviders: [{ name: 'receipt', type: 'email', timeoutMs: 20_000 }],
      reason: 'entitlement matrix',
    },
    headers: { 'idempotency-key': idempotencyKey() },
  }),
};

/**
 * Requests on a resource of a tenant (a finished job, a firing alert, an active silence) and the
 * status they answer when the caller may see it: a finished job cannot be cancelled, retried,
 * approved or receive credentials (409), so a 404 can only mean "out of scope or missing".
 */
const RESOURCE_REQUESTS: Record<string, { ok: number; request: (id: string) => CallOptions }> = {
  getJob: { ok: 200, request: (id) => ({ params: { id } }) },
  getJobActivity: { ok: 200, request: (id) => ({ params: { id } }) },
  cancelJob: { ok: 409, request: (id) => ({ params: { id }, body: { reason: 'entitlement matrix' } }) },
  retryJob: { ok: 409, request: (id) => ({ params: { id }, body: { reason: 'entitlement matrix' } }) },
  approveJob: { ok: 409, request: (id) => ({ params: { id }, body: { planHash: 'a'.repeat(64) } }) },
  pushCredentials: {
    ok: 409,
    request: (id) => ({
      params: { id },
      body: {
        environment: 'prod',
        secret: 'db-creds',
        key: 'password',
        value: 'v',
        issuedAt: '2026-01-01T00:00:00.000Z',
      },
    }),
  },
  createAlertSilence: {
    ok: 201,
    request: (fingerprint) => ({ body: { fingerprint, durationMinutes: 30, reason: 'entitlement matrix' } }),
  },
  acknowledgeAlert: { ok: 200, request: (fingerprint) => ({ body: { fingerprint, reason: 'entitlement matrix' } }) },
  expireAlertSilence: { ok: 200, request: (id) => ({ params: { id }, body: { reason: 'entitlement matrix' } }) },
};
const NOT_FOUND_WHAT: Record<string, string> = {
  createAlertSilence: 'Alert',
  acknowledgeAlert: 'Alert',
  expireAlertSilence: 'Silence',
};

/** List and count endpoints: the request, and the request aimed at one tenant (`id`) where it has a filter. */
const LISTS: Record<string, { request: CallOptions; aimedAt?: (id: string) => CallOptions }> = {
  listTenants: { request: { query: { limit: 200 } }, aimedAt: (id) => ({ query: { q: id } }) },
  getTenantCounts: { request: {} },
  listAudit: { request: { query: { limit: 200 } }, aimedAt: (tenantId) => ({ query: { tenantId } }) },
  countAudit: { request: {}, aimedAt: (tenantId) => ({ query: { tenantId } }) },
  exportAudit: {
    request: { query: { format: 'ndjson' } },
    aimedAt: (tenantId) => ({ query: { format: 'csv', tenantId } }),
  },
  listJobs: { request: { query: { limit: 200 } }, aimedAt: (tenant) => ({ query: { tenant } }) },
  listAlerts: { request: { query: { limit: 200 } }, aimedAt: (tenant) => ({ query: { tenant } }) },
  listIsolation: { request: { query: { limit: 200 } } },
  listShards: { request: { query: { limit: 200 } } },
  getShard: { request: { params: { id: 'shard-1' } } },
  listShardTenants: { request: { params: { id: 'shard-1' }, query: { limit: 200 } } },
  listConfigDocuments: { request: {} },
  previewConfig: {
    request: {
      body: {
        kind: 'tenant.limits',
        scope: 'default',
        value: { schemaVersion: 1, requestsPerSecond: 7, maxConcurrentCommands: 1, maxEntities: 1, storageGb: 1 },
        sampleSize: 100,
      },
    },
  },
  getBundleImpact: { request: { params: { name: 'orders', version: '1.0.0' }, query: { environment: 'prod' } } },
};

/** Fleet-wide plans: refused (403, naming no tenant) to a limited scope. */
const FLEET: Record<string, CallOptions> = {
  previewInventory: {},
  previewRebalance: {},
  syncPlacement: {},
};

/** An error body without what names the thing asked for (message, details) and the request id. */
const bare = (res: { json: () => unknown }) => ({
  ...(res.json() as object),
  message: '',
  details: {},
  requestId: '',
});

/** Which team's tenant is "own" and which is "other" for each user; null → the user has none. */
const OWN: Record<UserKey, { own: string | null; other: string | null; seesOther: boolean }> = {
  sre: { own: TEAM_A, other: TEAM_B, seesOther: true },
  teamA: { own: TEAM_A, other: TEAM_B, seesOther: false },
  teamB: { own: TEAM_B, other: TEAM_A, seesOther: false },
  noTeam: { own: null, other: TEAM_A, seesOther: false },
  viewer: { own: TEAM_A, other: TEAM_B, seesOther: false },
  admin: { own: TEAM_B, other: TEAM_A, seesOther: true },
};

test('every endpoint of the table has a binding, and every tenant-bound one a matrix request', () => {
  assert.deepEqual(
    (Object.keys(endpoints) as EndpointName[]).filter((n) => !BINDING[n]),
    []
  );
  assert.deepEqual(bound('tenant').sort(), [...TENANT_BOUND].sort(), 'tenant-id endpoints are bound to the tenant');
  assert.ok(TENANT_BOUND.length >= 7, TENANT_BOUND.join(','));
  assert.deepEqual(TENANT_BOUND.filter((n) => !REQUESTS[n]).sort(), []);
  for (const b of ['job', 'agent', 'alert', 'silence'] as const) {
    assert.deepEqual(
      bound(b).filter((n) => !RESOURCE_REQUESTS[n]),
      [],
      `${b} endpoints have a request`
    );
  }
  assert.deepEqual(
    bound('list').filter((n) => !LISTS[n]),
    [],
    'list endpoints have a request'
  );
  assert.deepEqual(
    bound('fleet').filter((n) => !FLEET[n]),
    [],
    'fleet endpoints have a request'
  );
});

for (const backend of BACKENDS) {
  describe(`entitlement matrix (${backend})`, () => {
    let t: TestApp;
    let sim: TestSimulator;
    let am: AlertmanagerProcess;
    let seq = 0;

    before(async () => {
      sim = await startTestSimulator({ tenants: 2, tickMs: 60_000 });
      am = await startAlertmanager();
      t = await startEntitledApp(backend, {
        SWITCHYARD_PLATFORM_URL: sim.url,
        SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1',
        SWITCHYARD_ISOLATION_REFRESH_MS: '0',
        SWITCHYARD_PLATFORM_TIMEOUT_MS: '400',
        SWITCHYARD_ALERTMANAGER_URL: am.url,
        SWITCHYARD_ALERTMANAGER_TIMEOUT_MS: '1500',
        SWITCHYARD_HEALTH_ENVIRONMENTS: 'prod',
      });
      await addStandardRules(t);
      const at = t.clock.now().toISOString();
      const bundle = orderBundle('1.0.0');
      await t.database.db
        .insertInto('definition_bundles')
        .values({
          name: 'orders',
          version: '1.0.0',
          hash: contentHash(bundle),
          bundle: JSON.stringify(bundle),
          validation: JSON.stringify({ valid: true, errors: [] }),
          uploaded_by: 'alice',
          uploaded_at: at,
        })
        .execute();
      await t.database.db
        .insertInto('definition_activations')
        .values({
          id: randomUUID(),
          environment: 'prod',
          bundle_name: 'orders',
          version: '1.0.0',
          hash: contentHash(bundle),
          seq: 1,
          promoted_at: at,
          promoted_by: 'alice',
          healthy: 1,
        })
        .execute();
      await t.database.db
        .insertInto('placement_shards')
        .values({
          id: 'shard-1',
          kind: SERVICE_KINDS[0],
          region: 'eu',
          labels: '{"env":"prod"}',
          capacity: 1000,
          version: '',
          status: 'ready',
          revision: 1,
          updated_at: t.clock.now().toISOString(),
        })
        .execute();
      // Two tenants per team with a job, an alert and an audit entry each, for the list checks.
      for (const team of [TEAM_A, TEAM_B]) {
        for (const n of [1, 2]) {
          const id = await tenantOf(team, `${team}-l${n}`);
          await jobOf(id);
          await alertOf(id);
          const r = await t.call('updateTenant', {
            params: { id },
            body: { displayName: `Listed ${id}` },
            token: tokenFor('admin'),
            headers: { 'if-match': '"1"' },
          });
          assert.equal(r.statusCode, 200, r.body);
        }
      }
    });
    after(async () => {
      await t?.close();
      await sim?.close();
      await am?.stop();
    });

    /** A fresh active tenant of `team`, with a placement, so every endpoint can succeed on it. */
    async function tenantOf(team: string, name?: string): Promise<string> {
      seq += 1;
      const id = name ?? `${team}-m${seq}`;
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

    /** A finished job on `tenantId`; returns its id. */
    async function jobOf(tenantId: string): Promise<string> {
      const id = randomUUID();
      await t.database.db
        .insertInto('jobs')
        .values(jobRow(id, tenantId, t.clock.now().toISOString()))
        .execute();
      return id;
    }

    /** A firing alert on `tenantId`; returns its fingerprint. */
    async function alertOf(tenantId: string): Promise<string> {
      seq += 1;
      const fp = `fp${seq}${tenantId.replace(/[^a-z0-9]/g, '')}`.slice(0, 40);
      await t.database.db
        .insertInto('alerts')
        .values(alertRow(fp, tenantId, t.clock.now().toISOString()))
        .execute();
      return fp;
    }

    /** An active Alertmanager silence pinned to `tenantId`; returns its id. */
    async function silenceOf(tenantId: string): Promise<string> {
      const now = t.clock.now();
      const res = await fetch(`${am.url}/api/v2/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          matchers: [{ name: 'tenant_id', value: tenantId, isRegex: false, isEqual: true }],
          startsAt: now.toISOString(),
          endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
          createdBy: 'matrix',
          comment: 'entitlement matrix',
        }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      return ((await res.json()) as { silenceID: string }).silenceID;
    }

    async function resourceOf(name: EndpointName, tenantId: string): Promise<string> {
      if (BINDING[name] === 'job' || BINDING[name] === 'agent') return jobOf(tenantId);
      if (BINDING[name] === 'alert') return alertOf(tenantId);
      return silenceOf(tenantId);
    }

    /** Tenants `user` must never see: the other team's (both for a user without a team). */
    async function outOfScope(user: UserKey): Promise<string[]> {
      const hidden = OWN[user].seesOther ? [] : OWN[user].own ? [OWN[user].other] : [TEAM_A, TEAM_B];
      if (hidden.length === 0) return [];
      const rows = await t.database.db
        .selectFrom('tenant_labels')
        .select('tenant_id')
        .where('key', '=', 'team')
        .where('value', 'in', hidden as string[])
        .execute();
      return rows.map((r) => r.tenant_id);
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

    for (const name of bound('agent')) {
      const { ok, request } = RESOURCE_REQUESTS[name];
      for (const user of Object.keys(USERS) as UserKey[]) {
        test(`${name} as ${user}: any team's job → ${ok}, missing → 404 (not scoped by entitlements)`, async () => {
          const call = (id: string) => t.call(name, { ...request(id), token: tokenFor(user) });
          for (const team of [TEAM_A, TEAM_B]) {
            const res = await call(await resourceOf(name, await tenantOf(team)));
            assert.equal(res.statusCode, ok, `${name} as ${user} on ${team}'s job: ${res.body}`);
          }
          const gone = await call(randomUUID());
          assert.equal(gone.statusCode, 404, gone.body);
        });
      }
    }

    for (const name of [...bound('job'), ...bound('alert'), ...bound('silence')]) {
      const { ok, request } = RESOURCE_REQUESTS[name];
      const what = NOT_FOUND_WHAT[name] ?? 'Job';
      const missingId = () => (BINDING[name] === 'alert' ? `fpmissing${seq}` : randomUUID());
      for (const user of Object.keys(USERS) as UserKey[]) {
        test(`${name} as ${user}: own → ${ok}, other team → ${OWN[user].seesOther ? ok : 404}, missing → 404`, async () => {
          const { own, other, seesOther } = OWN[user];
          const call = (id: string) => t.call(name, { ...request(id), token: tokenFor(user) });
          if (own) {
            const res = await call(await resourceOf(name, await tenantOf(own)));
            assert.equal(res.statusCode, ok, `${name} as ${user} on own: ${res.body}`);
          }
          const missing = missingId();
          const gone = await call(missing);
          assert.equal(gone.statusCode, 404, gone.body);
          if (other) {
            const id = await resourceOf(name, await tenantOf(other));
            const res = await call(id);
            if (seesOther) {
              assert.equal(res.statusCode, ok, `${name} as ${user} on another team's: ${res.body}`);
            } else {
              assert.equal(res.statusCode, 404, `${name} as ${user} on another team's: ${res.body}`);
              const body = res.json();
              assert.deepEqual(
                body,
                {
                  code: 'not_found',
                  message: `${what} ${id} was not found`,
                  details: { id },
                  requestId: body.requestId,
                },
                'the body of a missing one'
              );
              assert.deepEqual(bare(res), bare(gone));
            }
          }
        });
      }
    }

    for (const user of Object.keys(USERS) as UserKey[]) {
      const reaches = user !== 'noTeam';
      test(`getPlatformHealth as ${user}: ${reaches ? 'prod (a tenant of theirs is there)' : 'no environment, and 404 when asking for prod'}`, async () => {
        const res = await t.call('getPlatformHealth', { token: tokenFor(user) });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(
          res.json().environments.map((e: { environment: string }) => e.environment),
          reaches ? ['prod'] : []
        );
        const one = await t.call('getPlatformHealth', { token: tokenFor(user), query: { environment: 'prod' } });
        assert.equal(one.statusCode, reaches ? 200 : 404, one.body);
        if (!reaches) {
          assert.deepEqual(one.json(), {
            code: 'not_found',
            message: 'Platform health of environment prod was not found',
            details: { id: 'prod' },
            requestId: one.json().requestId,
          });
        }
      });

      const limited = !OWN[user].seesOther;
      for (const name of bound('fleet')) {
        test(`${name} as ${user}: ${limited ? '403 (limited scope), naming no tenant' : 'not refused'}`, async () => {
          const res = await t.call(name, { ...FLEET[name], token: tokenFor(user) });
          if (limited) {
            assert.equal(res.statusCode, 403, res.body);
            assert.doesNotMatch(res.body, new RegExp(`${TEAM_A}-|${TEAM_B}-`));
          } else {
            assert.ok(![403, 404].includes(res.statusCode), `${name} as ${user}: ${res.statusCode} ${res.body}`);
          }
        });
      }

      for (const name of bound('list')) {
        test(`${name} as ${user} never names or counts an out-of-scope tenant`, async () => {
          const hidden = await outOfScope(user);
          const { request, aimedAt } = LISTS[name];
          const res = await t.call(name, { ...request, token: tokenFor(user) });
          assert.equal(res.statusCode, 200, res.body);
          for (const id of hidden)
            assert.doesNotMatch(res.body, new RegExp(`\\b${id}\\b`), `${name} as ${user} names ${id}`);
          if (aimedAt && hidden.length > 0) {
            const aimed = await t.call(name, { ...aimedAt(hidden[0]), token: tokenFor(user) });
            assert.equal(aimed.statusCode, 200, aimed.body);
            assert.doesNotMatch(aimed.body, new RegExp(`\\b${hidden[0]}\\b`), `${name} aimed at ${hidden[0]}`);
            if (name === 'countAudit') assert.equal(aimed.json().count, 0);
          }
          const visible = await visibleCount(user);
          if (name === 'getTenantCounts') assert.equal(res.json().total, visible.tenants);
          if (name === 'getShard') assert.equal(res.json().tenants, visible.onShard);
          if (name === 'listShards') {
            const shard = res.json().items.find((x: { id: string }) => x.id === 'shard-1');
            assert.equal(shard.tenants, visible.onShard);
          }
          // One page of at most 200 (the request's limit); the matrix places more tenants than that on shard-1.
          if (name === 'listShardTenants') assert.equal(res.json().items.length, Math.min(visible.onShard, 200));
        });
      }
    }

    /** What `user` may count: tenants, and assignments on shard-1 (every matrix tenant has one). */
    async function visibleCount(user: UserKey): Promise<{ tenants: number; onShard: number }> {
      const hidden = new Set(await outOfScope(user));
      const tenants = (await t.database.db.selectFrom('tenants').select('id').execute()).filter(
        (r) => !hidden.has(r.id)
      );
      const placed = (
        await t.database.db
          .selectFrom('placement_assignments')
          .select('tenant_id')
          .where('shard_id', '=', 'shard-1')
          .execute()
      ).filter((r) => !hidden.has(r.tenant_id));
      return { tenants: tenants.length, onShard: placed.length };
    }

    test('a create naming a taken id answers the same whether or not the caller may see the tenant holding it', async () => {
      const mine = await tenantOf(TEAM_A);
      const theirs = await tenantOf(TEAM_B);
      const create = (id: string) =>
        t.call('createTenant', { body: tenantBody({ id, labels: { team: TEAM_A } }), token: tokenFor('teamA') });
      const plan = (id: string) =>
        t.call('planTenantChange', {
          body: { kind: 'create', tenant: tenantBody({ id, labels: { team: TEAM_A } }) },
          token: tokenFor('teamA'),
        });
      const [a, b] = [await create(mine), await create(theirs)];
      assert.equal(a.statusCode, 409, a.body);
      assert.equal(b.statusCode, 409, b.body);
      const strip = (body: { message: string; requestId: string }, id: string) => ({
        ...body,
        message: body.message.replace(id, '<id>'),
        requestId: '',
      });
      assert.deepEqual(strip(b.json(), theirs), strip(a.json(), mine));
      assert.deepEqual(b.json(), {
        code: 'conflict',
        message: `Tenant id ${theirs} is not available: pick another id`,
        field: 'id',
        requestId: b.json().requestId,
      });
      const [pa, pb] = [await plan(mine), await plan(theirs)];
      assert.equal(pb.statusCode, 200, pb.body);
      const check = (r: typeof pa) => r.json().targets[0].checks.find((c: { name: string }) => c.name === 'id is free');
      assert.deepEqual(
        [check(pa).ok, check(pb).ok],
        [false, false],
        'the plan says the id is taken, as the create will'
      );
      assert.equal(check(pb).message, b.json().message);
      assert.equal(pb.json().targets[0].exists, false, 'and describes nothing of the tenant holding it');
      // Nothing was created or changed.
      const held = await t.call('getTenant', { params: { id: theirs }, token: tokenFor('teamB') });
      assert.deepEqual([held.statusCode, held.json().labels], [200, { team: TEAM_B }]);
    });

    test("a job on another team's tenant is refused like one on a missing tenant; a bulk change skips it the same way", async () => {
      const mine = await tenantOf(TEAM_A);
      const theirs = await tenantOf(TEAM_B);
      const job = (tenantId: string) =>
        t.call('createJob', {
          body: { type: 'tenant.suspend', params: { tenantId }, reason: 'entitlement matrix' },
          query: { dryRun: 'true' },
          token: tokenFor('teamA'),
        });
      const own = await job(mine);
      assert.equal(own.statusCode, 201, own.body);
      const [other, missing] = [await job(theirs), await job(`missing-${seq}`)];
      assert.equal(other.statusCode, 404, other.body);
      assert.deepEqual(bare(other), bare(missing));
      assert.equal(other.json().message, `Tenant ${theirs} was not found`);
      const bulk = (id: string) =>
        t.call('bulkTenantStatus', {
          body: { ids: [id], to: 'suspended', reason: 'entitlement matrix' },
          token: tokenFor('teamA'),
        });
      const [bo, bm] = [await bulk(theirs), await bulk(`missing-${seq}`)];
      assert.equal(bo.statusCode, bm.statusCode, bo.body);
      assert.deepEqual(
        JSON.parse(bo.body.replaceAll(theirs, '<id>').replace(/"requestId":"[^"]*"/, '')),
        JSON.parse(bm.body.replaceAll(`missing-${seq}`, '<id>').replace(/"requestId":"[^"]*"/, ''))
      );
    });
  });
}
