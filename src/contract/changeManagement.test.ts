/**
 * The change-management endpoint tables (deployments, config, definitions) are served and well
 * formed: unique paths, no clash with the rest of the table, their own actions, idempotent
 * mutations, plugin.json routes derivable without ambiguity (through the same Grafana
 * route-selection simulation as pluginRoutes.test.ts), job types of their own, and roles granting
 * the new actions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deriveRoutes } from '../../scripts/plugin-routes';
import { proxyPathOf, selectRoute, joinURLFragments } from '../../tests/host/server/routeMatch';
import {
  Actions,
  JOB_TYPES,
  PLUGIN_ID,
  buildPath,
  configEndpoints,
  definitionEndpoints,
  deploymentEndpoints,
  endpoints,
  type Action,
  type EndpointDef,
  pathParamNames,
} from './index';

/** The change-management endpoints: deployments, config and definitions. */
const served = { ...deploymentEndpoints, ...configEndpoints, ...definitionEndpoints };
const table = Object.entries(served) as Array<[string, EndpointDef]>;
const existing = (Object.entries(endpoints) as Array<[string, EndpointDef]>).filter(([n]) => !(n in served));
const merged = endpoints as Record<string, EndpointDef>;
const CHANGE_MANAGEMENT_JOB_TYPES = ['deployment.rollout', 'config.apply', 'definitions.promote', 'definitions.revert'];
const newActions: Action[] = [
  Actions.deploymentsRead,
  Actions.deploymentsWrite,
  Actions.configRead,
  Actions.configWrite,
  Actions.definitionsRead,
  Actions.definitionsWrite,
  Actions.definitionsPromote,
];
/** Two fastify paths collide when they are equal once every `:param` is the same placeholder. */
const shape = (e: EndpointDef) => `${e.method} ${e.path.replace(/:[A-Za-z0-9_]+/g, ':_')}`;
const sample = (path: string) =>
  Object.fromEntries(pathParamNames(path).map((k, i) => [k, `s-${k.toLowerCase()}-${i}`]));

describe('change-management endpoint table', () => {
  test('every endpoint is served, and paths are unique and do not clash with the rest of the table', () => {
    for (const name of Object.keys(served)) assert.ok(name in endpoints, `${name} is not served`);
    const shapes = new Map(existing.map(([n, e]) => [shape(e), n]));
    for (const [name, e] of table) {
      assert.ok(!shapes.has(shape(e)), `${name} (${shape(e)}) clashes with ${shapes.get(shape(e))}`);
      shapes.set(shape(e), name);
      assert.match(e.path, /^\/api\/v1\//, name);
    }
  });

  test('every action is one of the new change-management actions; every new action is used', () => {
    const used = new Set(table.map(([, e]) => e.action));
    for (const [name, e] of table) assert.ok(newActions.includes(e.action), `${name}: ${e.action}`);
    for (const a of newActions) assert.ok(used.has(a), `${a} guards no endpoint`);
    for (const a of newActions) assert.ok(Object.values(Actions).includes(a));
  });

  test('mutations need an Idempotency-Key and a body schema; reads have none', () => {
    for (const [name, e] of table) {
      const writes = e.action.endsWith(':write') || e.action.endsWith(':promote');
      if (e.method === 'GET') assert.equal(e.body, undefined, name);
      if (writes) {
        assert.equal(e.idempotent, true, `${name} mutates without Idempotency-Key`);
        assert.ok(e.body, `${name} mutates without a body`);
      } else assert.notEqual(e.idempotent, true, `${name} reads but asks for an Idempotency-Key`);
    }
  });

  test('their job types are job types of the engine', () => {
    for (const t of CHANGE_MANAGEMENT_JOB_TYPES) assert.ok((JOB_TYPES as readonly string[]).includes(t), t);
  });

  test('in endpoints, plugin.json routes derive without ambiguity and route every endpoint to its action', () => {
    const routes = deriveRoutes(merged);
    const everyone = { role: 'Admin' as const, permissions: Object.values(Actions) };
    for (const [name, e] of Object.entries(merged)) {
      const path = buildPath(e.path, sample(e.path));
      const proxyPath = proxyPathOf(`/api/plugin-proxy/${PLUGIN_ID}${path}`);
      const decision = selectRoute(routes, e.method, proxyPath, everyone);
      assert.equal(decision.kind, 'match', `${name}: ${e.method} ${path} matches no route`);
      if (decision.kind !== 'match') continue;
      assert.equal(decision.route.reqAction, e.action, `${name} is guarded by ${decision.route.reqAction}`);
      const base = (decision.route.url ?? '').replace('{{ .JsonData.sidecarUrl }}', 'http://sidecar');
      assert.equal(joinURLFragments(base, decision.upstreamPath), `http://sidecar${path}`, name);
      const only = { role: 'Viewer' as const, permissions: [e.action] };
      assert.equal(selectRoute(routes, e.method, proxyPath, only).kind, 'match', name);
      const others = { role: 'Admin' as const, permissions: Object.values(Actions).filter((a) => a !== e.action) };
      assert.equal(selectRoute(routes, e.method, proxyPath, others).kind, 'denied', name);
    }
  });

  test('the derivation refuses a table where one proxy route would need two actions', () => {
    const bad = {
      ...served,
      sneaky: {
        ...deploymentEndpoints.pauseDeployment,
        path: '/api/v1/deployments/:id/x',
        action: Actions.deploymentsRead,
      },
    } as Record<string, EndpointDef>;
    assert.throws(() => deriveRoutes(bad), /distinct path/);
  });
});

describe('plugin.json roles grant the change-management actions', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'plugin.json'), 'utf8')) as {
    roles: Array<{ role: { name: string; permissions: Array<{ action: string }> } }>;
  };
  const role = (name: string) =>
    new Set(manifest.roles.find((r) => r.role.name === name)?.role.permissions.map((p) => p.action) ?? []);
  const reads = [Actions.deploymentsRead, Actions.configRead, Actions.definitionsRead];
  const writes = [Actions.deploymentsWrite, Actions.configWrite, Actions.definitionsWrite];

  test('Viewer reads, Operator reads and writes, Approver promotes, Admin holds all', () => {
    for (const a of reads) assert.ok(role('Switchyard Viewer').has(a), `Viewer lacks ${a}`);
    for (const a of [...writes, Actions.definitionsPromote]) assert.ok(!role('Switchyard Viewer').has(a), a);
    for (const a of [...reads, ...writes]) assert.ok(role('Switchyard Operator').has(a), `Operator lacks ${a}`);
    assert.ok(!role('Switchyard Operator').has(Actions.definitionsPromote), 'an Operator must not approve prod');
    assert.ok(role('Switchyard Approver').has(Actions.definitionsPromote));
    assert.ok(role('Switchyard Approver').has(Actions.definitionsRead));
    assert.ok(!role('Switchyard Approver').has(Actions.definitionsWrite), 'an Approver does not request');
    for (const a of newActions) assert.ok(role('Switchyard Admin').has(a), `Admin lacks ${a}`);
  });
});
