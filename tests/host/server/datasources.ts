/**
 * Data source endpoints the pages reach through @grafana/runtime: `/api/ds/query` (what
 * DataSourceWithBackend posts; Prometheus-type queries are answered by the configured
 * VictoriaMetrics, or with empty frames when none is configured; backend data source queries go to the
 * plugin executable, see backendDatasource.ts), the data source settings API (`/api/datasources`,
 * `/api/datasources/uid/:uid`, PUT and POST; secrets only as `secureJsonFields`), `/health`,
 * `/resources/*`, and the data source proxy `/api/datasources/proxy/uid/:uid/*` (cookies stripped, as
 * Grafana does by default).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HostDataSource } from './state';
import {
  backendHealth,
  backendQueries,
  backendResource,
  type BackendCallContext,
  type BrowserQuery,
} from './backendDatasource';
import { BACKEND_DATASOURCES } from './backendPlugins';
import { resolveUser } from './users';
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

/** Grafana's data source DTO: secrets never leave the server, only which keys are set. */
export function dataSourceDto(ds: HostDataSource) {
  const { secureJsonData, updatedMs: _updated, readOnly, ...rest } = ds;
  return {
    ...rest,
    orgId: 1,
    access: 'proxy',
    basicAuth: false,
    withCredentials: false,
    readOnly: readOnly ?? true,
    version: ds.version ?? 1,
    secureJsonFields: Object.fromEntries(Object.keys(secureJsonData ?? {}).map((k) => [k, true])),
  };
}

const parseJson = (req: FastifyRequest): Record<string, unknown> | undefined => {
  try {
    const v = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** Grafana's update: jsonData replaced when sent; secureJsonData keys set one by one, the others kept. */
function applyUpdate(ds: HostDataSource, body: Record<string, unknown>, now: number): void {
  if (typeof body.name === 'string' && body.name) ds.name = body.name;
  if (typeof body.url === 'string') ds.url = body.url;
  if (body.jsonData && typeof body.jsonData === 'object') ds.jsonData = body.jsonData as Record<string, unknown>;
  const secure = (body.secureJsonData ?? {}) as Record<string, unknown>;
  ds.secureJsonData = { ...(ds.secureJsonData ?? {}) };
  for (const [k, v] of Object.entries(secure)) if (typeof v === 'string') ds.secureJsonData[k] = v;
  ds.version = (ds.version ?? 1) + 1;
  ds.updatedMs = now;
}

const ACCESS_DENIED = {
  accessErrorId: 'ACE0000000002',
  message: "You'll need additional permissions to perform this action. Permissions needed: datasources:write",
  title: 'Access denied',
};

export function registerDataSourceRoutes(
  app: FastifyInstance,
  dataSources: () => HostDataSource[],
  backend: BackendCallContext
) {
  const byUid = (uid?: string) => dataSources().find((d) => d.uid === uid);
  const userOf = (req: FastifyRequest) => resolveUser(req)!.user;
  const isBackend = (ds: HostDataSource) => ds.type in BACKEND_DATASOURCES;

  app.get('/api/datasources', async () => dataSources().map((d) => dataSourceDto(d)));
  app.get('/api/datasources/uid/:uid', async (req, reply) => {
    const ds = byUid((req.params as { uid: string }).uid);
    return ds ? dataSourceDto(ds) : reply.code(404).send({ message: 'Data source not found' });
  });
  app.put('/api/datasources/uid/:uid', async (req, reply) => {
    const ds = byUid((req.params as { uid: string }).uid);
    if (!ds) return reply.code(404).send({ message: 'Data source not found' });
    if (userOf(req).role !== 'Admin') return reply.code(403).send(ACCESS_DENIED);
    if (ds.readOnly !== false) return reply.code(403).send({ message: 'Cannot update read-only data source' });
    const body = parseJson(req);
    if (!body) return reply.code(400).send({ message: 'bad request data' });
    applyUpdate(ds, body, Date.now());
    return { datasource: dataSourceDto(ds), id: ds.id, message: 'Datasource updated', name: ds.name };
  });
  app.post('/api/datasources', async (req, reply) => {
    if (userOf(req).role !== 'Admin') return reply.code(403).send(ACCESS_DENIED);
    const body = parseJson(req);
    if (!body || typeof body.name !== 'string' || typeof body.type !== 'string') {
      return reply.code(400).send({ message: 'bad request data' });
    }
    if (dataSources().some((d) => d.name === body.name)) {
      return reply.code(409).send({ message: 'data source with the same name already exists' });
    }
    const id = Math.max(0, ...dataSources().map((d) => d.id)) + 1;
    const ds: HostDataSource = {
      id,
      uid: typeof body.uid === 'string' && body.uid ? body.uid : `ds-${id}`,
      name: body.name,
      type: body.type,
      url: '',
      isDefault: false,
      jsonData: {},
      readOnly: false,
      version: 0,
    };
    applyUpdate(ds, body, Date.now());
    dataSources().push(ds);
    return { datasource: dataSourceDto(ds), id: ds.id, message: 'Datasource added', name: ds.name };
  });

  app.get('/api/datasources/uid/:uid/health', async (req, reply) => {
    const ds = byUid((req.params as { uid: string }).uid);
    if (!ds) return reply.code(404).send({ message: 'Data source not found' });
    if (!isBackend(ds)) return reply.code(404).send({ message: 'Plugin health check not implemented' });
    return backendHealth(ds, userOf(req), backend, reply);
  });
  const resource = async (req: FastifyRequest, reply: FastifyReply) => {
    const ds = byUid((req.params as { uid: string }).uid);
    if (!ds) return reply.code(404).send({ message: 'Data source not found' });
    if (!isBackend(ds)) return reply.code(404).send({ message: 'Not found' });
    return backendResource(ds, req, userOf(req), backend, reply);
  };
  app.all('/api/datasources/uid/:uid/resources', resource);
  app.all('/api/datasources/uid/:uid/resources/*', resource);

  app.post('/api/ds/query', async (req, reply) => {
    const body = (parseJson(req) ?? {}) as {
      queries?: DsQuery[];
      from?: string;
      to?: string;
      scopedVars?: ScopedVars;
    };
    const to = Number(body.to ?? Date.now());
    const from = Number(body.from ?? to - 3_600_000);
    const results: Record<string, unknown> = {};
    // Grafana groups the queries by data source and runs each group as one plugin call.
    const backendGroups = new Map<HostDataSource, BrowserQuery[]>();
    for (const q of body.queries ?? []) {
      const ds = byUid(q.datasource?.uid);
      if (!ds) {
        results[q.refId] = { status: 404, error: 'data source not found', frames: [] };
      } else if (ds.type === 'prometheus') {
        results[q.refId] = await promQuery(ds, q, from, to, body.scopedVars);
      } else if (isBackend(ds)) {
        backendGroups.set(ds, [...(backendGroups.get(ds) ?? []), q as unknown as BrowserQuery]);
      } else {
        results[q.refId] = {
          status: 400,
          error: `the test host cannot run backend queries for ${ds.type}`,
          frames: [],
        };
      }
    }
    for (const [ds, queries] of backendGroups) {
      Object.assign(results, await backendQueries(ds, queries, { from, to }, userOf(req), backend));
    }
    const sorted = Object.fromEntries(
      Object.keys(results)
        .sort()
        .map((k) => [k, results[k]])
    );
    const failed = Object.values(sorted).some((r) => (r as { status: number }).status >= 400);
    return reply.code(failed ? 207 : 200).send({ results: sorted });
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
