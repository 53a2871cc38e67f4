/**
 * The host's Grafana team API (what the sidecar's entitlements read with the service account token):
 * paths, shapes, paging and who may read which team, and the service account's Bearer authentication.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../server/app';

const TOKEN = 'glsa_hosttest_0123456789abcdef';
let host: RunningHost;

before(async () => {
  host = await startHost({ line: 'grafana-12', serviceAccountToken: TOKEN });
});
after(async () => {
  await host.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (login: string) => ({ authorization: `Basic ${Buffer.from(`${login}:${login}`).toString('base64')}` });

async function get(path: string, headers: Record<string, string>) {
  const res = await fetch(`${host.url}${path}`, { headers });
  return { status: res.status, json: await res.json() };
}

const names = (teams: Array<{ name: string }>) => teams.map((t) => t.name);

describe('team API', () => {
  it('search: every team of the org to the service account, in Grafana shape', async () => {
    const { status, json } = await get('/api/teams/search?perpage=1000&page=1', bearer(TOKEN));
    assert.equal(status, 200);
    assert.deepEqual(
      { totalCount: json.totalCount, page: json.page, perPage: json.perPage },
      { totalCount: 3, page: 1, perPage: 1000 }
    );
    assert.deepEqual(names(json.teams), ['payments', 'search', 'sre']);
    assert.deepEqual(Object.keys(json.teams[0]).sort(), [
      'avatarUrl',
      'email',
      'id',
      'memberCount',
      'name',
      'orgId',
      'permission',
      'uid',
    ]);
    assert.deepEqual(
      json.teams.map((t: { memberCount: number }) => t.memberCount),
      [1, 1, 1]
    );
  });

  it('search pages with perpage/page and filters by query (substring) and name (exact)', async () => {
    const p2 = (await get('/api/teams/search?perpage=2&page=2', bearer(TOKEN))).json;
    assert.deepEqual({ totalCount: p2.totalCount, names: names(p2.teams) }, { totalCount: 3, names: ['sre'] });
    assert.deepEqual(names((await get('/api/teams/search?query=EAR', bearer(TOKEN))).json.teams), ['search']);
    assert.deepEqual(names((await get('/api/teams/search?name=sre', bearer(TOKEN))).json.teams), ['sre']);
    assert.deepEqual(names((await get('/api/teams/search?name=sr', bearer(TOKEN))).json.teams), []);
    assert.equal((await get('/api/teams/search?perpage=0', bearer(TOKEN))).status, 400);
  });

  it('members: the team members with their login, in Grafana shape', async () => {
    const teams = (await get('/api/teams/search', bearer(TOKEN))).json.teams as Array<{ id: number; name: string }>;
    const payments = teams.find((t) => t.name === 'payments')!;
    const { status, json } = await get(`/api/teams/${payments.id}/members`, bearer(TOKEN));
    assert.equal(status, 200);
    assert.equal(json.length, 1);
    assert.deepEqual(
      { login: json[0].login, teamId: json[0].teamId, userId: json[0].userId, orgId: json[0].orgId },
      { login: 'pam', teamId: payments.id, userId: 30, orgId: 1 }
    );
    assert.equal((await get('/api/teams/999/members', bearer(TOKEN))).status, 404);
  });

  it('a non-Admin user reads only their own teams; other teams answer 403', async () => {
    const mine = (await get('/api/teams/search', basic('pam'))).json;
    assert.deepEqual({ totalCount: mine.totalCount, names: names(mine.teams) }, { totalCount: 1, names: ['payments'] });
    const all = (await get('/api/teams/search', bearer(TOKEN))).json.teams as Array<{ id: number; name: string }>;
    const search = all.find((t) => t.name === 'search')!;
    const denied = await get(`/api/teams/${search.id}/members`, basic('pam'));
    assert.equal(denied.status, 403);
    assert.match(denied.json.message, /teams:read/);
  });

  it('an unknown Bearer token is refused with 401; the token is never a browser session', async () => {
    assert.equal((await get('/api/teams/search', bearer('glsa_wrong'))).status, 401);
    assert.equal((await get('/api/teams/search?grafanaUser=sa-1-switchyard', {})).status, 401);
  });
});

describe('service account token lifetime', () => {
  it('a closed host no longer accepts its token on another host', async () => {
    const other = await startHost({ line: 'grafana-12', serviceAccountToken: 'glsa_second_host_token' });
    await other.close();
    const res = await fetch(`${host.url}/api/teams/search`, { headers: bearer('glsa_second_host_token') });
    assert.equal(res.status, 401);
  });
});
