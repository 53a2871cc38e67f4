import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  SECURITY_HEADERS,
  bearerMatches,
  clientErrorHandler,
  installSecurityHeaders,
  redactQuery,
  serializeRequest,
  serverTimeouts,
} from './hardening';

/** Sends raw bytes and returns everything the server writes until it closes the socket. */
function raw(port: number, bytes: string, endAfterWrite = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(bytes);
      if (endAfterWrite) s.end();
    });
    let out = '';
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => resolve(out));
    s.on('error', reject);
    s.setTimeout(5_000, () => {
      s.destroy();
      reject(new Error(`no close after 5 s; got ${out.slice(0, 200)}`));
    });
  });
}

describe('HTTP edges', () => {
  let app: FastifyInstance;
  let port: number;
  before(async () => {
    app = Fastify({ ...serverTimeouts(400, 100), clientErrorHandler });
    installSecurityHeaders(app);
    app.get('/ok', async () => ({ ok: true }));
    app.post('/echo', async (req) => req.body);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  after(() => app.close());

  test('every response carries the security headers, 404s included', async () => {
    for (const path of ['/ok', '/missing']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(res.headers.get(k), v, `${path} ${k}`);
    }
  });

  test('oversized headers: 431 with Connection: close, then the socket closes', async () => {
    const out = await raw(port, `GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(80_000)}\r\n\r\n`);
    assert.match(out, /^HTTP\/1\.1 431 /);
    assert.match(out, /\r\nconnection: close\r\n/i);
    assert.match(out, /\r\nx-content-type-options: nosniff\r\n/i);
    assert.doesNotMatch(out, /\bat .+:\d+:\d+/);
  });

  test('a body shorter than its Content-Length is cut off with 408 instead of holding the socket', async () => {
    const started = Date.now();
    const out = await raw(
      port,
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":'
    );
    assert.match(out, /^HTTP\/1\.1 408 /);
    assert.match(out, /connection: close/i);
    assert.ok(Date.now() - started < 4_000);
  });

  test('garbage on the wire: 400 with Connection: close', async () => {
    const out = await raw(port, 'NOT-HTTP\r\n\r\n');
    assert.match(out, /^HTTP\/1\.1 400 /);
    assert.match(out, /connection: close/i);
  });
});

describe('logging and bearer helpers', () => {
  test('request logs carry the route template and allow-listed query values only', () => {
    const line = serializeRequest({
      id: 'r1',
      method: 'GET',
      url: '/api/v1/tenants/acme-001?token=s3cret&limit=50&search=alice',
      routeOptions: { url: '/api/v1/tenants/:id' },
    });
    assert.deepEqual(line, {
      id: 'r1',
      method: 'GET',
      route: '/api/v1/tenants/:id',
      query: { token: '[redacted]', limit: '50', search: '[redacted]' },
    });
    assert.doesNotMatch(JSON.stringify(line), /s3cret|acme-001|alice/);
    assert.equal(redactQuery('/x'), undefined);
  });

  test('bearer check: exact scheme and token, constant-time', () => {
    assert.equal(bearerMatches('Bearer abc', 'abc'), true);
    assert.equal(bearerMatches('Bearer abd', 'abc'), false);
    assert.equal(bearerMatches('bearer abc', 'abc'), false);
    assert.equal(bearerMatches('abc', 'abc'), false);
    assert.equal(bearerMatches(null, 'abc'), false);
  });
});
