import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../kernel/config/config';
import { hostAllowed } from '../kernel/outboundHosts';
import { Gate, PlatformIsolationClient } from './isolationApi';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.writeHead(500).end();
let server: Server;
let base: string;
let active = 0;
let maxActive = 0;
const seen: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    active += 1;
    maxActive = Math.max(maxActive, active);
    res.on('close', () => (active -= 1));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    })
);

const client = (o: Partial<{ timeoutMs: number; concurrency: number; allowedHosts: string[] }> = {}) =>
  new PlatformIsolationClient({
    baseUrl: base,
    allowedHosts: o.allowedHosts ?? ['127.0.0.1'],
    timeoutMs: o.timeoutMs ?? 1_000,
    concurrency: o.concurrency ?? 4,
  });
const json =
  (body: unknown, status = 200): Handler =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const minimal = (tenantId: string) => ({
  tenantId,
  managedCredentialRef: 'vault:kv/SECRET-REF',
  connection: { kind: 'isolated', host: 'h', user: 'u', password: 'p' },
  extra: 'x',
});

test('calls GET /v1/runtime/isolation/<id> and keeps only known fields, credential reduced to a boolean', async () => {
  handler = json(minimal('acme-001'));
  const out = await client().fetchReport('acme-001');
  assert.ok(out.ok);
  assert.equal(seen.at(-1), '/v1/runtime/isolation/acme-001');
  assert.equal(out.report.credentialConfigured, true);
  assert.deepEqual(out.report.connection, { kind: 'isolated', host: 'h' });
  assert.doesNotMatch(JSON.stringify(out), /SECRET-REF|password|extra/);
});

test('a timeout is a typed `timeout` outcome, not an exception', async () => {
  handler = () => undefined; // never answers
  const started = Date.now();
  const out = await client({ timeoutMs: 150 }).fetchReport('acme-001');
  assert.deepEqual(out, { ok: false, error: { code: 'timeout', message: 'no answer within 150 ms' } });
  assert.ok(Date.now() - started < 2_000);
});

test('HTTP errors, 404, non-JSON, schema mismatch and a report for another tenant are typed failures without response content', async () => {
  const cases: Array<[Handler, string]> = [
    [json({ error: 'boom vault:kv/SECRET-REF' }, 500), 'http_error'],
    [json({ error: 'nope' }, 404), 'not_found'],
    [(_q, res) => res.writeHead(200).end('vault:kv/SECRET-REF not json'), 'invalid_response'],
    [
      json({ tenantId: 'acme-001', connection: { kind: 42 }, managedCredentialRef: 'vault:kv/SECRET-REF' }),
      'invalid_response',
    ],
    [json(minimal('other-001')), 'invalid_response'],
    [(_q, res) => res.writeHead(302, { location: `${base}/v1/runtime/isolation/acme-001` }).end(), 'http_error'],
    [(_q, res) => res.writeHead(200).end('x'.repeat(300 * 1024)), 'invalid_response'],
  ];
  for (const [h, code] of cases) {
    handler = h;
    const out = await client().fetchReport('acme-001');
    assert.equal(out.ok, false);
    assert.equal(!out.ok && out.error.code, code);
    assert.doesNotMatch(JSON.stringify(out), /SECRET-REF/);
  }
});

test('an unreachable platform is `unreachable`', async () => {
  const dead = new PlatformIsolationClient({
    baseUrl: 'http://127.0.0.1:1',
    allowedHosts: ['127.0.0.1'],
    timeoutMs: 1_000,
    concurrency: 1,
  });
  const out = await dead.fetchReport('acme-001');
  assert.equal(!out.ok && out.error.code, 'unreachable');
});

test('no SSRF: host must be allowlisted, tenant ids are validated and encoded', async () => {
  assert.throws(() => client({ allowedHosts: ['platform.internal'] }), /not on the outbound allowlist/);
  assert.ok(hostAllowed(new URL('http://platform.internal:8790'), ['platform.internal']));
  assert.ok(hostAllowed(new URL('http://platform.internal:8790'), ['platform.internal:8790']));
  assert.ok(!hostAllowed(new URL('http://evil.example:8790'), ['platform.internal']));
  const before = seen.length;
  for (const id of ['../../admin', 'a/b', '%2e%2e', 'x', 'UPPER']) {
    const out = await client().fetchReport(id);
    assert.equal(!out.ok && out.error.code, 'not_found');
  }
  assert.equal(seen.length, before, 'nothing was sent for invalid ids');
});

test('concurrency is bounded across callers', async () => {
  maxActive = 0;
  handler = (req, res) => setTimeout(() => json(minimal(req.url!.split('/').pop()!))(req, res), 40);
  const c = client({ concurrency: 3 });
  const ids = Array.from({ length: 12 }, (_, i) => `tenant-${String(i).padStart(3, '0')}`);
  const outs = await Promise.all(ids.map((id) => c.fetchReport(id)));
  assert.ok(outs.every((o) => o.ok));
  assert.equal(maxActive, 3);
});

test('Gate releases its slot when a task throws', async () => {
  const g = new Gate(1);
  await assert.rejects(
    g.run(async () => {
      throw new Error('x');
    })
  );
  assert.equal(await g.run(async () => 7), 7);
  assert.equal(g.inFlight, 0);
});

test('config: platform URL host must be on SWITCHYARD_OUTBOUND_HOSTS; unset means not configured', () => {
  const env = {
    SWITCHYARD_PROXY_SECRET: 'x'.repeat(40),
    GRAFANA_URL: 'http://grafana:3000',
    SWITCHYARD_OUTBOUND_HOSTS: 'grafana',
  };
  assert.equal(loadConfig(env).platform.url, null);
  assert.throws(
    () => loadConfig({ ...env, SWITCHYARD_PLATFORM_URL: 'http://169.254.169.254/latest' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.variable === 'SWITCHYARD_PLATFORM_URL' &&
      /SWITCHYARD_OUTBOUND_HOSTS/.test(e.message)
  );
  assert.throws(
    () => loadConfig({ ...env, SWITCHYARD_PLATFORM_URL: 'ftp://sim:8790' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SWITCHYARD_PLATFORM_URL'
  );
  assert.throws(
    () => loadConfig({ ...env, SWITCHYARD_PLATFORM_TIMEOUT_MS: '0' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SWITCHYARD_PLATFORM_TIMEOUT_MS'
  );
  const c = loadConfig({
    ...env,
    SWITCHYARD_PLATFORM_URL: 'http://sim:8790/',
    SWITCHYARD_OUTBOUND_HOSTS: 'grafana, SIM:8790',
    SWITCHYARD_APPDB_PREFIX_LENGTH: '12',
  });
  assert.deepEqual(c.platform, { url: 'http://sim:8790', timeoutMs: 5_000, outboundHosts: ['grafana', 'sim:8790'] });
  assert.equal(c.isolation.appDbPrefixLength, 12);
});
