/**
 * A stand-in for VictoriaMetrics' instant query API (`/api/v1/query`) for placement tests: answers
 * from a function of the PromQL text, can be switched to fail or hang, and records the queries.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSeries {
  metric: Record<string, string>;
  value: number;
}

export interface FakeVm {
  url: string;
  host: string;
  queries: string[];
  mode: 'ok' | 'error' | 'hang';
  answer: (query: string) => FakeSeries[];
  close(): Promise<void>;
}

export async function startFakeVm(answer: (query: string) => FakeSeries[]): Promise<FakeVm> {
  const state = { queries: [] as string[], mode: 'ok' as FakeVm['mode'], answer };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const query = new URLSearchParams(body).get('query') ?? url.searchParams.get('query') ?? '';
      state.queries.push(query);
      if (state.mode === 'hang') return;
      if (state.mode === 'error') {
        res.writeHead(503, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ status: 'error', error: 'unavailable' }));
      }
      const now = Date.now() / 1000;
      const result = state.answer(query).map((s) => ({ metric: s.metric, value: [now, String(s.value)] }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  }) as FakeVm;
}
