/** Job annotations against a tiny local HTTP server standing in for Grafana's annotations API. */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import pino from 'pino';
import type { Job } from '../../../contract';
import { jobRow } from '../../../test/jobFixtures';
import { createGrafanaClient } from '../../platform/grafana';
import { AnnotationsService } from './annotations.service';

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}

const SA_TOKEN = 'glsa_test_token_abcdef';

/** The shared job row, on tenant acme-001 (the tags asserted below name it). */
const job = (over: Partial<Job> = {}): Job =>
  jobRow({ tenantId: 'acme-001', target: 'tenant acme-001', params: { tenantId: 'acme-001' }, ...over });

function logs() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

describe('job annotations', () => {
  let server: Server;
  let url: string;
  let seen: Seen[] = [];
  let mode: 'ok' | 'fail-post' | 'hang' = 'ok';
  let nextId = 100;

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          auth: req.headers.authorization,
          body: raw ? JSON.parse(raw) : {},
        });
        if (mode === 'hang') return; // never answers
        if (mode === 'fail-post' && req.method === 'POST' && seen.filter((s) => s.method === 'POST').length === 1) {
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"boom"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            req.method === 'POST' ? { id: nextId++, message: 'Annotation added' } : { message: 'Annotation patched' }
          )
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    seen = [];
    mode = 'ok';
  });

  const service = (timeoutMs = 2000) => {
    const l = logs();
    return {
      svc: new AnnotationsService(
        createGrafanaClient({ url, token: SA_TOKEN, timeoutMs, allowedHosts: ['127.0.0.1'] }),
        l.logger
      ),
      lines: l.lines,
    };
  };

  test('start posts a point annotation; finish turns the same annotation into a region', async () => {
    const { svc } = service();
    svc.jobStarted(job());
    await svc.idle();
    svc.jobFinished(job({ status: 'succeeded', finishedAt: '2026-11-23T10:02:00.000Z' }));
    await svc.idle();
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.url}`),
      ['POST /api/annotations', `PATCH /api/annotations/${nextId - 1}`]
    );
    assert.ok(seen.every((s) => s.auth === `Bearer ${SA_TOKEN}`));
    const [start, finish] = seen.map((s) => s.body);
    assert.equal(start.time, Date.parse('2026-11-23T10:00:01.000Z'));
    assert.equal(start.timeEnd, undefined);
    assert.deepEqual(start.tags, ['switchyard', 'tenant.drain', 'env:prod', 'tenant:acme-001']);
    assert.match(String(start.text), /tenant\.drain on tenant acme-001 started/);
    assert.match(String(start.text), /href="\/a\/switchyard-controlplane-app\/operations\/jobs\/0b0e5a3c/);
    assert.equal(finish.timeEnd, Date.parse('2026-11-23T10:02:00.000Z'));
    assert.deepEqual(finish.tags, ['switchyard', 'tenant.drain', 'env:prod', 'tenant:acme-001', 'status:succeeded']);
    assert.match(String(finish.text), /succeeded/);
  });

  test('when the start annotation failed, the finish posts the whole region; the failure is logged without the token', async () => {
    mode = 'fail-post';
    const { svc, lines } = service();
    svc.jobStarted(job());
    svc.jobFinished(
      job({
        status: 'failed',
        finishedAt: '2026-11-23T10:05:00.000Z',
        error: { code: 'drain_timeout', message: 'in-flight stayed at 3', remediation: 'undrain', step: 'wait' },
      })
    );
    await svc.idle();
    assert.deepEqual(
      seen.map((s) => s.method),
      ['POST', 'POST']
    );
    const region = seen[1].body;
    assert.equal(region.time, Date.parse('2026-11-23T10:00:01.000Z'));
    assert.equal(region.timeEnd, Date.parse('2026-11-23T10:05:00.000Z'));
    assert.match(String(region.text), /failed: in-flight stayed at 3/);
    const warn = lines.find((l) => l.msg === 'annotating job start failed');
    assert.ok(warn, 'the failure is logged');
    assert.match(String(warn.err), /HTTP 500/);
    assert.ok(!JSON.stringify(lines).includes(SA_TOKEN));
  });

  test('a hanging Grafana never blocks or fails the job: hooks return at once and time out in the background', async () => {
    mode = 'hang';
    const { svc, lines } = service(300);
    const t0 = Date.now();
    svc.jobStarted(job());
    svc.jobFinished(job({ status: 'cancelled', finishedAt: '2026-11-23T10:01:00.000Z' }));
    assert.ok(Date.now() - t0 < 50, 'listener hooks are synchronous and quick');
    await svc.idle();
    assert.ok(
      lines.some((l) => l.msg === 'annotating job start failed' && /did not answer within 300 ms/.test(String(l.err)))
    );
    assert.ok(lines.some((l) => l.msg === 'annotating job finish failed'));
  });

  test('job text is escaped (no HTML injection from targets or errors)', async () => {
    const { svc } = service();
    svc.jobStarted(job({ target: '<img src=x onerror=alert(1)>' }));
    await svc.idle();
    assert.ok(!String(seen[0].body.text).includes('<img'));
    assert.ok(String(seen[0].body.text).includes('&lt;img'));
  });

  test('an unreachable Grafana is logged, not thrown', async () => {
    const l = logs();
    const svc = new AnnotationsService(
      createGrafanaClient({ url: 'http://127.0.0.1:1', token: SA_TOKEN, timeoutMs: 1000, allowedHosts: ['127.0.0.1'] }),
      l.logger
    );
    svc.jobStarted(job());
    await svc.idle();
    assert.ok(l.lines.some((x) => /unreachable/.test(String(x.err))));
  });
});
