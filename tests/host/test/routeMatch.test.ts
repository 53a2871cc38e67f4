/**
 * Fidelity of the host's plugin-proxy route selection: a table of cases with the outcome Grafana gives
 * (GRAFANA.md §1.7, §2.2; pkg/web/tree.go; pluginproxy.go HandleRequest), on the project's plugin.json
 * and on synthetic routes for the generic rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { REPO_ROOT } from '../lines';
import { loadManifest, pluginPermissions, type BasicRole, type PluginRoute } from '../server/pluginJson';
import { matchPattern, proxyPathOf, selectRoute } from '../server/routeMatch';

const manifest = loadManifest(join(REPO_ROOT, 'dist'), join(REPO_ROOT, 'plugin.json'));
const user = (role: BasicRole) => ({ role, permissions: pluginPermissions(manifest, role) });
const P = 'switchyard-controlplane-app';

type Outcome = { status: 200; upstream: string } | { status: 403 | 404 };
const cases: Array<[string, string, BasicRole, Outcome, string]> = [
  [
    'GET',
    '/api/v1/tenants',
    'Viewer',
    { status: 200, upstream: '/api/v1/tenants' },
    'exact route, no wildcard → exactly the route url',
  ],
  ['GET', '/api/v1/tenants/', 'Viewer', { status: 200, upstream: '/api/v1/tenants' }, 'trailing slash trimmed'],
  [
    'GET',
    '/api/v1/tenants/t-1',
    'Viewer',
    { status: 200, upstream: '/api/v1/tenants/t-1' },
    '`*` captures one segment',
  ],
  [
    'GET',
    '/api/v1/tenants/t-1/anything/deeper',
    'Viewer',
    { status: 200, upstream: '/api/v1/tenants/t-1/anything/deeper' },
    '`*` captures several segments',
  ],
  [
    'POST',
    '/api/v1/tenants/t-1/status',
    'Viewer',
    { status: 403 },
    'matched POST route denies a viewer; no fall-through',
  ],
  [
    'POST',
    '/api/v1/tenants/t-1/status',
    'Editor',
    { status: 200, upstream: '/api/v1/tenants/t-1/status' },
    'editor holds tenants:write',
  ],
  [
    'POST',
    '/api/v1/tenants/t-1/status',
    'Admin',
    { status: 200, upstream: '/api/v1/tenants/t-1/status' },
    'grants inherit upwards',
  ],
  ['PATCH', '/api/v1/tenants/t-1', 'Editor', { status: 200, upstream: '/api/v1/tenants/t-1' }, 'PATCH route'],
  ['PATCH', '/api/v1/tenants/t-1', 'Viewer', { status: 403 }, 'PATCH denied to viewer'],
  [
    'POST',
    '/api/v1/tenants/bulk-status',
    'Editor',
    { status: 200, upstream: '/api/v1/tenants/bulk-status' },
    'exact route listed before the wildcard wins',
  ],
  ['POST', '/api/v1/tenants/bulk-status', 'Viewer', { status: 403 }, 'first match decides even when denied'],
  ['POST', '/api/v1/tenants', 'Editor', { status: 200, upstream: '/api/v1/tenants' }, 'create'],
  ['POST', '/api/v1/tenants', 'Viewer', { status: 403 }, 'create denied to viewer'],
  ['DELETE', '/api/v1/tenants/t-1', 'Admin', { status: 404 }, 'no DELETE route: method is exact'],
  ['PUT', '/api/v1/tenants/t-1', 'Admin', { status: 404 }, 'no PUT route'],
  ['GET', '/api/v1/audit', 'Viewer', { status: 403 }, 'the audit trail is for Auditors and Admins'],
  ['GET', '/api/v1/audit', 'Admin', { status: 200, upstream: '/api/v1/audit' }, 'audit read'],
  ['GET', '/api/v1/audit/verify', 'Admin', { status: 200, upstream: '/api/v1/audit/verify' }, 'exact verify route'],
  [
    'GET',
    '/api/v1/activity/tenants/t-1',
    'Viewer',
    { status: 200, upstream: '/api/v1/activity/tenants/t-1' },
    "a tenant's activity is every reader's",
  ],
  ['GET', '/api/v1/audit/export', 'Editor', { status: 403 }, 'export is granted to Admin only'],
  ['GET', '/api/v1/audit/export', 'Admin', { status: 200, upstream: '/api/v1/audit/export' }, 'admin may export'],
  ['GET', '/api/v1/audit/other', 'Admin', { status: 404 }, 'a pattern without `*` does not match deeper paths'],
  ['GET', '/api/v1', 'Admin', { status: 404 }, 'a prefix of a route is not a match'],
  ['GET', '/api/v1/tenantsX', 'Admin', { status: 404 }, 'segment-based, not string prefix'],
  ['GET', '/api/v1/tenants/../audit', 'Admin', { status: 200, upstream: '/api/v1/audit' }, 'path.Join cleans `..`'],
  ['GET', '/api/v1/tenants/../audit', 'Viewer', { status: 403 }, 'the cleaned path is the one checked'],
  [
    'GET',
    '/api/v1/tenants/a%2Fb',
    'Viewer',
    { status: 200, upstream: '/api/v1/tenants/a/b' },
    'the capture is URL-unescaped',
  ],
  ['HEAD', '/api/v1/tenants', 'Admin', { status: 404 }, 'HEAD is not GET'],
  ['get', '/api/v1/tenants', 'Admin', { status: 404 }, 'method comparison is case-sensitive'],
];

function joinUrl(routeUrl: string, captured: string): string {
  const base = routeUrl.replace('{{ .JsonData.sidecarUrl }}', '');
  return captured ? `${base}/${captured}` : base;
}

describe('plugin proxy route selection on plugin.json', () => {
  for (const [method, path, role, want, why] of cases) {
    it(`${method} ${path} as ${role} → ${want.status} (${why})`, () => {
      const d = selectRoute(manifest.routes ?? [], method, proxyPathOf(`/api/plugin-proxy/${P}${path}`), user(role));
      if (want.status === 200) {
        assert.equal(d.kind, 'match', JSON.stringify(d));
        if (d.kind === 'match') assert.equal(joinUrl(d.route.url ?? '', d.upstreamPath), want.upstream);
      } else if (want.status === 403) {
        assert.equal(d.kind, 'denied');
        if (d.kind === 'denied') assert.equal(d.message, 'plugin proxy route access denied');
      } else {
        assert.equal(d.kind, 'notFound');
        if (d.kind === 'notFound') assert.equal(d.message, 'plugin route match not found');
      }
    });
  }
});

describe('generic Grafana route rules', () => {
  const viewer = { role: 'Viewer' as BasicRole, permissions: ['x.read'] };
  const route = (r: Partial<PluginRoute>): PluginRoute => ({ path: 'api/*', url: 'http://u', ...r });

  it('method "" and "*" match any method; "GET,POST" matches none', () => {
    assert.equal(selectRoute([route({ method: '' })], 'DELETE', '/api/x', viewer).kind, 'match');
    assert.equal(selectRoute([route({ method: '*' })], 'PATCH', '/api/x', viewer).kind, 'match');
    assert.equal(selectRoute([route({ method: 'GET,POST' })], 'GET', '/api/x', viewer).kind, 'notFound');
  });
  it('`api/*` needs at least one segment after api', () => {
    assert.equal(matchPattern('api/*', '/api').ok, false);
    assert.deepEqual(matchPattern('api/*', '/api/a/b').params['*'], 'a/b');
  });
  it('a leading slash in the route path does not matter', () => {
    assert.equal(matchPattern('/api/x', '/api/x').ok, true);
  });
  it('`:name` matches exactly one segment', () => {
    assert.equal(matchPattern('api/:id/status', '/api/t1/status').ok, true);
    assert.equal(matchPattern('api/:id/status', '/api/t1/x/status').ok, false);
  });
  it('reqAction wins over reqRole; reqRole alone uses the role hierarchy; neither allows', () => {
    assert.equal(
      selectRoute([route({ reqAction: 'x.read', reqRole: 'Admin' })], 'GET', '/api/x', viewer).kind,
      'match'
    );
    assert.equal(selectRoute([route({ reqRole: 'Editor' })], 'GET', '/api/x', viewer).kind, 'denied');
    assert.equal(
      selectRoute([route({ reqRole: 'Viewer' })], 'GET', '/api/x', { ...viewer, role: 'Admin' }).kind,
      'match'
    );
    assert.equal(selectRoute([route({})], 'GET', '/api/x', viewer).kind, 'match');
  });
  it('first match wins: a denied first route is not skipped for an allowed later one', () => {
    const d = selectRoute([route({ reqAction: 'x.write' }), route({ reqAction: 'x.read' })], 'GET', '/api/x', viewer);
    assert.equal(d.kind, 'denied');
  });
  it('a route whose method does not match is skipped', () => {
    const d = selectRoute(
      [route({ method: 'POST', reqAction: 'x.write' }), route({ method: 'GET', reqAction: 'x.read' })],
      'GET',
      '/api/x',
      viewer
    );
    assert.equal(d.kind === 'match' && d.index, 1);
  });
});

describe('permissions from plugin.json roles[].grants', () => {
  it('viewer gets the read actions only; editor adds writes; admin adds approve and export', () => {
    const v = pluginPermissions(manifest, 'Viewer');
    assert.ok(
      v.every((a) => /:read$/.test(a)),
      v.join()
    );
    assert.ok(v.includes(`${P}.tenants:read`));
    const e = pluginPermissions(manifest, 'Editor');
    assert.ok(e.includes(`${P}.tenants:write`) && !e.includes(`${P}.audit:export`));
    const a = pluginPermissions(manifest, 'Admin');
    assert.ok(a.includes(`${P}.audit:export`) && a.includes(`${P}.operations:approve`));
    assert.ok(v.every((x) => e.includes(x)) && e.every((x) => a.includes(x)), 'grants inherit upwards');
  });

  it('a role assigned to the user directly adds its actions (the Viewer with the Auditor role may search and export)', () => {
    const v = pluginPermissions(manifest, 'Viewer');
    const auditor = pluginPermissions(manifest, 'Viewer', false, ['Switchyard Auditor']);
    assert.ok(!v.includes(`${P}.audit:export`));
    assert.deepEqual(
      auditor.filter((a) => !v.includes(a)),
      [`${P}.audit:export`, `${P}.audit:read`]
    );
  });
});
