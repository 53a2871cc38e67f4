/**
 * The host's Grafana HTTP behaviour end to end, against an echo upstream: what the app proxy strips
 * and adds (GRAFANA.md §2.3), the signed ID token and its JWKS (§2.4), error bodies, and the plugin
 * settings API never returning secrets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startHost, type RunningHost } from '../server/app';

const SECRET = 'p'.repeat(40);
const P = 'switchyard-controlplane-app';
let upstream: Server;
let upstreamUrl = '';
let host: RunningHost;

before(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', 'upstream=1');
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  host = await startHost({
    line: 'grafana-12',
    settings: { jsonData: { sidecarUrl: upstreamUrl }, secureJsonData: { proxySecret: SECRET } },
  });
});
after(async () => {
  await host.close();
  upstream.close();
});

const as = (login: string) => ({ authorization: `Basic ${Buffer.from(`${login}:${login}`).toString('base64')}` });

async function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const res = await fetch(`${host.url}${path}`, init);
  const text = await res.text();
  return { res, json: text ? JSON.parse(text) : undefined };
}

describe('app plugin proxy', () => {
  it('forwards to the templated route url with the route headers and keeps the query string', async () => {
    const { res, json } = await call(`/api/plugin-proxy/${P}/api/v1/tenants?q=acme&limit=5`, { headers: as('viewer') });
    assert.equal(res.status, 200);
    assert.equal(json.url, '/api/v1/tenants?q=acme&limit=5');
    assert.equal(json.headers['x-switchyard-proxy-secret'], SECRET);
    assert.equal(json.headers['x-switchyard-granted-action'], `${P}.tenants:read`);
  });

  it('strips cookies, the auth header used, Origin/Referer and X-Forwarded-Host/Port/Proto; adds X-Grafana-Referer, X-Forwarded-For, X-Grafana-Context', async () => {
    const { json } = await call(`/api/plugin-proxy/${P}/api/v1/tenants`, {
      headers: {
        ...as('editor'),
        cookie: 'grafana_session=abc',
        origin: 'http://evil',
        referer: 'http://grafana/a/x',
        'x-forwarded-host': 'h',
        'x-forwarded-port': '1',
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '10.0.0.9',
        'x-grafana-user': 'spoofed',
        'x-custom': 'kept',
      },
    });
    const h = json.headers as Record<string, string>;
    for (const gone of [
      'cookie',
      'authorization',
      'origin',
      'referer',
      'x-forwarded-host',
      'x-forwarded-port',
      'x-forwarded-proto',
      'x-grafana-user',
    ]) {
      assert.equal(h[gone], undefined, `${gone} must be stripped`);
    }
    assert.equal(h['x-grafana-referer'], 'http://grafana/a/x');
    assert.match(h['x-forwarded-for'], /^10\.0\.0\.9, 127\.0\.0\.1$/);
    assert.equal(h['x-custom'], 'kept');
    const ctx = JSON.parse(h['x-grafana-context']);
    assert.equal(ctx.Login, 'editor');
    assert.equal(ctx.OrgRole, 'Editor');
  });

  it('signs X-Grafana-Id with ES256 (kid, 10 min, aud org:1, iss = root URL/) verifiable with the JWKS', async () => {
    const { json } = await call(`/api/plugin-proxy/${P}/api/v1/tenants`, { headers: as('viewer') });
    const token = json.headers['x-grafana-id'] as string;
    const hdr = decodeProtectedHeader(token);
    assert.equal(hdr.alg, 'ES256');
    assert.ok(hdr.kid);
    const jwksSet = createRemoteJWKSet(new URL(`${host.url}/api/signing-keys/keys`));
    const { payload } = await jwtVerify(token, jwksSet, {
      issuer: `${host.url}/`,
      audience: 'org:1',
      algorithms: ['ES256'],
    });
    assert.equal(payload.exp! - payload.iat!, 600);
    assert.equal(payload.sub, 'user:u-viewer');
    assert.equal(payload.role, 'Viewer');
    assert.equal(payload.username, 'viewer');
    assert.equal(payload.namespace, 'default');
    assert.equal(payload.type, 'user');
    for (const c of ['identifier', 'email', 'email_verified', 'authenticatedBy', 'name']) assert.ok(c in payload, c);
  });

  it('passes the body of a write through and removes Set-Cookie; adds CSP sandbox', async () => {
    const { res, json } = await call(`/api/plugin-proxy/${P}/api/v1/tenants/t-1/status`, {
      method: 'POST',
      headers: { ...as('editor'), 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'suspended', reason: 'test' }),
    });
    assert.equal(res.status, 200);
    assert.equal(json.url, '/api/v1/tenants/t-1/status');
    assert.deepEqual(JSON.parse(json.body), { to: 'suspended', reason: 'test' });
    assert.equal(res.headers.get('set-cookie'), null);
    assert.equal(res.headers.get('content-security-policy'), 'sandbox');
  });

  it("denied → 403 with Grafana's message; no route → 404; unknown plugin → 404", async () => {
    const denied = await call(`/api/plugin-proxy/${P}/api/v1/tenants/t-1/status`, {
      method: 'POST',
      headers: as('viewer'),
    });
    assert.equal(denied.res.status, 403);
    assert.deepEqual(denied.json, { message: 'plugin proxy route access denied' });
    const none = await call(`/api/plugin-proxy/${P}/api/v1/tenants/t-1`, { method: 'DELETE', headers: as('admin') });
    assert.equal(none.res.status, 404);
    assert.deepEqual(none.json, { message: 'plugin route match not found' });
    const other = await call('/api/plugin-proxy/other-thing-app/api/v1/tenants', { headers: as('admin') });
    assert.equal(other.res.status, 404);
  });

  it('an unreachable upstream gives 502', async () => {
    const h = await startHost({
      line: 'grafana-12',
      settings: { jsonData: { sidecarUrl: 'http://127.0.0.1:9' }, secureJsonData: { proxySecret: SECRET } },
    });
    try {
      const r = await fetch(`${h.url}/api/plugin-proxy/${P}/api/v1/tenants`, { headers: as('admin') });
      assert.equal(r.status, 502);
    } finally {
      await h.close();
    }
  });
});

describe('plugin settings API', () => {
  it('never returns secureJsonData, only secureJsonFields booleans', async () => {
    const { json } = await call(`/api/plugins/${P}/settings`, { headers: as('admin') });
    assert.equal(json.secureJsonData, undefined);
    assert.deepEqual(json.secureJsonFields, { proxySecret: true });
    assert.ok(!JSON.stringify(json).includes(SECRET));
  });
  it('admin saves jsonData and a new secret (used by the proxy, still not returned); viewer gets 403', async () => {
    const denied = await call(`/api/plugins/${P}/settings`, {
      method: 'POST',
      headers: { ...as('viewer'), 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(denied.res.status, 403);
    const NEW = 'n'.repeat(40);
    const saved = await call(`/api/plugins/${P}/settings`, {
      method: 'POST',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      body: JSON.stringify({
        enabled: true,
        pinned: true,
        jsonData: { sidecarUrl: upstreamUrl, extra: 1 },
        secureJsonData: { proxySecret: NEW },
      }),
    });
    assert.equal(saved.res.status, 200);
    const got = await call(`/api/plugins/${P}/settings`, { headers: as('admin') });
    assert.equal(got.json.jsonData.extra, 1);
    assert.ok(!JSON.stringify(got.json).includes(NEW));
    const fwd = await call(`/api/plugin-proxy/${P}/api/v1/tenants`, { headers: as('viewer') });
    assert.equal(fwd.json.headers['x-switchyard-proxy-secret'], NEW);
    await call(`/api/plugins/${P}/settings`, {
      method: 'POST',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      body: JSON.stringify({ jsonData: { sidecarUrl: upstreamUrl }, secureJsonData: { proxySecret: SECRET } }),
    });
  });
});

describe('users and boot data', () => {
  it('?grafanaUser=viewer renders boot data with the viewer role and the permissions its basic role is granted', async () => {
    const res = await fetch(`${host.url}/a/${P}/tenants?grafanaUser=viewer`);
    assert.match(res.headers.get('set-cookie') ?? '', /grafana_user=viewer/);
    const html = await res.text();
    const boot = JSON.parse(/window\.grafanaBootData = (.*?);<\/script>/s.exec(html)![1]);
    assert.equal(boot.user.orgRole, 'Viewer');
    assert.equal(boot.user.permissions[`${P}.tenants:read`], true);
    assert.equal(boot.user.permissions[`${P}.tenants:write`], undefined);
    assert.equal(boot.settings.appSubUrl, '');
    assert.equal(boot.settings.buildInfo.version, '12.4.10');
  });
});
