/**
 * plugin.json `routes` against the endpoint table, through a simulation of Grafana's app-proxy route
 * selection (array order, method exact or `*`, router-tree path matching where `*` captures the rest,
 * first match wins; the port lives in tests/host/server/routeMatch.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deriveRoutes } from '../../scripts/plugin-routes';
import { pluginPermissions, type PluginManifest, type PluginRoute } from '../../tests/host/server/pluginJson';
import { joinURLFragments, proxyPathOf, selectRoute } from '../../tests/host/server/routeMatch';
import {
  Actions,
  GRANTED_ACTION_HEADER,
  PLUGIN_ID,
  PROXY_SECRET_HEADER,
  buildPath,
  endpoints,
  type EndpointDef,
  pathParamNames,
} from './index';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'plugin.json'), 'utf8')) as PluginManifest & {
  routes: PluginRoute[];
};
const SIDECAR = 'http://sidecar.internal:8787';
const everyone = { role: 'Admin' as const, permissions: Object.values(Actions) };

function sampleParams(path: string): Record<string, string> {
  return Object.fromEntries(pathParamNames(path).map((k, i) => [k, `sample-${k.toLowerCase()}-${i}`]));
}

/** What Grafana would do with a browser call to this endpoint: the chosen route index and upstream URL. */
function proxy(e: EndpointDef) {
  const path = buildPath(e.path, sampleParams(e.path));
  const decision = selectRoute(
    manifest.routes,
    e.method,
    proxyPathOf(`/api/plugin-proxy/${PLUGIN_ID}${path}`),
    everyone
  );
  if (decision.kind !== 'match') return { path, decision, upstream: null };
  const base = (decision.route.url ?? '').replace('{{ .JsonData.sidecarUrl }}', SIDECAR);
  return { path, decision, upstream: joinURLFragments(base, decision.upstreamPath) };
}

describe('plugin.json routes', () => {
  const table = Object.entries(endpoints) as Array<[string, EndpointDef]>;

  test('every endpoint matches a route requiring exactly its action that forwards to exactly its sidecar path', () => {
    for (const [name, e] of table) {
      const { path, decision, upstream } = proxy(e);
      assert.equal(decision.kind, 'match', `${name}: ${e.method} ${path} matches no route`);
      if (decision.kind !== 'match') continue;
      assert.equal(decision.route.reqAction, e.action, `${name} is guarded by ${decision.route.reqAction}`);
      assert.equal(upstream, `${SIDECAR}${path}`, `${name} is forwarded to the wrong sidecar path`);
    }
  });

  test('a user holding only the endpoint action passes the route; a user without it is denied (no fall-through)', () => {
    for (const [name, e] of table) {
      const path = buildPath(e.path, sampleParams(e.path));
      const proxyPath = proxyPathOf(`/api/plugin-proxy/${PLUGIN_ID}${path}`);
      assert.equal(
        selectRoute(manifest.routes, e.method, proxyPath, { role: 'Viewer', permissions: [e.action] }).kind,
        'match',
        name
      );
      const others = Object.values(Actions).filter((a) => a !== e.action);
      assert.equal(
        selectRoute(manifest.routes, e.method, proxyPath, { role: 'Admin', permissions: others }).kind,
        'denied',
        name
      );
    }
  });

  test('every route is the first match for at least one endpoint', () => {
    const used = new Set(table.map(([, e]) => proxy(e).decision).flatMap((d) => (d.kind === 'match' ? [d.index] : [])));
    manifest.routes.forEach((r, i) => assert.ok(used.has(i), `route ${r.method} ${r.path} is never the first match`));
  });

  test('every route injects the proxy secret and its own action as the granted action', () => {
    for (const r of manifest.routes) {
      const byName = new Map(r.headers?.map((h) => [h.name.toLowerCase(), h.content]));
      assert.equal(byName.get(PROXY_SECRET_HEADER), '{{ .SecureJsonData.proxySecret }}', `${r.method} ${r.path}`);
      assert.equal(byName.get(GRANTED_ACTION_HEADER), r.reqAction, `${r.method} ${r.path}`);
      assert.match(r.url ?? '', /^\{\{ \.JsonData\.sidecarUrl \}\}\//);
    }
  });

  test('plugin.json routes are the ones derived from the table (run `npx tsx scripts/plugin-routes.ts`)', () => {
    assert.deepEqual(manifest.routes, deriveRoutes());
  });

  test('the simulation can fail: unknown paths and wrong methods match nothing', () => {
    assert.equal(selectRoute(manifest.routes, 'GET', '/api/v2/tenants', everyone).kind, 'notFound');
    assert.equal(selectRoute(manifest.routes, 'DELETE', '/api/v1/tenants/x', everyone).kind, 'notFound');
    assert.equal(
      selectRoute(manifest.routes, 'GET', '/api/v1/tenants', { role: 'Viewer', permissions: [] }).kind,
      'denied'
    );
  });

  test('the Audit page and its calls are for Auditors and Admins; every reader of tenants and jobs reaches their activity', () => {
    const reach = (role: 'Viewer' | 'Editor' | 'Admin', name: keyof typeof endpoints) => {
      const e = endpoints[name] as EndpointDef;
      const path = proxyPathOf(`/api/plugin-proxy/${PLUGIN_ID}${buildPath(e.path, sampleParams(e.path))}`);
      return selectRoute(manifest.routes, e.method, path, { role, permissions: pluginPermissions(manifest, role) })
        .kind;
    };
    const auditPage = ['listAudit', 'countAudit', 'verifyAudit', 'exportAudit', 'listSecurityEvents'] as const;
    const activity = ['getTenantActivity', 'getJobActivity'] as const;
    for (const role of ['Viewer', 'Editor'] as const) {
      assert.ok(!pluginPermissions(manifest, role).includes(Actions.auditRead), `${role} holds audit:read`);
      for (const name of auditPage) assert.equal(reach(role, name), 'denied', `${role} reaches ${name}`);
      for (const name of activity) assert.equal(reach(role, name), 'match', `${role} is refused ${name}`);
    }
    for (const name of [...auditPage, ...activity]) assert.equal(reach('Admin', name), 'match', `Admin: ${name}`);
    // Grafana shows a page include (nav) and serves its exact path only to holders of its action.
    const page = manifest.includes?.find((i) => i.type === 'page' && i.name === 'Audit');
    assert.equal(page?.action, Actions.auditRead);
    assert.equal(page?.role, 'Admin', 'without RBAC the include falls back to its role');
  });
});
