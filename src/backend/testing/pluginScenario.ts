/**
 * The protocol checks run against a launched fixture executable (plain tsx or the Bun-compiled
 * binary): what Grafana's go-plugin client relies on, call by call. Test support only.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { readArrowFrame } from '../frames/arrowRead';
import type { Message } from '../plugin/proto';
import { FIXTURE_GOOD_SECRET, FIXTURE_SECRET_KEY } from './fixtureHandlers';
import type { GoPluginClient } from './goPluginClient';

export function pluginContext(secret = FIXTURE_GOOD_SECRET): Message {
  return {
    orgId: '1',
    pluginId: 'switchyard-controlplane-datasource',
    user: { login: 'ana', name: 'Ana', email: 'ana@example.com', role: 'Editor' },
    dataSourceInstanceSettings: {
      id: '4',
      uid: 'switchyard-controlplane',
      name: 'Switchyard',
      url: 'http://sidecar',
      jsonData: Buffer.from('{"sidecarUrl":"http://127.0.0.1:1"}'),
      decryptedSecureJsonData: { [FIXTURE_SECRET_KEY]: secret },
      lastUpdatedMS: '1767225600000',
    },
    grafanaConfig: { GF_APP_URL: 'http://grafana:3000' },
  };
}

const query = (refId: string, queryType: string, json: string = '{}'): Message => ({
  refId,
  queryType,
  maxDataPoints: '500',
  intervalMS: '15000',
  timeRange: { fromEpochMS: '1767225600000', toEpochMS: '1767229200000' },
  json: Buffer.from(json),
});

type Responses = Record<
  string,
  { frames: Buffer[]; error: string; status: number; errorSource: string; format: string }
>;

export async function checkQueryData(plugin: GoPluginClient): Promise<void> {
  const reply = await plugin.queryData({
    pluginContext: pluginContext(),
    headers: { 'http_X-Grafana-Id': 'id-token', FromAlert: 'true' },
    queries: [
      query('A', 'all-types'),
      query('B', 'throw'),
      query('C', 'all-types', '{not json'),
      query('D', 'error'),
      query('E', 'bad-frame'),
      query('T', 'table', '{"rows":5000}'),
      query('X', 'context', '{"tenant":"$tenant","nested":{"k":[1,2]}}'),
    ],
  });
  const r = reply.responses as Responses;
  assert.deepEqual(Object.keys(r).sort(), ['A', 'B', 'C', 'D', 'E', 'T', 'X']);

  assert.equal(r.A.status, 200);
  assert.equal(r.A.error, '');
  assert.equal(r.A.format, 'ARROW');
  assert.equal(r.A.frames.length, 1);
  const a = readArrowFrame(r.A.frames[0]);
  assert.equal(a.refId, 'A');
  assert.equal(a.name, 'all_types');
  assert.deepEqual(a.meta?.typeVersion, [0, 0]);
  assert.deepEqual(
    a.fields.map((f) => [f.name, f.frameType, f.nullable]),
    [
      ['time', 'time.Time', false],
      ['value', 'float64', false],
      ['nullable_value', 'float64', true],
      ['count', 'int64', false],
      ['nullable_count', 'int64', true],
      ['tenant', 'string', false],
      ['nullable_tenant', 'string', true],
      ['healthy', 'bool', false],
      ['nullable_healthy', 'bool', true],
    ]
  );
  assert.deepEqual(a.fields[0].values, [
    1_767_225_600_000_000_000n,
    1_767_225_601_000_250_000n,
    1_767_225_602_000_000_000n,
  ]);
  assert.deepEqual(a.fields[3].values, [0n, 9_007_199_254_740_993n, -42n]);
  assert.deepEqual(a.fields[1].labels, { env: 'prod', tenant: 'acme' });

  assert.equal(r.B.status, 500);
  assert.match(r.B.error, /query B exploded/);
  assert.equal(r.B.errorSource, 'plugin');
  assert.equal(r.C.status, 400);
  assert.match(r.C.error, /query C is not valid JSON/);
  assert.equal(r.D.status, 502);
  assert.equal(r.D.errorSource, 'downstream');
  assert.equal(r.E.status, 500);
  assert.match(r.E.error, /frame encoding failed: field "time" is not nullable/);

  const t = readArrowFrame(r.T.frames[0]);
  assert.equal(t.fields[0].values.length, 5000);

  const x = readArrowFrame(r.X.frames[0]);
  const ctx = Object.fromEntries(x.fields[0].values.map((k, i) => [k, x.fields[1].values[i]]));
  assert.equal(ctx.orgId, '1');
  assert.equal(ctx.userLogin, 'ana');
  assert.equal(ctx.userRole, 'Editor');
  assert.equal(ctx.dsUid, 'switchyard-controlplane');
  assert.equal(ctx.dsId, '4');
  assert.equal(ctx.jsonData, '{"sidecarUrl":"http://127.0.0.1:1"}');
  assert.equal(ctx.secureKeys, FIXTURE_SECRET_KEY);
  assert.equal(ctx.secretMatches, 'true');
  assert.deepEqual(JSON.parse(String(ctx.headers)), { 'http_X-Grafana-Id': 'id-token', FromAlert: 'true' });
  assert.equal(ctx.maxDataPoints, '500');
  assert.equal(ctx.intervalMs, '15000');
  assert.equal(ctx.fromMs, '1767225600000');
  assert.equal(ctx.toMs, '1767229200000');
  assert.equal(ctx.json, '{"tenant":"$tenant","nested":{"k":[1,2]}}');

  const crash = (await plugin.queryData({ queries: [query('A', 'all-types'), query('Z', 'crash-all')] }))
    .responses as Responses;
  for (const refId of ['A', 'Z']) {
    assert.equal(crash[refId].status, 500);
    assert.match(crash[refId].error, /query failed: the whole batch failed/);
  }
  assert.deepEqual((await plugin.queryData({ queries: [] })).responses, {});
}

export async function checkHealthAndResources(plugin: GoPluginClient): Promise<void> {
  const ok = await plugin.checkHealth({ pluginContext: pluginContext() });
  assert.equal(ok.status, 'OK');
  assert.deepEqual(JSON.parse(Buffer.from(ok.jsonDetails as Buffer).toString()), { checks: 2 });
  const wrong = await plugin.checkHealth({ pluginContext: pluginContext('wrong') });
  assert.equal(wrong.status, 'ERROR');
  assert.equal(wrong.message, 'the sidecar rejected the credential');
  assert.equal((wrong.jsonDetails as Buffer).length, 0);

  const echo = await plugin.callResource({
    pluginContext: pluginContext(),
    path: 'tenants',
    method: 'POST',
    url: '/api/datasources/uid/switchyard-controlplane/resources/tenants?q=a',
    headers: { 'X-Grafana-Id': { values: ['tok'] } },
    body: Buffer.from('{"q":1}'),
  });
  assert.equal(echo.length, 1);
  assert.equal(echo[0].code, 201);
  assert.deepEqual((echo[0].headers as Record<string, { values: string[] }>)['X-Echo'].values, ['yes']);
  const body = JSON.parse(Buffer.from(echo[0].body as Buffer).toString());
  assert.deepEqual(body, {
    method: 'POST',
    path: 'tenants',
    url: '/api/datasources/uid/switchyard-controlplane/resources/tenants?q=a',
    body: '{"q":1}',
    headers: { 'X-Grafana-Id': ['tok'] },
    user: 'ana',
  });

  const big = await plugin.callResource({ path: 'big', method: 'GET' });
  assert.equal(big.length, 1, 'status, headers and body in one message');
  assert.equal(big[0].code, 200);
  assert.equal(
    big.reduce((n, m) => n + (m.body as Buffer).length, 0),
    3 * 1024 * 1024 + 17
  );

  const failed = await plugin.callResource({ path: 'throw', method: 'GET' });
  assert.equal(failed[0].code, 500);
  assert.deepEqual(JSON.parse(Buffer.from(failed[0].body as Buffer).toString()), {
    code: 'INTERNAL',
    message: 'resource throw failed',
  });
}

export async function metricsText(plugin: GoPluginClient): Promise<string> {
  const reply = await plugin.collectMetrics({ pluginContext: pluginContext() });
  return Buffer.from((reply.metrics as { prometheus: Buffer }).prometheus).toString();
}

export async function checkMetrics(plugin: GoPluginClient): Promise<void> {
  // Arbitrary queryTypes never become labels: one bounded `other` series.
  const junk = Array.from({ length: 30 }, (_, i) => query(`J${i}`, `junk-${i}-${'x'.repeat(i)}`));
  await plugin.queryData({ pluginContext: pluginContext(), queries: junk });
  const text = await metricsText(plugin);
  assert.match(text, /switchyard_datasource_queries_total\{query_type="other",outcome="error"\} 30\n/);
  assert.ok(!text.includes('junk-'), 'no label per unknown queryType');
  assert.match(text, /switchyard_datasource_requests_total\{method="QueryData",outcome="ok"\} \d+/);
  assert.match(text, /switchyard_datasource_request_duration_seconds_count\{method="CheckHealth"\} \d+/);
  assert.match(text, /switchyard_datasource_queries_total\{query_type="all-types",outcome="ok"\} \d+/);
  assert.match(text, /switchyard_datasource_queries_total\{query_type="throw",outcome="error"\} 1/);
  assert.ok(!text.includes(FIXTURE_GOOD_SECRET));
}

/** Every stderr line is an hclog JSON entry; nothing but the handshake went to stdout; no secret leaked. */
export function checkOutput(plugin: GoPluginClient): void {
  assert.deepEqual(plugin.extraStdout, []);
  assert.ok(plugin.stderrLines.length > 0);
  for (const line of plugin.stderrLines) {
    const entry = JSON.parse(line) as Record<string, string>;
    assert.match(entry['@timestamp'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, line);
    assert.ok(['trace', 'debug', 'info', 'warn', 'error'].includes(entry['@level']), line);
    assert.equal(typeof entry['@message'], 'string');
    assert.equal(entry['@module'], 'switchyard-datasource');
    assert.ok(!line.includes(FIXTURE_GOOD_SECRET), 'the secret never appears in logs');
  }
}

export function socketGone(plugin: GoPluginClient): boolean {
  return !fs.existsSync(plugin.handshake.address);
}
