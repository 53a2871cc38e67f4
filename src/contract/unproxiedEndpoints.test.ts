/**
 * The Alertmanager webhook (and any other `unproxiedEndpoints` entry) must stay OUT of Grafana's
 * plugin proxy: no plugin.json route, and no derived route, may match its method and path, and it
 * must not share a name or method+path with a proxied endpoint.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deriveRoutes } from '../../scripts/plugin-routes';
import { matchPattern } from '../../tests/host/server/routeMatch';
import { endpoints, unproxiedEndpoints } from './index';

interface Route {
  path: string;
  method: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'plugin.json'), 'utf8')) as { routes: Route[] };

function matching(routes: Route[], method: string, path: string): Route[] {
  const proxyPath = path.replace(/^\//, '');
  return routes.filter(
    (r) => (r.method === method || r.method === '*' || r.method === '') && matchPattern(r.path, proxyPath).ok
  );
}

describe('unproxied endpoints', () => {
  const entries = Object.entries(unproxiedEndpoints);

  test('the alert webhook is declared unproxied', () => {
    assert.equal(unproxiedEndpoints.alertWebhook.path, '/api/v1/alerts/webhook');
    assert.equal(unproxiedEndpoints.alertWebhook.method, 'POST');
  });

  test('no plugin.json route reaches them', () => {
    for (const [name, e] of entries) {
      assert.deepEqual(
        matching(manifest.routes, e.method, e.path),
        [],
        `${name} is reachable through plugin.json routes`
      );
    }
  });

  test('no route derived from the endpoint table reaches them', () => {
    for (const [name, e] of entries) {
      assert.deepEqual(matching(deriveRoutes(), e.method, e.path), [], `${name} would be reachable after routes:sync`);
    }
  });

  test('the matcher used above does see proxied endpoints (the check can fail)', () => {
    assert.equal(matching(manifest.routes, 'GET', endpoints.listAlerts.path).length, 1);
    assert.equal(matching(manifest.routes, 'GET', '/api/v1/jobs/0b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c').length, 1);
  });

  test('names and method+path are disjoint from the proxied table', () => {
    const proxied = new Set(Object.values(endpoints).map((e) => `${e.method} ${e.path}`));
    for (const [name, e] of entries) {
      assert.ok(!(name in endpoints), `${name} is in both tables`);
      assert.ok(!proxied.has(`${e.method} ${e.path}`), `${e.method} ${e.path} is in both tables`);
    }
  });
});
