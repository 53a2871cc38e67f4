import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHandshake } from '../testing/goPluginClient';
import { callResourceMessages, dataQueryFrom, dataResponseMessage, pluginContextFrom } from './convert';
import { checkLaunchEnvironment, handshakeLine, HandshakeError } from './handshake';
import { createLogger, hclogTimestamp } from './log';
import { decodeMessage, encodeMessage, serviceDefinition } from './proto';

describe('wire definitions', () => {
  test('field numbers match the protocol: DataQuery and DataResponse', () => {
    // refId=1 (tag 0x0a), maxDataPoints=2 (0x10), intervalMS=3 (0x18), timeRange=4 (0x22), json=5 (0x2a), queryType=6 (0x32)
    const bytes = encodeMessage('pluginv2.DataQuery', {
      refId: 'A',
      maxDataPoints: '7',
      intervalMS: '9',
      timeRange: { fromEpochMS: '1', toEpochMS: '2' },
      json: Buffer.from('{}'),
      queryType: 'q',
    });
    assert.equal(
      Buffer.from(bytes).toString('hex'),
      '0a0141' + '1007' + '1809' + '2204' + '0801' + '1002' + '2a027b7d' + '320171'
    );
    // frames=1 (0x0a), error=2 (0x12), status=4 (0x20), errorSource=5 (0x2a), format=6 (0x30, JSON=1)
    const response = encodeMessage('pluginv2.DataResponse', {
      frames: [Buffer.from([1])],
      error: 'e',
      status: 400,
      errorSource: 'plugin',
      format: 'JSON',
    });
    assert.equal(Buffer.from(response).toString('hex'), '0a0101' + '120165' + '209003' + '2a06706c7567696e' + '3001');
  });

  test('PluginContext: user=3, dataSourceInstanceSettings=5 with jsonData=8 and decryptedSecureJsonData=9', () => {
    const bytes = encodeMessage('pluginv2.PluginContext', {
      orgId: '3',
      user: { login: 'ana', role: 'Editor' },
      dataSourceInstanceSettings: {
        id: '12',
        uid: 'u',
        jsonData: Buffer.from('{"a":1}'),
        decryptedSecureJsonData: { k: 'v' },
      },
    });
    const decoded = pluginContextFrom(decodeMessage('pluginv2.PluginContext', bytes));
    assert.deepEqual(decoded.user, { login: 'ana', name: '', email: '', role: 'Editor' });
    assert.equal(decoded.orgId, 3);
    assert.deepEqual(decoded.dataSourceInstanceSettings?.jsonData, { a: 1 });
    assert.deepEqual(decoded.dataSourceInstanceSettings?.decryptedSecureJsonData, { k: 'v' });
    assert.equal(decoded.dataSourceInstanceSettings?.id, 12);
    assert.ok(Buffer.from(bytes).includes(Buffer.from([0x2a])), 'field 5 is present');
  });

  test('service paths are /package.Service/Method', () => {
    assert.equal(serviceDefinition('pluginv2.Data').QueryData.path, '/pluginv2.Data/QueryData');
    assert.equal(serviceDefinition('pluginv2.Resource').CallResource.responseStream, true);
    assert.equal(serviceDefinition('pluginv2.Diagnostics').CollectMetrics.path, '/pluginv2.Diagnostics/CollectMetrics');
    assert.equal(serviceDefinition('grpc.health.v1.Health').Check.path, '/grpc.health.v1.Health/Check');
    assert.equal(serviceDefinition('plugin.GRPCController').Shutdown.path, '/plugin.GRPCController/Shutdown');
  });

  test('a query with JSON that does not parse is that query’s error', () => {
    const decoded = dataQueryFrom({ refId: 'B', json: Buffer.from('{nope') });
    assert.equal(decoded.ok, false);
    assert.match(!decoded.ok ? decoded.error : '', /query B is not valid JSON/);
  });

  test('resource responses: status and headers in the first message, body chunks after', () => {
    const response = { code: 404, headers: { 'Content-Type': ['text/plain'] }, body: Buffer.from('abcdefg') };
    assert.deepEqual(callResourceMessages(response), [
      { code: 404, headers: { 'Content-Type': { values: ['text/plain'] } }, body: Buffer.from('abcdefg') },
    ]);
    const chunked = callResourceMessages(response, 3);
    assert.deepEqual(
      chunked.map((m) => Buffer.from(m.body as Buffer).toString()),
      ['abc', 'def', 'g']
    );
    assert.equal(chunked[0].code, 404);
    assert.equal(chunked[1].code, undefined);
  });

  test('responses always carry an explicit status and ARROW format', () => {
    const ok = dataResponseMessage('A', { frames: [{ fields: [] }] });
    assert.equal(ok.status, 200);
    assert.equal(ok.format, 'ARROW');
    const failed = dataResponseMessage('A', { frames: [], error: 'x', status: 0 });
    assert.equal(failed.status, 500);
    assert.equal(failed.errorSource, 'plugin');
  });
});

describe('go-plugin handshake', () => {
  test('the line is CORE|APP|unix|path|grpc and parses with go-plugin rules', () => {
    const line = handshakeLine('unix', '/tmp/plugin1/grpc.sock');
    assert.equal(line, '1|2|unix|/tmp/plugin1/grpc.sock|grpc\n');
    assert.deepEqual(parseHandshake(line), {
      coreVersion: 1,
      appVersion: 2,
      network: 'unix',
      address: '/tmp/plugin1/grpc.sock',
      protocol: 'grpc',
    });
    assert.throws(() => parseHandshake('hello'), /Unrecognized remote plugin message/);
    assert.throws(() => parseHandshake('1|2|unix|/x'), /Unsupported plugin protocol "netrpc"/);
  });

  test('launch environment: magic cookie, protocol versions, no mutual TLS', () => {
    const env = { grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2' };
    assert.doesNotThrow(() => checkLaunchEnvironment(env));
    assert.doesNotThrow(() => checkLaunchEnvironment({ ...env, PLUGIN_PROTOCOL_VERSIONS: '1,2' }));
    assert.throws(() => checkLaunchEnvironment({ ...env, grafana_plugin_type: 'app' }), /This binary is a plugin/);
    assert.throws(() => checkLaunchEnvironment({ ...env, PLUGIN_PROTOCOL_VERSIONS: '1' }), HandshakeError);
    assert.throws(() => checkLaunchEnvironment({ ...env, PLUGIN_CLIENT_CERT: 'pem' }), /mutual TLS/);
  });
});

describe('hclog logging', () => {
  test('JSON lines with six fractional digits and no secrets', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'm',
      (l) => lines.push(l),
      () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678))
    );
    logger.info('hello', { refId: 'A', decryptedSecureJsonData: { apiToken: 's3cr3t' }, nested: { password: 'p' } });
    const entry = JSON.parse(lines[0]);
    assert.equal(entry['@timestamp'], '2026-01-02T03:04:05.678000Z');
    assert.equal(entry['@level'], 'info');
    assert.equal(entry['@module'], 'm');
    assert.equal(entry.refId, 'A');
    assert.ok(!lines[0].includes('s3cr3t') && !lines[0].includes('"p"'));
    assert.match(hclogTimestamp(new Date(0)), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });
});
