/**
 * The protocol methods on a real grpc-js server and client, in process: a call the client cancels
 * or whose deadline passes aborts its handler's signal, is never written to, and is counted
 * `cancelled`; with the Switchyard handlers, a cancelled query stops paging the sidecar.
 * Query-type labels stay bounded whatever queryTypes arrive.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Client,
  credentials,
  Metadata,
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { createSwitchyardHandlers } from '../queries';
import { DS_TOKEN, endlessAuditSidecar } from '../queries/testing';
import { createLogger } from './log';
import { createPluginMetrics, queryTypeLabeler } from './metrics';
import { decodeMessage, encodeMessage, serviceDefinition, SERVICES, type Message } from './proto';
import { callResourceMethod, checkHealthMethod, queryDataMethod } from './services';
import type { BackendHandlers } from './types';

interface Harness {
  client: Client;
  /** Answers sent (unary callbacks, stream writes and ends). */
  writes: { QueryData: number; CheckHealth: number; CallResource: number };
  logs: string[];
  metrics: () => Promise<string>;
  close(): void;
}

const harnesses: Harness[] = [];
after(() => harnesses.forEach((h) => h.close()));

async function start(handlers: BackendHandlers): Promise<Harness> {
  const logs: string[] = [];
  const logger = createLogger('test', (line) => void logs.push(line));
  const metrics = createPluginMetrics(new Registry(), 'switchyard_datasource_', { queryTypes: handlers.queryTypes });
  const context = { handlers, logger, metrics };
  const writes = { QueryData: 0, CheckHealth: 0, CallResource: 0 };
  const counted =
    (name: 'QueryData' | 'CheckHealth', method: ReturnType<typeof queryDataMethod>) =>
    (call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) =>
      method(call, (...args) => {
        writes[name] += 1;
        callback(...args);
      });
  const resource = callResourceMethod(context);
  const server = new Server();
  server.addService(serviceDefinition(SERVICES.data), { QueryData: counted('QueryData', queryDataMethod(context)) });
  server.addService(serviceDefinition(SERVICES.diagnostics), {
    CheckHealth: counted('CheckHealth', checkHealthMethod(context)),
  });
  server.addService(serviceDefinition(SERVICES.resource), {
    CallResource: (call: ServerWritableStream<Message, Message>) => {
      const write = call.write.bind(call);
      const end = call.end.bind(call);
      call.write = ((...args: Parameters<typeof write>) => ((writes.CallResource += 1), write(...args))) as never;
      call.end = ((...args: Parameters<typeof end>) => ((writes.CallResource += 1), end(...args))) as never;
      resource(call);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p)))
  );
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  const harness = {
    client,
    writes,
    logs,
    metrics: () => metrics.text(),
    close: () => {
      client.close();
      server.forceShutdown();
    },
  };
  harnesses.push(harness);
  return harness;
}

interface CallOptions {
  deadlineMs?: number;
  cancelAfterMs?: number;
}

function unary(client: Client, method: string, type: string, request: Message, opts: CallOptions): Promise<Message> {
  const [service] = method.split('/').filter(Boolean);
  const pkg = service.split('.')[0];
  return new Promise((resolve, reject) => {
    const call = client.makeUnaryRequest(
      method,
      (v: Message) => encodeMessage(`${pkg}.${type}Request`, v),
      (b: Buffer) => decodeMessage(`${pkg}.${type}Response`, b),
      request,
      new Metadata(),
      opts.deadlineMs === undefined ? {} : { deadline: Date.now() + opts.deadlineMs },
      (error, response) => (error ? reject(error) : resolve(response!))
    );
    if (opts.cancelAfterMs !== undefined) setTimeout(() => call.cancel(), opts.cancelAfterMs);
  });
}

function resourceCall(client: Client, request: Message, opts: CallOptions): Promise<Message[]> {
  return new Promise((resolve, reject) => {
    const messages: Message[] = [];
    const call = client.makeServerStreamRequest(
      '/pluginv2.Resource/CallResource',
      (v: Message) => encodeMessage('pluginv2.CallResourceRequest', v),
      (b: Buffer) => decodeMessage('pluginv2.CallResourceResponse', b),
      request,
      new Metadata(),
      opts.deadlineMs === undefined ? {} : { deadline: Date.now() + opts.deadlineMs }
    );
    call.on('data', (m: Message) => messages.push(m));
    call.on('error', reject);
    call.on('status', (s: { code: number }) => s.code === 0 && resolve(messages));
    if (opts.cancelAfterMs !== undefined) setTimeout(() => call.cancel(), opts.cancelAfterMs);
  });
}

const grpcCode = (code: number) => (e: ServiceError) => e.code === code;
const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;

/** Handlers that wait for their signal (10 s at most) and record when it fired. */
function waitingHandlers() {
  const seen: { method: string; signal?: AbortSignal; started: number; abortedAfterMs?: number }[] = [];
  const wait = async (method: string, signal: AbortSignal | undefined) => {
    const entry: (typeof seen)[number] = { method, signal, started: performance.now() };
    seen.push(entry);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      signal?.addEventListener('abort', () => {
        entry.abortedAfterMs = performance.now() - entry.started;
        clearTimeout(timer);
        resolve();
      });
    });
  };
  const handlers: BackendHandlers = {
    async queryData(request) {
      await wait('QueryData', request.signal);
      return Object.fromEntries(request.queries.map((q) => [q.refId, { frames: [] }]));
    },
    async checkHealth(request) {
      await wait('CheckHealth', request.signal);
      return { status: 'OK', message: 'fine' };
    },
    async callResource(request) {
      await wait('CallResource', request.signal);
      return { code: 200, headers: {}, body: Buffer.from('{}') };
    },
  };
  return { handlers, seen };
}

