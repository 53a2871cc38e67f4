/**
 * Canary run: every configured secret (proxy secret, data source token, metrics token, webhook
 * token, Grafana service-account token) and every secret-looking value a caller sends (a `?token=`
 * query, a wrong secret) is a canary. After traffic that succeeds and fails, none may appear in any
 * response, in the log at trace level, in /metrics, in the audit export or in the database file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { test } from 'node:test';
import { GRAFANA_ID_HEADER, GRANTED_ACTION_HEADER, PROXY_SECRET_HEADER, endpoints } from '../../src/contract';
import { buildApp, openSidecarDatabase } from '../../src/sidecar/app';
import { loadConfig } from '../../src/sidecar/kernel/config/config';
import { createLogger } from '../../src/sidecar/kernel/logger';
import { startIdentityProvider } from '../../src/sidecar/testing/identityProvider';
import { testClockEnv } from '../../src/sidecar/testing/testClock';
import { idempotencyKey, tenantBody } from '../../src/sidecar/testing/testApp';
import { Figures } from './support';

const CANARIES = {
  proxySecret: 'canary-proxy-secret-7f3a9c1e5b2d4f6a8c0e',
  datasourceToken: 'canary-datasource-token-1b3d5f7a9c2e4f6a8b0d',
  metricsToken: 'canary-metrics-token-9e8d7c6b5a4f',
  webhookToken: 'canary-webhook-token-2c4e6a8b0d1f',
  saToken: 'glsa_canary_service_account_3e5a7c9b1d',
  queryToken: 'canary-query-token-5a6b7c8d9e0f',
  wrongSecret: 'canary-wrong-secret-0a1b2c3d4e5f6a7b8c9d',
};

test('no secret or secret-looking input appears in responses, trace logs, metrics, exports or the database', async () => {
  const idp = await startIdentityProvider();
  const dir = mkdtempSync(join(tmpdir(), 'sy-security-canary-'));
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    SWITCHYARD_PROXY_SECRET: CANARIES.proxySecret,
    SWITCHYARD_DATASOURCE_TOKEN: CANARIES.datasourceToken,
    SWITCHYARD_METRICS_TOKEN: CANARIES.metricsToken,
    SWITCHYARD_ALERT_WEBHOOK_TOKEN: CANARIES.webhookToken,
    SWITCHYARD_GRAFANA_SA_TOKEN: CANARIES.saToken,
    GRAFANA_URL: idp.url,
    SWITCHYARD_OUTBOUND_HOSTS: idp.host,
    SWITCHYARD_SQLITE_PATH: join(dir, 'canary.db'),
    LOG_LEVEL: 'trace',
    ...testClockEnv(),
  });
  const database = await openSidecarDatabase(config.store);
  const app = await buildApp(config, { database, logger: createLogger('trace', sink) });
  const bodies: string[] = [];
  try {
    const token = await idp.mint();
    const proxy = (name: keyof typeof endpoints, secret = CANARIES.proxySecret) => ({
      [PROXY_SECRET_HEADER]: secret,
      [GRANTED_ACTION_HEADER]: endpoints[name].action,
      [GRAFANA_ID_HEADER]: token,
    });
    const send = async (opts: InjectOptions) => {
      const res = await app.inject(opts);
      bodies.push(JSON.stringify(res.headers), res.body);
      return res;
    };
    const body = tenantBody();
    const created = await send({
      method: 'POST',
      url: `/api/v1/tenants?token=${CANARIES.queryToken}`,
      headers: { ...proxy('createTenant'), 'content-type': 'application/json', 'idempotency-key': idempotencyKey() },
      payload: JSON.stringify(body),
    });
    assert.equal(created.statusCode, 201, created.body);
    await send({
      method: 'GET',
      url: `/api/v1/tenants?limit=5&token=${CANARIES.queryToken}`,
      headers: proxy('listTenants'),
    });
    const refused = await send({
      method: 'GET',
      url: '/api/v1/tenants',
      headers: proxy('listTenants', CANARIES.wrongSecret),
    });
    assert.equal(refused.statusCode, 401);
    const dsRead = await send({
      method: 'GET',
      url: '/api/v1/tenants',
      headers: { authorization: `Bearer ${CANARIES.datasourceToken}` },
    });
    assert.equal(dsRead.statusCode, 200, dsRead.body);
    const dsWrite = await send({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: { authorization: `Bearer ${CANARIES.datasourceToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(tenantBody()),
    });
    assert.equal(dsWrite.statusCode, 403);
    await send({
      method: 'POST',
      url: '/api/v1/alerts/webhook',
      headers: { authorization: `Bearer ${CANARIES.webhookToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ version: '4', status: 'firing', alerts: [] }),
    });
    await send({
      method: 'POST',
      url: '/api/v1/alerts/webhook',
      headers: { authorization: `Bearer ${CANARIES.wrongSecret}` },
    });
    const metrics = await send({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${CANARIES.metricsToken}` },
    });
    assert.equal(metrics.statusCode, 200);
    const exported = await send({
      method: 'GET',
      url: '/api/v1/audit/export?format=ndjson',
      headers: proxy('exportAudit'),
    });
    assert.equal(exported.statusCode, 200, exported.body);
  } finally {
    await app.close();
    await database.close();
    await idp.close();
  }
  const files = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1'));
  const places: Record<string, string> = {
    responses: bodies.join('\n'),
    'trace log': lines.join(''),
    'database files': files.join('\n'),
  };
  const figures = new Figures();
  let leaks = 0;
  for (const [name, value] of Object.entries(CANARIES)) {
    for (const [where, text] of Object.entries(places)) {
      if (text.includes(value)) {
        leaks += 1;
        figures.add(`LEAK ${name}`, where);
      }
    }
  }
  figures.add('log lines captured (trace)', lines.length);
  figures.add('responses captured', bodies.length / 2);
  figures.add('canaries × places checked', `${Object.keys(CANARIES).length} × ${Object.keys(places).length}`);
  figures.zero('canary leaks', leaks);
  figures.print('canary figures');
  assert.ok(lines.length > 10, 'the trace log was captured');
  assert.equal(leaks, 0);
  rmSync(dir, { recursive: true, force: true });
});
