/**
 * Data source endpoints the pages reach through @grafana/runtime: `/api/ds/query` (what
 * DataSourceWithBackend posts; Prometheus-type queries are answered by the configured
 * VictoriaMetrics, or with empty frames when none is configured), `/api/datasources/uid/:uid` and the
 * data source proxy `/api/datasources/proxy/uid/:uid/*` (cookies stripped, as Grafana does by default).
 */
import type { FastifyInstance } from 'fastify';
import type { HostDataSource } from './state';
import { computeIntervals, interpolatePromBuiltins } from './intervals';
import { interpolateTemplate, type VariableValue } from './templateVariables';

interface DsQuery {
  refId: string;
  datasource?: { uid?: string; type?: string };
  expr?: string;
  instant?: boolean;
  range?: boolean;
  intervalMs?: number;
  maxDataPoints?: number;
  legendFormat?: string;
  /** "Min step" of the query model: a duration or `$__interval`/`$__rate_interval`. */
  interval?: string;
  /** Template variables still to resolve, in Grafana's ScopedVars shape. */
  scopedVars?: ScopedVars;
}

type ScopedVars = Record<string, { text?: unknown; value?: unknown }>;

function variableValues(...sets: Array<ScopedVars | undefined>): Record<string, VariableValue> {
  const out: Record<string, VariableValue> = {};
  for (const set of sets) {
    for (const [name, v] of Object.entries(set ?? {})) {
      const value = v?.value;
      if (Array.isArray(value)) out[name] = value.map(String);
      else if (value !== undefined && value !== null && typeof value !== 'object') out[name] = String(value);
    }
  }
  return out;
}

/**
 * The expression as it reaches VictoriaMetrics: template variables and `$__from`/`$__to` first (what
 * Grafana's TemplateSrv does in the browser), then the built-in interval and range variables (what
 * Grafana's Prometheus backend does, pkg/promlib/models/query.go), with the step it computes.
 */
export function interpolatePromQuery(
  ds: HostDataSource,
  q: DsQuery,
  from: number,
  to: number,
  requestVars?: ScopedVars
): { expr: string; stepMs: number } {
  const iv = computeIntervals({
    fromMs: from,
    toMs: to,
    intervalMs: q.intervalMs,
    maxDataPoints: q.maxDataPoints,
    minStep: q.interval,
    scrapeInterval: typeof ds.jsonData?.timeInterval === 'string' ? ds.jsonData.timeInterval : undefined,
  });
  const templated = interpolateTemplate(q.expr ?? '', {
    variables: variableValues(requestVars, q.scopedVars),
    fromMs: from,
    toMs: to,
  });
  return { expr: interpolatePromBuiltins(templated, iv), stepMs: iv.stepMs };
}

interface PromSeries {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  value?: [number, string];
}

function frame(refId: string, s: PromSeries) {
  const points = s.values ?? (s.value ? [s.value] : []);
  const { __name__: name, ...labels } = s.metric;
  return {
    schema: {
      refId,
      name: name ?? '',
      meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
      fields: [
        { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' }, config: { interval: 15000 } },
        {
          name: 'Value',
          type: 'number',
          typeInfo: { frame: 'float64' },
          labels,
          config: { displayNameFromDS: undefined },
        },
      ],
    },
    data: { values: [points.map((p) => Math.round(p[0] * 1000)), points.map((p) => Number(p[1]))] },
  };
}

async function promQuery(ds: HostDataSource, q: DsQuery, from: number, to: number, vars?: ScopedVars) {
  if (!ds.url || !q.expr) return { status: 200, frames: [] };
  let expr: string;
  let stepMs: number;
  try {
    ({ expr, stepMs } = interpolatePromQuery(ds, q, from, to, vars));
  } catch (e) {
    return { status: 400, error: (e as Error).message, frames: [] };
  }
  const params = new URLSearchParams({ query: expr });
  let path = '/api/v1/query';
  if (q.instant && !q.range) {
    params.set('time', String(to / 1000));
  } else {
    path = '/api/v1/query_range';
    params.set('start', String(Math.floor(from / 1000)));
    params.set('end', String(Math.floor(to / 1000)));
    params.set('step', String(stepMs / 1000));
  }
  try {
    const res = await fetch(`${ds.url.replace(/\/$/, '')}${path}?${params}`, { signal: AbortSignal.timeout(15_000) });
    const body = (await res.json()) as { status: string; error?: string; data?: { result: PromSeries[] } };
    if (body.status !== 'success') return { status: 400, error: body.error ?? 'query failed', frames: [] };
    return { status: 200, frames: (body.data?.result ?? []).map((s) => frame(q.refId, s)) };
  } catch (e) {
    return { status: 502, error: `data source unreachable: ${(e as Error).message}`, frames: [] };
  }
}

export function registerDataSourceRoutes(app: FastifyInstance, dataSources: () => HostDataSource[]) {
  const byUid = (uid?: string) => dataSources().find((d) => d.uid === uid);

  app.get('/api/datasources', async () => dataSources().map((d) => ({ ...d, access: 'proxy', readOnly: true })));
  app.get('/api/datasources/uid/:uid', async (req, reply) => {
    const ds = byUid((req.params as { uid: string }).uid);
    return ds ? { ...ds, access: 'proxy', readOnly: true } : reply.code(404).send({ message: 'Data source not found' });
  });

  app.post('/api/ds/query', async (req, reply) => {
    const body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '{}') as {
      queries?: DsQuery[];
      from?: string;
      to?: string;
      scopedVars?: ScopedVars;
    };
    const to = Number(body.to ?? Date.now());
    const from = Number(body.from ?? to - 3_600_000);
    const results: Record<string, unknown> = {};
    for (const q of body.queries ?? []) {
      const ds = byUid(q.datasource?.uid);
      if (!ds) {
        results[q.refId] = { status: 404, error: 'data source not found', frames: [] };
      } else if (ds.type === 'prometheus') {
        results[q.refId] = await promQuery(ds, q, from, to, body.scopedVars);
      } else {
        results[q.refId] = {
          status: 400,
          error: `the test host cannot run backend queries for ${ds.type}`,
          frames: [],
        };
      }
    }
    const failed = Object.values(results).some((r) => (r as { status: number }).status >= 400);
    return reply.code(failed ? 207 : 200).send({ results });
  });

  app.all('/api/datasources/proxy/uid/:uid/*', async (req, reply) => {
    const p = req.params as { uid: string; '*': string };
    const ds = byUid(p.uid);
    if (!ds) return reply.code(404).send({ message: 'Unable to find datasource' });
    if (!ds.url) return reply.code(502).send('');
    const q = req.raw.url?.includes('?') ? req.raw.url.slice(req.raw.url.indexOf('?')) : '';
    const headers: Record<string, string> = {};
    const ct = req.headers['content-type'];
    if (ct) headers['content-type'] = ct;
    try {
      const res = await fetch(`${ds.url.replace(/\/$/, '')}/${p['*']}${q}`, {
        method: req.method,
        headers,
        body:
          req.method === 'GET' || req.method === 'HEAD' || !Buffer.isBuffer(req.body)
            ? undefined
            : new Uint8Array(req.body),
        signal: AbortSignal.timeout(30_000),
      });
      reply.code(res.status).header('content-type', res.headers.get('content-type') ?? 'application/json');
      return reply.send(Buffer.from(await res.arrayBuffer()));
    } catch {
      return reply.code(502).send('');
    }
  });
}