const query = { queries: [{ refId: 'A', queryType: 'x', json: Buffer.from('{}') }] };

describe('a call the client abandons', () => {
  for (const [how, opts, code] of [
    ['cancelled', { cancelAfterMs: 150 }, CANCELLED],
    ['past its deadline', { deadlineMs: 150 }, DEADLINE_EXCEEDED],
  ] as const) {
    test(`${how}: every method's handler signal aborts at once, nothing is written, outcome cancelled`, async () => {
      const { handlers, seen } = waitingHandlers();
      const h = await start(handlers);
      await Promise.all([
        assert.rejects(unary(h.client, '/pluginv2.Data/QueryData', 'QueryData', query, opts), grpcCode(code)),
        assert.rejects(unary(h.client, '/pluginv2.Diagnostics/CheckHealth', 'CheckHealth', {}, opts), grpcCode(code)),
        assert.rejects(resourceCall(h.client, { path: 'tenants', method: 'GET' }, opts), grpcCode(code)),
      ]);
      await sleep(100);
      assert.deepEqual(seen.map((s) => s.method).sort(), ['CallResource', 'CheckHealth', 'QueryData']);
      for (const s of seen) {
        assert.equal(s.signal?.aborted, true, `${s.method} saw its call end`);
        assert.ok(s.abortedAfterMs! < 400, `${s.method}: aborted after ${s.abortedAfterMs} ms`);
      }
      assert.deepEqual(h.writes, { QueryData: 0, CheckHealth: 0, CallResource: 0 }, 'no answer to a closed call');
      const text = await h.metrics();
      for (const method of ['QueryData', 'CheckHealth', 'CallResource']) {
        assert.match(text, new RegExp(`requests_total\\{method="${method}",outcome="cancelled"\\} 1\\n`));
      }
      assert.ok(!h.logs.some((l) => /"@level":"error"/.test(l)), h.logs.join('\n'));
    });
  }

  test('a call that completes in time is answered as before', async () => {
    const { handlers } = waitingHandlers();
    const quick: BackendHandlers = {
      ...handlers,
      queryData: async (r) => Object.fromEntries(r.queries.map((q) => [q.refId, { frames: [] }])),
    };
    const h = await start(quick);
    const reply = await unary(h.client, '/pluginv2.Data/QueryData', 'QueryData', query, { deadlineMs: 5000 });
    assert.equal((reply.responses as Record<string, { status: number }>).A.status, 200);
    assert.equal(h.writes.QueryData, 1);
  });

  test('Switchyard: an audit query paging the sidecar stops at the client’s deadline', async () => {
    const sidecar = endlessAuditSidecar(30);
    const h = await start(createSwitchyardHandlers({}, { fetch: sidecar.fetch, log: () => undefined }));
    const request = {
      pluginContext: {
        orgId: '1',
        dataSourceInstanceSettings: {
          id: '1',
          uid: 'switchyard-controlplane',
          jsonData: Buffer.from('{"sidecarUrl":"http://sidecar.test:8787"}'),
          decryptedSecureJsonData: { sidecarToken: DS_TOKEN },
        },
      },
      queries: [
        {
          refId: 'A',
          json: Buffer.from('{"queryType":"audit","limit":1000}'),
          timeRange: { fromEpochMS: '1893456000000', toEpochMS: '1893542400000' },
        },
      ],
    };
    const started = performance.now();
    await assert.rejects(
      unary(h.client, '/pluginv2.Data/QueryData', 'QueryData', request, { deadlineMs: 300 }),
      grpcCode(DEADLINE_EXCEEDED)
    );
    await sleep(100);
    const sent = sidecar.requests.length;
    assert.ok(sent >= 3, `${sent} sidecar requests before the deadline`);
    assert.ok(
      sidecar.requests.every((r) => r.at - started < 360),
      'no sidecar request after the deadline'
    );
    assert.equal(sidecar.requests.at(-1)?.aborted, true, 'the request in flight was aborted');
    await sleep(300);
    assert.equal(sidecar.requests.length, sent, 'still nothing sent');
    assert.equal(h.writes.QueryData, 0);
    assert.match(await h.metrics(), /requests_total\{method="QueryData",outcome="cancelled"\} 1\n/);
  });
});

describe('query_type labels', () => {
  test('a data source’s known query types keep their label; anything else is `other`', async () => {
    const h = await start(createSwitchyardHandlers({}, { log: () => undefined }));
    const junk = Array.from({ length: 2000 }, (_, i) => ({ refId: `J${i}`, queryType: `junk${i}` }));
    const known = [
      { refId: 'T', queryType: 'tenants' },
      { refId: 'N', queryType: '' },
      { refId: 'X', queryType: 'x'.repeat(500) },
      { refId: 'B', queryType: 'tenants', json: Buffer.from('{nope') },
    ];
    await unary(h.client, '/pluginv2.Data/QueryData', 'QueryData', { queries: [...junk, ...known] }, {});
    const labels = [...(await h.metrics()).matchAll(/queries_total\{query_type="([^"]*)",outcome="(\w+)"\} (\d+)/g)];
    assert.deepEqual(labels.map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort(), [
      'default error 1',
      'invalid_json error 1',
      'other error 2001',
      'tenants error 1',
    ]);
  });

  test('without a list of query types, at most 20 distinct labels, then `other`', () => {
    const label = queryTypeLabeler();
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => label(`t${i}`)));
    assert.equal(seen.size, 21);
    assert.ok(seen.has('other'));
    assert.equal(label('t3'), 't3', 'a value seen first keeps its label');
    assert.equal(label('bad label"'), 'other');
  });
});
