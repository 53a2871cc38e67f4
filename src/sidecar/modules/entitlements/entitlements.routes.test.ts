import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EntitlementRuleListSchema,
  EntitlementRuleSchema,
  MyEntitlementsSchema,
  TenantCountsSchema,
  TenantPageSchema,
  type Tenant,
} from '../../../contract';
import {
  TEAM_A,
  TEAM_B,
  USERS,
  addRule,
  addStandardRules,
  alertRow,
  jobRow,
  seedTenantRows,
  startEntitledApp,
  teamMembers,
  tenantFixture,
  tokenFor,
} from '../../testing/entitlementsFixture';
import { BACKENDS, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

const TEAMS = 10;
const TENANTS = 5_000;
const ENVS = ['dev', 'staging', 'prod'] as const;

/** `i`-th tenant: team-0 … team-9 by label (team-0 is TEAM_A's, team-1 TEAM_B's), environments in turn. */
function bulkTenant(i: number, now: Date): Tenant {
  const team = i % TEAMS === 0 ? TEAM_A : i % TEAMS === 1 ? TEAM_B : `team-${i % TEAMS}`;
  return tenantFixture(`bulk-${String(i).padStart(5, '0')}`, {
    labels: { team, region: i % 2 ? 'eu' : 'us' },
    environment: ENVS[i % 3],
    status: i % 7 === 0 ? 'suspended' : 'active',
    createdAt: new Date(now.getTime() - i * 1000).toISOString(),
    updatedAt: new Date(now.getTime() - i * 1000).toISOString(),
  });
}

for (const backend of BACKENDS) {
  describe(`entitlements (${backend})`, () => {
    let t: TestApp;
    let all: Tenant[];

    before(async () => {
      t = await startEntitledApp(backend);
      await addStandardRules(t);
      all = Array.from({ length: TENANTS }, (_, i) => bulkTenant(i, t.clock.now()));
      await seedTenantRows(t, all);
    });
    after(() => t?.close());

    async function listAll(user: Parameters<typeof tokenFor>[0], query: Record<string, string | number> = {}) {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.call('listTenants', {
          query: { limit: 200, ...query, ...(cursor ? { cursor } : {}) },
          token: tokenFor(user),
        });
        assert.equal(res.statusCode, 200, res.body);
        const page = TenantPageSchema.parse(res.json());
        ids.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    }

    test(`lists and counts at ${TENANTS} tenants / ${TEAMS} teams never include an out-of-scope tenant`, async () => {
      const mineA = all.filter((x) => x.labels.team === TEAM_A);
      const ids = await listAll('teamA');
      assert.deepEqual(ids, mineA.map((x) => x.id).sort());
      // A filter and a search never widen the scope.
      const prod = await listAll('teamA', { environment: 'prod', q: 'bulk' });
      assert.deepEqual(
        prod,
        mineA
          .filter((x) => x.environment === 'prod')
          .map((x) => x.id)
          .sort()
      );
      const labelled = await listAll('teamA', { label: `team=${TEAM_B}` });
      assert.deepEqual(labelled, []);

      const counts = TenantCountsSchema.parse((await t.call('getTenantCounts', { token: tokenFor('teamA') })).json());
      assert.equal(counts.total, mineA.length);
      assert.equal(counts.byStatus.suspended, mineA.filter((x) => x.status === 'suspended').length);
      assert.equal(counts.byEnvironment.dev, mineA.filter((x) => x.environment === 'dev').length);

      const none = TenantCountsSchema.parse((await t.call('getTenantCounts', { token: tokenFor('noTeam') })).json());
      assert.equal(none.total, 0);
      assert.deepEqual(await listAll('noTeam'), []);

      const sre = TenantCountsSchema.parse((await t.call('getTenantCounts', { token: tokenFor('sre') })).json());
      const admin = TenantCountsSchema.parse((await t.call('getTenantCounts', { token: tokenFor('admin') })).json());
      assert.equal(sre.total, TENANTS);
      assert.equal(admin.total, TENANTS);
    });

    test('jobs, the alert inbox and audit search show only in-scope tenants; a job on another team is 404', async () => {
      const now = t.clock.now().toISOString();
      const [mine, theirs] = ['bulk-00000', 'bulk-00001'];
      await t.database.db
        .insertInto('jobs')
        .values([
          jobRow('00000000-0000-4000-8000-0000000000a1', mine, now),
          jobRow('00000000-0000-4000-8000-0000000000b1', theirs, now),
          jobRow('00000000-0000-4000-8000-0000000000c1', null, now),
        ])
        .execute();
      await t.database.db
        .insertInto('alerts')
        .values([alertRow('fp-mine', mine, now), alertRow('fp-theirs', theirs, now), alertRow('fp-fleet', null, now)])
        .execute();
      for (const id of [mine, theirs]) {
        const r = await t.call('updateTenant', {
          params: { id },
          body: { displayName: `Audited ${id}` },
          token: tokenFor('admin'),
          headers: { 'idempotency-key': idempotencyKey(), 'if-match': '"1"' },
        });
        assert.equal(r.statusCode, 200, r.body);
      }
      const jobs = await t.call('listJobs', { token: tokenFor('teamA') });
      assert.equal(jobs.statusCode, 200, jobs.body);
      assert.deepEqual(
        jobs.json().items.map((j: { id: string }) => j.id),
        ['00000000-0000-4000-8000-0000000000a1']
      );
      assert.equal((await t.call('listJobs', { token: tokenFor('sre') })).json().items.length, 3);
      assert.equal(
        (await t.call('getJob', { params: { id: '00000000-0000-4000-8000-0000000000a1' }, token: tokenFor('teamA') }))
          .statusCode,
        200
      );
      const other = await t.call('getJob', {
        params: { id: '00000000-0000-4000-8000-0000000000b1' },
        token: tokenFor('teamA'),
      });
      const missing = await t.call('getJob', {
        params: { id: '00000000-0000-4000-8000-0000000000d1' },
        token: tokenFor('teamA'),
      });
      assert.equal(other.statusCode, 404);
      assert.deepEqual(
        { ...(other.json() as object), requestId: '', message: '', details: {} },
        { ...(missing.json() as object), requestId: '', message: '', details: {} }
      );

      const alerts = await t.call('listAlerts', { token: tokenFor('teamA') });
      assert.equal(alerts.statusCode, 200, alerts.body);
      assert.deepEqual(
        alerts.json().items.map((a: { fingerprint: string }) => a.fingerprint),
        ['fp-mine']
      );
      assert.equal((await t.call('listAlerts', { token: tokenFor('admin') })).json().items.length, 3);

      const audit = (await t.call('listAudit', { query: { limit: 200 }, token: tokenFor('teamA') })).json().items;
      const targets = new Set(audit.map((e: { targetId: string }) => e.targetId));
      assert.ok(targets.has(mine), 'own tenant entries are searchable');
      assert.ok(!targets.has(theirs), "another team's entries never are");
      assert.ok(![...targets].some((x) => String(x).startsWith('00000000-0000-4000-8000-0000000000b1')));
      const count = await t.call('countAudit', { query: { tenantId: theirs }, token: tokenFor('teamA') });
      assert.equal(count.json().count, 0);
      const exported = await t.call('exportAudit', { query: { format: 'ndjson' }, token: tokenFor('teamA') });
      assert.equal(exported.statusCode, 200, exported.body);
      assert.doesNotMatch(exported.body, new RegExp(theirs));
      assert.match(exported.body, new RegExp(mine));
    });

    test('GET /me/entitlements tells the user what they see and which environments to offer', async () => {
      const me = MyEntitlementsSchema.parse((await t.call('getMyEntitlements', { token: tokenFor('teamA') })).json());
      assert.deepEqual(me, {
        enforced: true,
        all: false,
        basis: 'rules',
        teams: [TEAM_A],
        environments: [],
        labelSelectors: [{ team: TEAM_A }],
        tenantIds: [],
        visibleEnvironments: ['dev', 'prod', 'staging'],
      });
      const admin = MyEntitlementsSchema.parse(
        (await t.call('getMyEntitlements', { token: tokenFor('admin') })).json()
      );
      assert.equal(admin.all, true);
      assert.equal(admin.basis, 'admin');
      const sre = MyEntitlementsSchema.parse((await t.call('getMyEntitlements', { token: tokenFor('sre') })).json());
      assert.equal(sre.basis, 'all_tenants');
      const none = MyEntitlementsSchema.parse(
        (await t.call('getMyEntitlements', { token: tokenFor('noTeam') })).json()
      );
      assert.deepEqual([none.all, none.visibleEnvironments], [false, []]);
    });

    test('preview counts what a scope grants; rules are audited, idempotent and versioned', async () => {
      const preview = await t.call('previewEntitlementScope', {
        body: { type: 'labels', labels: { team: TEAM_B, region: 'eu' } },
        token: tokenFor('admin'),
      });
      assert.equal(preview.statusCode, 200, preview.body);
      const expected = all.filter((x) => x.labels.team === TEAM_B && x.labels.region === 'eu');
      assert.equal(preview.json().tenants, expected.length);
      assert.deepEqual(
        preview.json().sample,
        expected
          .map((x) => x.id)
          .sort()
          .slice(0, 10)
      );
      const envs = await t.call('previewEntitlementScope', {
        body: { type: 'environments', environments: ['dev'] },
        token: tokenFor('admin'),
      });
      assert.equal(envs.json().tenants, all.filter((x) => x.environment === 'dev').length);

      const before = await t.counts();
      const key = idempotencyKey();
      const body = { subject: { type: 'role', role: 'Viewer' }, scope: { type: 'tenants', tenantIds: ['bulk-00002'] } };
      const created = await t.call('createEntitlementRule', {
        body,
        token: tokenFor('admin'),
        headers: { 'idempotency-key': key },
      });
      assert.equal(created.statusCode, 201, created.body);
      const rule = EntitlementRuleSchema.parse(created.json());
      const replay = await t.call('createEntitlementRule', {
        body,
        token: tokenFor('admin'),
        headers: { 'idempotency-key': key },
      });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.deepEqual(replay.json(), created.json());
      assert.equal((await t.counts()).audit, before.audit + 1);

      // The Viewer rule reaches Viewers and (Grafana roles include the ones below) Editors.
      assert.equal(
        (await t.call('getTenant', { params: { id: 'bulk-00002' }, token: tokenFor('viewer') })).statusCode,
        200
      );
      assert.equal(
        (await t.call('getTenant', { params: { id: 'bulk-00002' }, token: tokenFor('noTeam') })).statusCode,
        200
      );

      const stale = await t.call('updateEntitlementRule', {
        params: { id: rule.id },
        body: { ...body, scope: { type: 'tenants', tenantIds: ['bulk-00003'] } },
        token: tokenFor('admin'),
        headers: { 'if-match': '"7"' },
      });
      assert.equal(stale.statusCode, 412, stale.body);
      const updated = await t.call('updateEntitlementRule', {
        params: { id: rule.id },
        body: { ...body, scope: { type: 'tenants', tenantIds: ['bulk-00003'] } },
        token: tokenFor('admin'),
        headers: { 'if-match': '"1"' },
      });
      assert.equal(updated.statusCode, 200, updated.body);
      assert.equal(updated.json().version, 2);
      assert.equal(
        (await t.call('getTenant', { params: { id: 'bulk-00002' }, token: tokenFor('noTeam') })).statusCode,
        404
      );

      const removed = await t.call('deleteEntitlementRule', {
        params: { id: rule.id },
        token: tokenFor('admin'),
        headers: { 'if-match': '"2"' },
      });
      assert.equal(removed.statusCode, 200, removed.body);
      assert.equal(
        (await t.call('getTenant', { params: { id: 'bulk-00003' }, token: tokenFor('noTeam') })).statusCode,
        404
      );
      const audit = await t.call('listAudit', {
        query: { targetType: 'entitlement_rule', targetId: rule.id },
        token: tokenFor('admin'),
      });
      assert.deepEqual(
        audit.json().items.map((e: { action: string }) => e.action),
        ['entitlement.delete', 'entitlement.update', 'entitlement.create']
      );
      const list = EntitlementRuleListSchema.parse(
        (await t.call('listEntitlementRules', { token: tokenFor('admin') })).json()
      );
      assert.equal(list.enforced, true);
      assert.equal(list.items.length, 3);
    });

    test('rule input is validated with the field named; a missing rule is 404', async () => {
      const bad = await t.call('createEntitlementRule', {
        body: { subject: { type: 'team', team: TEAM_A }, scope: { type: 'labels', labels: {} } },
        token: tokenFor('admin'),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().field, 'scope.labels');
      const missing = await t.call('deleteEntitlementRule', {
        params: { id: '00000000-0000-4000-8000-000000000000' },
        token: tokenFor('admin'),
        headers: { 'if-match': '"1"' },
      });
      assert.equal(missing.statusCode, 404);
    });

    test('a user cannot create a tenant outside their entitlements, nor move one out of them', async () => {
      const outside = await t.call('createTenant', {
        body: tenantBody({ labels: { team: TEAM_B } }),
        token: tokenFor('teamA'),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(outside.statusCode, 403, outside.body);
      assert.equal(outside.json().field, 'labels');
      const inside = await t.call('createTenant', {
        body: tenantBody({ labels: { team: TEAM_A } }),
        token: tokenFor('teamA'),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(inside.statusCode, 201, inside.body);
      const away = await t.call('updateTenant', {
        params: { id: inside.json().id },
        body: { labels: { team: TEAM_B } },
        token: tokenFor('teamA'),
        headers: { 'if-match': '"1"' },
      });
      assert.equal(away.statusCode, 403, away.body);
    });

    test('Grafana teams come from the team API, are reused for the TTL, and Grafana down → 503 with nothing leaked', async () => {
      const teams = await t.call('listGrafanaTeams', { token: tokenFor('admin') });
      assert.equal(teams.statusCode, 200, teams.body);
      assert.deepEqual(
        teams.json().items.map((x: { name: string }) => x.name),
        Object.keys(teamMembers()).sort()
      );
      const calls = t.idp.teamRequests();
      await t.call('getTenantCounts', { token: tokenFor('teamA') });
      assert.equal(t.idp.teamRequests(), calls, 'membership read within the TTL is reused');

      t.idp.setTeamsUp(false);
      try {
        // The cached membership is still fresh: no call needed.
        assert.equal((await t.call('getTenantCounts', { token: tokenFor('teamA') })).statusCode, 200);
        const down = await startEntitledApp(backend, { SWITCHYARD_ENTITLEMENTS_TEAM_TTL_MS: '0' });
        try {
          await addRule(down, { subject: { type: 'team', team: TEAM_A }, scope: { type: 'all' }, description: '' });
          await seedTenantRows(down, [tenantFixture('secret-tenant', { labels: { team: TEAM_A } })]);
          down.idp.setTeamsUp(false);
          for (const name of ['listTenants', 'getTenantCounts', 'getMyEntitlements'] as const) {
            const res = await down.call(name, { token: tokenFor('teamA') });
            assert.equal(res.statusCode, 503, `${name}: ${res.body}`);
            assert.equal(res.json().code, 'unavailable');
            assert.match(res.json().message, /Grafana/);
            assert.doesNotMatch(res.body, /secret-tenant|test-grafana-sa-token/);
          }
          const got = await down.call('getTenant', { params: { id: 'secret-tenant' }, token: tokenFor('teamA') });
          assert.equal(got.statusCode, 503);
          // Admins do not depend on team membership.
          assert.equal((await down.call('getTenantCounts', { token: tokenFor('admin') })).statusCode, 200);
          down.idp.setTeamsUp(true);
          assert.equal(
            (await down.call('getTenant', { params: { id: 'secret-tenant' }, token: tokenFor('teamA') })).statusCode,
            200
          );
        } finally {
          await down.close();
        }
      } finally {
        t.idp.setTeamsUp(true);
      }
    });
  });
}

describe('entitlements off (the default)', () => {
  test('every reader sees every tenant and the rules are kept but not enforced', async () => {
    const t = await startTestApp('sqlite');
    try {
      await seedTenantRows(t, [tenantFixture('plain-tenant', { labels: { team: TEAM_B } })]);
      const res = await t.call('getTenant', { params: { id: 'plain-tenant' }, token: tokenFor('noTeam') });
      assert.equal(res.statusCode, 200);
      const me = MyEntitlementsSchema.parse((await t.call('getMyEntitlements', { token: tokenFor('noTeam') })).json());
      assert.deepEqual([me.enforced, me.all, me.basis], [false, true, 'not_enforced']);
      assert.equal(USERS.noTeam.teams.length, 0);
    } finally {
      await t.close();
    }
  });
});
