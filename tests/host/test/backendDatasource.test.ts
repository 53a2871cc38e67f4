/**
 * The host runs the BUILT backend data source executable as Grafana does, against a real sidecar
 * that holds the data source token: `/api/ds/query` (alone and mixed with a VictoriaMetrics query),
 * `/health` (200 OK, 400 with the plugin's message on a wrong token), `/resources/*`, the settings
 * API never returning the secret, one reused process, and no process left behind when the host stops.
 * Needs `npm run build` (dist/datasource/gpx_…_linux_amd64).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DATASOURCE_PLUGIN_ID, DATASOURCE_UID } from '../../../src/contract';
import { startStack, type Stack } from '../../e2e/lib/stack';
import { proxyApi } from '../../e2e/lib/seed';
import { REPO_ROOT } from '../lines';
import { executablePath } from '../server/backendPlugins';

const UID = DATASOURCE_UID;
let stack: Stack;
let hostUrl = '';

const as = (login: string) => ({ authorization: `Basic ${Buffer.from(`${login}:${login}`).toString('base64')}` });

async function call(path: string, init: { method?: string; body?: unknown; login?: string } = {}) {
  const res = await fetch(`${hostUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...as(init.login ?? 'admin'), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

before(async () => {
  const exe = executablePath(join(REPO_ROOT, 'dist'), DATASOURCE_PLUGIN_ID);
  assert.ok(existsSync(exe), `${exe} is missing: run npm run build first`);
  stack = await startStack({ lines: ['grafana-12'], platform: false });
  hostUrl = stack.hosts['grafana-12']!.url;
  const api = proxyApi(hostUrl);
  for (const id of ['acme-prod', 'globex-prod', 'initech-dev']) {
    const r = await api.call(
      'POST',
      '/api/v1/tenants',
      {
        id,
        displayName: id,
        plan: 'team',
        environment: id.endsWith('dev') ? 'dev' : 'prod',
        organizationId: '11111111-1111-4111-8111-111111111111',
        applicationId: '22222222-2222-4222-8222-222222222222',
      },
      { 'idempotency-key': `host-ds-${id}` }
    );
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.json));
  }
});
after(async () => {
  await stack?.stop();
});

describe('backend data source in the test host', () => {
  it('Save & test: health is OK with the provisioned token, through one launched process', async () => {
    const r = await call(`/api/datasources/uid/${UID}/health`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'OK');
    assert.match(r.json.message, /Connected to Switchyard sidecar/);
    assert.equal(r.json.details.tenants, 3);
    assert.equal(stack.hosts['grafana-12']!.backendPids().length, 1);
  });

  it('answers a mixed request: the Switchyard query through QueryData, the VictoriaMetrics one as before', async () => {
    const pidBefore = stack.hosts['grafana-12']!.backendPids()[0];
    const r = await call('/api/ds/query', {
      method: 'POST',
      login: 'viewer',
      body: {
        from: '1767225600000',
        to: '1767229200000',
        queries: [
          {
            refId: 'A',
            datasource: { type: DATASOURCE_PLUGIN_ID, uid: UID },
            queryType: 'tenantCounts',
            groupBy: 'environment',
            format: 'numeric',
          },
          { refId: 'B', datasource: { type: 'prometheus', uid: 'switchyard-vm' }, expr: 'up' },
        ],
      },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json.results), ['A', 'B']);
    assert.equal(r.json.results.B.status, 200);
    const frames = r.json.results.A.frames as Array<{
      schema: { refId: string; fields: Array<{ labels?: Record<string, string> }> };
      data: { values: number[][] };
    }>;
    const counts = Object.fromEntries(
      frames.map((f) => [f.schema.fields.at(-1)!.labels!.environment, f.data.values.at(-1)![0]])
    );
    assert.equal(counts.prod, 2);
    assert.equal(counts.dev, 1);
    assert.equal(frames[0].schema.refId, 'A');
    assert.equal(stack.hosts['grafana-12']!.backendPids()[0], pidBefore, 'one process, reused');
  });

  it('an unknown query type is a per-refId error; the HTTP answer is multi-status', async () => {
    const r = await call('/api/ds/query', {
      method: 'POST',
      body: { queries: [{ refId: 'Z', datasource: { uid: UID }, queryType: 'nope' }] },
    });
    assert.equal(r.status, 207);
    assert.equal(r.json.results.Z.status, 400);
    assert.match(r.json.results.Z.error, /queryType must be one of tenants, tenantCounts/);
  });

  it('resources: the tenant pick list comes from CallResource', async () => {
    const r = await call(`/api/datasources/uid/${UID}/resources/tenants?search=acme`, { login: 'viewer' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      (r.json as Array<{ value: string }>).map((o) => o.value),
      ['acme-prod']
    );
  });

  it('the settings API never returns the token; a wrong token fails Save & test with the plugin message', async () => {
    const settings = await call(`/api/datasources/uid/${UID}`);
    assert.deepEqual(settings.json.secureJsonFields, { sidecarToken: true });
    assert.ok(!settings.text.includes(stack.datasourceToken));
    assert.ok(!(await call('/api/datasources')).text.includes(stack.datasourceToken));

    const denied = await call(`/api/datasources/uid/${UID}`, {
      method: 'PUT',
      login: 'editor',
      body: { ...settings.json, secureJsonData: { sidecarToken: 'x' } },
    });
    assert.equal(denied.status, 403);

    const wrong = await call(`/api/datasources/uid/${UID}`, {
      method: 'PUT',
      body: { ...settings.json, secureJsonData: { sidecarToken: 'w'.repeat(48) } },
    });
    assert.equal(wrong.status, 200, wrong.text);
    assert.equal(wrong.json.message, 'Datasource updated');
    assert.ok(!wrong.text.includes('w'.repeat(48)));
    const failing = await call(`/api/datasources/uid/${UID}/health`);
    assert.equal(failing.status, 400);
    assert.equal(failing.json.status, 'ERROR');
    assert.match(failing.json.message, /token|credential|rejected/i, failing.json.message);
    console.log(`wrong token: ${failing.json.message}`);
    assert.ok(!failing.text.includes('w'.repeat(48)));

    const restored = await call(`/api/datasources/uid/${UID}`, {
      method: 'PUT',
      body: { ...settings.json, secureJsonData: { sidecarToken: stack.datasourceToken } },
    });
    assert.equal(restored.status, 200);
    assert.equal((await call(`/api/datasources/uid/${UID}/health`)).status, 200);
  });

  it('stopping the host shuts the plugin down: no process left behind', async () => {
    const pids = stack.hosts['grafana-12']!.backendPids();
    assert.equal(pids.length, 1);
    await stack.hosts['grafana-12']!.close();
    assert.deepEqual(stack.hosts['grafana-12']!.backendPids(), []);
    assert.equal(alive(pids[0]), false);
  });
});
