/**
 * The data source's reads for a human (its credential plus the user's verified Grafana ID token) are
 * scoped like the app's own: lists and counts hold only the user's tenants, another team's tenant
 * answers the 404 of a missing one, and when Grafana cannot tell the user's teams the read fails
 * closed (503). The data source's own principal (alert evaluation, no ID token) reads everything.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DATASOURCE_USER_HEADER, GRAFANA_ID_HEADER, buildPath, endpoints, type EndpointName } from '../../../contract';
import {
  TEAM_A,
  TEAM_B,
  USERS,
  addStandardRules,
  jobRow,
  seedTenantRows,
  startEntitledApp,
  tenantFixture,
  tokenFor,
  type UserKey,
} from '../../testing/entitlementsFixture';
import { BACKENDS, type TestApp } from '../../testing/testApp';

const DS_TOKEN = 'datasource-token-entitlements-0123456789abcdef';
const OWN = [`${TEAM_A}-ds1`, `${TEAM_A}-ds2`];
const OTHER = [`${TEAM_B}-ds1`, `${TEAM_B}-ds2`];

for (const backend of BACKENDS) {
  describe(`data source reads for a human are scoped by entitlements (${backend})`, () => {
    let t: TestApp;
    let otherJob: string;

    before(async () => {
      t = await startEntitledApp(backend, {
        SWITCHYARD_DATASOURCE_TOKEN: DS_TOKEN,
        SWITCHYARD_ENTITLEMENTS_TEAM_TTL_MS: '0',
      });
      await addStandardRules(t);
      const now = t.clock.now();
      await seedTenantRows(t, [
        ...OWN.map((id) => tenantFixture(id, { labels: { team: TEAM_A } }, now)),
        ...OTHER.map((id) => tenantFixture(id, { labels: { team: TEAM_B } }, now)),
      ]);
      const at = now.toISOString();
      for (const id of [...OWN, ...OTHER]) {
        const job = randomUUID();
        if (id === OTHER[0]) otherJob = job;
        await t.database.db
          .insertInto('jobs')
          .values(jobRow(job, id, at))
          .execute();
      }
    });
    after(() => t?.close());

    /** A read as the data source sends it: its credential, and the user's ID token unless `user` is null. */
    async function read(
      name: EndpointName,
      user: UserKey | null,
      opts: { params?: Record<string, string>; query?: string } = {}
    ) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${DS_TOKEN}`,
        [DATASOURCE_USER_HEADER]: user ? USERS[user].login : 'alert-rule',
      };
      if (user) headers[GRAFANA_ID_HEADER] = await t.idp.mint(tokenFor(user));
      const url = buildPath(endpoints[name].path, opts.params ?? {}) + (opts.query ? `?${opts.query}` : '');
      return t.app.inject({ method: 'GET', url, headers });
    }

    const tenantIds = (body: { items: Array<{ id: string }> }) => body.items.map((x) => x.id).sort();

    test("a team member's tenant list, counts and jobs hold only their team's tenants", async () => {
      const list = await read('listTenants', 'teamA', { query: 'limit=200' });
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(tenantIds(list.json()), [...OWN].sort());
      const counts = await read('getTenantCounts', 'teamA');
      assert.equal(counts.statusCode, 200, counts.body);
      assert.equal(counts.json().total, OWN.length);
      const jobs = await read('listJobs', 'teamA', { query: 'limit=200' });
      assert.equal(jobs.statusCode, 200, jobs.body);
      const jobTenants = new Set(jobs.json().items.map((j: { tenantId: string }) => j.tenantId));
      assert.deepEqual([...jobTenants].sort(), [...OWN].sort());
      for (const id of OTHER) assert.doesNotMatch(list.body + counts.body + jobs.body, new RegExp(`\\b${id}\\b`));
    });

    test("another team's tenant or job answers exactly the 404 of a missing one", async () => {
      const bare = (res: { json: () => Record<string, unknown> }, id: string) => ({
        ...res.json(),
        message: String(res.json().message).replace(id, '<id>'),
        details: {},
        requestId: '',
      });
      for (const name of ['getTenant', 'getTenantIsolation', 'getTenantActivity'] as const) {
        const other = await read(name, 'teamA', { params: { id: OTHER[0] } });
        const missing = await read(name, 'teamA', { params: { id: 'missing-ds' } });
        assert.equal(other.statusCode, 404, `${name}: ${other.body}`);
        assert.equal(missing.statusCode, 404, `${name}: ${missing.body}`);
        assert.deepEqual(bare(other, OTHER[0]), bare(missing, 'missing-ds'), name);
        const own = await read(name, 'teamA', { params: { id: OWN[0] } });
        assert.equal(own.statusCode, 200, `${name} on own: ${own.body}`);
      }
      const missingJob = randomUUID();
      const job = await read('getJob', 'teamA', { params: { id: otherJob } });
      const noJob = await read('getJob', 'teamA', { params: { id: missingJob } });
      assert.equal(job.statusCode, 404, job.body);
      assert.deepEqual(bare(job, otherJob), bare(noJob, missingJob));
      // The other team's member sees it.
      assert.equal((await read('getJob', 'teamB', { params: { id: otherJob } })).statusCode, 200);
    });

    test("the data source's own principal (no ID token) reads every tenant; a human without a team reads none", async () => {
      const list = await read('listTenants', null, { query: 'limit=200' });
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(tenantIds(list.json()), [...OWN, ...OTHER].sort());
      const noTeam = await read('listTenants', 'noTeam', { query: 'limit=200' });
      assert.equal(noTeam.statusCode, 200, noTeam.body);
      assert.deepEqual(tenantIds(noTeam.json()), [], 'a human with no team is not the service principal');
    });

    test('Grafana down → the human read fails closed with 503 naming Grafana and no tenant', async () => {
      t.idp.setTeamsUp(false);
      try {
        for (const name of ['listTenants', 'getTenantCounts'] as const) {
          const res = await read(name, 'teamA');
          assert.equal(res.statusCode, 503, `${name}: ${res.body}`);
          assert.equal(res.json().code, 'unavailable');
          assert.match(res.json().message, /Grafana/);
          for (const id of [...OWN, ...OTHER]) assert.doesNotMatch(res.body, new RegExp(id));
          assert.doesNotMatch(res.body, new RegExp(DS_TOKEN));
        }
        const got = await read('getTenant', 'teamA', { params: { id: OWN[0] } });
        assert.equal(got.statusCode, 503, got.body);
        // Neither the org Admin nor the service principal depends on team membership.
        assert.equal((await read('getTenantCounts', 'admin')).statusCode, 200);
        assert.equal((await read('getTenantCounts', null)).statusCode, 200);
      } finally {
        t.idp.setTeamsUp(true);
      }
    });
  });
}
