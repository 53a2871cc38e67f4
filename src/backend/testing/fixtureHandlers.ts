/**
 * Handlers with known answers for the protocol tests and the benchmark: every field type, a
 * per-refId error, a thrown error for one refId, a whole-handler failure, a sized table, the decoded
 * request echoed back, and resource echo. Test support only.
 */
import type { DataResponse, Field, Frame } from '../frames/frame';
import { answerEachQuery } from '../plugin/answerEachQuery';
import type { BackendHandlers, CallResourceResponse, DataQuery, QueryDataRequest } from '../plugin/types';

/** 2026-01-01T00:00:00Z, fixed so answers never depend on the clock. */
export const FIXTURE_EPOCH_MS = 1_767_225_600_000;
export const FIXTURE_SECRET_KEY = 'apiToken';
export const FIXTURE_GOOD_SECRET = 'fixture-secret-value-7d1f';

export function allTypesFrame(): Frame {
  return {
    name: 'all_types',
    meta: { type: 'table', typeVersion: [0, 0], executedQueryString: 'fixture all types' },
    fields: [
      { name: 'time', type: 'time', values: [FIXTURE_EPOCH_MS, FIXTURE_EPOCH_MS + 1000.25, FIXTURE_EPOCH_MS + 2000] },
      {
        name: 'value',
        type: 'number',
        values: [1.5, Number.NaN, Number.POSITIVE_INFINITY],
        labels: { tenant: 'acme', env: 'prod' },
        config: { unit: 'short', displayName: 'Value' },
      },
      { name: 'nullable_value', type: 'number', nullable: true, values: [null, -2.25, Number.NEGATIVE_INFINITY] },
      { name: 'count', type: 'int64', values: [0, 9_007_199_254_740_993n, -42] },
      { name: 'nullable_count', type: 'int64', nullable: true, values: [1, null, 3] },
      { name: 'tenant', type: 'string', values: ['acme', 'globex ❤️', ''] },
      { name: 'nullable_tenant', type: 'string', nullable: true, values: [null, 'initech', 'umbrella'] },
      { name: 'healthy', type: 'boolean', values: [true, false, true] },
      { name: 'nullable_healthy', type: 'boolean', nullable: true, values: [false, null, true] },
    ],
  };
}

/** A table of `rows` rows: time, tenant, status, count, load; about 60 bytes per row on the wire. */
export function tableFrame(rows: number): Frame {
  const statuses = ['active', 'degraded', 'suspended', 'provisioning'];
  const fields: Field[] = [
    { name: 'time', type: 'time', values: new Array(rows) },
    { name: 'tenant', type: 'string', values: new Array(rows) },
    { name: 'status', type: 'string', values: new Array(rows) },
    { name: 'jobs', type: 'int64', values: new Array(rows) },
    { name: 'load', type: 'number', values: new Array(rows) },
  ];
  for (let i = 0; i < rows; i++) {
    fields[0].values[i] = FIXTURE_EPOCH_MS + i * 1000;
    fields[1].values[i] = `tenant-${String(i).padStart(6, '0')}`;
    fields[2].values[i] = statuses[i % statuses.length];
    fields[3].values[i] = i % 97;
    fields[4].values[i] = (i % 1000) / 10;
  }
  return { name: 'tenants', meta: { type: 'table', typeVersion: [0, 0] }, fields };
}

function contextFrame(query: DataQuery, request: QueryDataRequest): Frame {
  const ctx = request.pluginContext;
  const ds = ctx.dataSourceInstanceSettings;
  const row: Record<string, string> = {
    orgId: String(ctx.orgId),
    pluginId: ctx.pluginId,
    userLogin: ctx.user?.login ?? '',
    userRole: ctx.user?.role ?? '',
    dsUid: ds?.uid ?? '',
    dsId: String(ds?.id ?? ''),
    jsonData: JSON.stringify(ds?.jsonData ?? {}),
    secureKeys: Object.keys(ds?.decryptedSecureJsonData ?? {}).join(','),
    secretMatches: String(ds?.decryptedSecureJsonData[FIXTURE_SECRET_KEY] === FIXTURE_GOOD_SECRET),
    headers: JSON.stringify(request.headers),
    queryType: query.queryType,
    maxDataPoints: String(query.maxDataPoints),
    intervalMs: String(query.intervalMs),
    fromMs: String(query.timeRange.fromMs),
    toMs: String(query.timeRange.toMs),
    json: JSON.stringify(query.json),
  };
  return {
    name: 'context',
    fields: [
      { name: 'key', type: 'string', values: Object.keys(row) },
      { name: 'value', type: 'string', values: Object.values(row) },
    ],
  };
}

async function answer(query: DataQuery, request: QueryDataRequest): Promise<DataResponse> {
  const model = (query.json ?? {}) as { rows?: number };
  switch (query.queryType) {
    case '':
    case 'all-types':
      return { frames: [allTypesFrame()] };
    case 'table':
      return { frames: [tableFrame(Math.max(0, Math.min(Number(model.rows ?? 5000), 3_000_000)))] };
    case 'context':
      return { frames: [contextFrame(query, request)] };
    case 'error':
      return { frames: [], error: 'the sidecar refused the query', status: 502, errorSource: 'downstream' };
    case 'throw':
      throw new Error(`query ${query.refId} exploded`);
    case 'bad-frame':
      return { frames: [{ fields: [{ name: 'time', type: 'time', values: [null] }] }] };
    case 'slow': {
      // 30 s unless the call is cancelled first (the cancellation tests watch it end early).
      const signal = request.signal;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 30_000);
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      return { frames: [allTypesFrame()] };
    }
    case 'empty':
      return { frames: [{ fields: [] }] };
    default:
      return { frames: [], error: `unknown query type ${query.queryType}`, status: 400, errorSource: 'plugin' };
  }
}

/** The fixture's query types; metrics label any other `other`. */
export const FIXTURE_QUERY_TYPES = [
  'all-types',
  'table',
  'context',
  'error',
  'throw',
  'bad-frame',
  'slow',
  'empty',
  'crash-all',
] as const;

export function createFixtureHandlers(): BackendHandlers {
  const eachQuery = answerEachQuery(answer);
  return {
    queryTypes: FIXTURE_QUERY_TYPES,
    async queryData(request) {
      if (request.queries.some((q) => q.queryType === 'crash-all')) throw new Error('the whole batch failed');
      return eachQuery(request);
    },
    async checkHealth({ pluginContext }) {
      const secret = pluginContext.dataSourceInstanceSettings?.decryptedSecureJsonData[FIXTURE_SECRET_KEY];
      if (secret === undefined) return { status: 'ERROR', message: 'no credential configured' };
      if (secret !== FIXTURE_GOOD_SECRET) return { status: 'ERROR', message: 'the sidecar rejected the credential' };
      return { status: 'OK', message: 'sidecar reachable, credential accepted', jsonDetails: { checks: 2 } };
    },
    async callResource(request): Promise<CallResourceResponse> {
      if (request.path === 'throw') throw new Error('resource exploded');
      if (request.path === 'big') {
        const body = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
        return { code: 200, headers: { 'Content-Type': ['text/plain'] }, body };
      }
      const echo = {
        method: request.method,
        path: request.path,
        url: request.url,
        body: Buffer.from(request.body).toString('utf8'),
        headers: request.headers,
        user: request.pluginContext.user?.login ?? null,
      };
      return {
        code: 201,
        headers: { 'Content-Type': ['application/json'], 'X-Echo': ['yes'] },
        body: Buffer.from(JSON.stringify(echo)),
      };
    },
  };
}
