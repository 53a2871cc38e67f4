/**
 * A stand-in for VictoriaMetrics' instant query API that answers the canary gate's queries
 * (platform/…/gateQueries: request count, 5xx ratio, p95 of one track of some shards over a window)
 * by measuring the in-process simulator: it reads the per-track series, advances the simulator's
 * traffic by the query's window, reads them again and evaluates the query over the difference —
 * what VictoriaMetrics scraping the simulator would answer, without waiting for the window in real
 * time. Any other query fails the test (a 400 the sidecar reports).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../../simulator/app';

interface Value {
  labels: Partial<Record<string, string | number>>;
  value: number;
  metricName?: string;
}

export interface SimulatorVm {
  url: string;
  host: string;
  queries: string[];
  close(): Promise<void>;
}

function selector(query: string): { labels: Record<string, string>; shards: RegExp } {
  const m = /\{([^}]*)\}/.exec(query);
  const labels: Record<string, string> = {};
  let shards = /.*/;
  for (const part of (m?.[1] ?? '').split(',')) {
    const eq = /^(\w+)(=~|=)"(.*)"$/.exec(part.trim());
    if (!eq) continue;
    if (eq[2] === '=~') shards = new RegExp(`^(?:${eq[3]})$`);
    // The 5xx ratio's numerator names status_class; the evaluation applies it to the numerator only.
    else if (eq[1] !== 'status_class') labels[eq[1]] = eq[3];
  }
  return { labels, shards };
}

function matches(v: Value, sel: ReturnType<typeof selector>, extra: Record<string, string> = {}): boolean {
  const want = { ...sel.labels, ...extra };
  if (!sel.shards.test(String(v.labels.shard ?? ''))) return false;
  return Object.entries(want).every(([k, x]) => String(v.labels[k] ?? '') === x);
}

async function snapshot(sim: Simulator): Promise<{ requests: Value[]; latency: Value[] }> {
  const m = sim.engine.releases.metrics;
  // prom-client hands out its live value objects: copy them, or "before" moves with "after".
  const copy = (xs: Value[]) => xs.map((v) => ({ labels: { ...v.labels }, value: v.value, metricName: v.metricName }));
  return { requests: copy((await m.requests.get()).values), latency: copy((await m.latency.get()).values) };
}

function delta(before: Value[], after: Value[], keep: (v: Value) => boolean): number {
  const sum = (xs: Value[]) => xs.filter(keep).reduce((n, v) => n + v.value, 0);
  return sum(after) - sum(before);
}

async function evaluate(sim: Simulator, query: string): Promise<number | null> {
  const window = Number(/\[(\d+)s\]/.exec(query)?.[1] ?? NaN);
  if (!Number.isFinite(window) || !query.includes('workload_request')) throw new Error(`unsupported query ${query}`);
  const sel = selector(query);
  const before = await snapshot(sim);
  for (let left = window; left > 0; left -= 10) sim.engine.tick(Math.min(10, left));
  const after = await snapshot(sim);
  const total = delta(before.requests, after.requests, (v) => matches(v, sel));
  if (query.startsWith('sum(increase(')) return total;
  if (query.includes('status_class="5xx"')) {
    if (total === 0) return null;
    // PromQL: `sum()` over no series is no result, and so is a ratio with it, unless `or vector(0)`.
    const any5xx = after.requests.some((v) => matches(v, sel, { status_class: '5xx' }));
    if (!any5xx && !query.includes('or vector(0)')) return null;
    return delta(before.requests, after.requests, (v) => matches(v, sel, { status_class: '5xx' })) / total;
  }
  if (query.startsWith('histogram_quantile(0.95')) {
    const isBucket = (v: Value) => v.metricName === 'workload_request_duration_seconds_bucket' && matches(v, sel);
    const les = [...new Set(after.latency.filter(isBucket).map((v) => String(v.labels.le)))]
      .map((le) => (le === '+Inf' ? Infinity : Number(le)))
      .sort((a, b) => a - b);
    const cum = les.map((le) =>
      delta(
        before.latency,
        after.latency,
        (v) => isBucket(v) && Number(v.labels.le === '+Inf' ? Infinity : v.labels.le) === le
      )
    );
    const count = cum[cum.length - 1] ?? 0;
    if (count === 0) return null;
    const rank = 0.95 * count;
    const i = cum.findIndex((c) => c >= rank);
    if (les[i] === Infinity) return les[i - 1] * 1000;
    const lower = i === 0 ? 0 : les[i - 1];
    const below = i === 0 ? 0 : cum[i - 1];
    return (lower + ((les[i] - lower) * (rank - below)) / (cum[i] - below)) * 1000;
  }
  throw new Error(`unsupported query ${query}`);
}

export async function startSimulatorVm(sim: Simulator): Promise<SimulatorVm> {
  const queries: string[] = [];
  // Queries are evaluated one at a time: each advances the simulator by its own window.
  let chain: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const query = new URLSearchParams(body).get('query') ?? url.searchParams.get('query') ?? '';
      queries.push(query);
      const run = chain.then(() => evaluate(sim, query));
      chain = run.catch(() => undefined);
      run.then(
        (v) => {
          const now = Date.now() / 1000;
          const result = v === null ? [] : [{ metric: {}, value: [now, String(v)] }];
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
        },
        (err: Error) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: err.message }));
        }
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    queries,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
