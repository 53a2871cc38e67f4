/**
 * What the host hands a backend data source, seen from inside the plugin: the fixture executable
 * (plain Node + tsx behind the executable name the host launches) echoes its plugin context and
 * headers. The signed-in user, the decrypted secret, `http_X-Grafana-Id` (a token the host's JWKS
 * verifies) and `http_X-Grafana-User` arrive as Grafana sends them; `FromAlert` does not.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DATASOURCE_PLUGIN_ID } from '../../../src/contract';
import { FIXTURE_GOOD_SECRET, FIXTURE_SECRET_KEY } from '../../../src/backend/testing/fixtureHandlers';
import { REPO_ROOT } from '../lines';
import { startHost, type RunningHost } from '../server/app';
import { executablePath } from '../server/backendPlugins';

const distDir = mkdtempSync(join(tmpdir(), 'switchyard-host-backend-'));
let host: RunningHost;

before(async () => {
  const exe = executablePath(distDir, DATASOURCE_PLUGIN_ID);
  mkdirSync(join(distDir, 'datasource'), { recursive: true });
  writeFileSync(
    exe,
    `#!/bin/sh\ncd ${JSON.stringify(REPO_ROOT)} && exec ${JSON.stringify(process.execPath)} --import tsx src/backend/testing/fixturePlugin.ts\n`
  );
  chmodSync(exe, 0o755);
  host = await startHost({
    line: 'grafana-12',
    distDir,
    dataSources: [
      {
        id: 7,
        uid: 'fixture-ds',
        name: 'Fixture',
        type: DATASOURCE_PLUGIN_ID,
        url: '',
        isDefault: false,
        jsonData: { sidecarUrl: 'http://127.0.0.1:1' },
        secureJsonData: { [FIXTURE_SECRET_KEY]: FIXTURE_GOOD_SECRET },
      },
    ],
  });
});
after(async () => {
  await host?.close();
  rmSync(distDir, { recursive: true, force: true });
});

it('QueryData gets the signed-in user, decrypted settings and the forwarded ID token', async () => {
  const res = await fetch(`${host.url}/api/ds/query`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from('editor:editor').toString('base64')}`,
    },
    body: JSON.stringify({
      from: '1767225600000',
      to: '1767229200000',
      queries: [
        { refId: 'X', datasource: { uid: 'fixture-ds' }, queryType: 'context', intervalMs: 30000, maxDataPoints: 800 },
      ],
    }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { results: { X: { frames: Array<{ data: { values: string[][] } }> } } };
  const [keys, values] = body.results.X.frames[0].data.values;
  const ctx = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
  assert.equal(ctx.orgId, '1');
  assert.equal(ctx.userLogin, 'editor');
  assert.equal(ctx.userRole, 'Editor');
  assert.equal(ctx.dsUid, 'fixture-ds');
  assert.equal(ctx.dsId, '7');
  assert.equal(ctx.jsonData, '{"sidecarUrl":"http://127.0.0.1:1"}');
  assert.equal(ctx.secretMatches, 'true');
  assert.equal(ctx.intervalMs, '30000');
  assert.equal(ctx.maxDataPoints, '800');
  assert.equal(ctx.fromMs, '1767225600000');
  const headers = JSON.parse(ctx.headers) as Record<string, string>;
  assert.deepEqual(Object.keys(headers).sort(), ['http_X-Grafana-Id', 'http_X-Grafana-User']);
  assert.equal(headers['http_X-Grafana-User'], 'editor');
  const { payload } = await jwtVerify(
    headers['http_X-Grafana-Id'],
    createRemoteJWKSet(new URL(`${host.url}/api/signing-keys/keys`)),
    { issuer: `${host.url}/`, audience: 'org:1' }
  );
  assert.equal(payload.sub, 'user:u-editor');
  assert.equal(JSON.parse(ctx.json).queryType, 'context');
});
