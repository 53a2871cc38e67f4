/**
 * QueryData: every refId is validated against the contract and answered on its own. A bad query is
 * that refId's 400 (`errorSource: plugin`), a sidecar failure its 502/503 (`downstream`); the other
 * refIds are still answered. Frames carry the refId.
 */
import { validateDsQuery, type DsQuery } from '../../contract';
import { TIME_RANGE_MS, type DataResponse, type Frame } from '../frames/frame';
import type { DataQuery } from '../plugin/types';
import { alertsQuery, auditQuery } from './activity';
import { TIME_RANGE_TEXT, type QueryContext } from './context';
import { QueryError, badQuery, redact } from './errors';
import { isolationQuery } from './isolation';
import { jobsQuery } from './jobs';
import { placementQuery } from './placement';
import type { SidecarClient } from './sidecarClient';
import { tenantCountsQuery } from './tenantCounts';
import { tenantsQuery } from './tenants';
import { jobAnnotationsQuery, variableQuery } from './variables';

export type Log = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>
) => void;

export function runQuery(q: DsQuery, ctx: QueryContext): Promise<Frame[]> {
  switch (q.queryType) {
    case 'tenants':
      return tenantsQuery(q, ctx);
    case 'tenantCounts':
      return tenantCountsQuery(q, ctx);
    case 'isolation':
      return isolationQuery(q, ctx);
    case 'jobs':
      return jobsQuery(q, ctx);
    case 'placement':
      return placementQuery(q, ctx);
    case 'alerts':
      return alertsQuery(q, ctx);
    case 'audit':
      return auditQuery(q, ctx);
    case 'variable':
      return variableQuery(q, ctx);
    case 'jobAnnotations':
      return jobAnnotationsQuery(q, ctx);
  }
}

/** The query model: the JSON Grafana sent, with DataQuery.queryType as a fallback for `queryType`. */
export function parseModel(dq: DataQuery): DsQuery {
  const json =
    dq.json && typeof dq.json === 'object' && !Array.isArray(dq.json) ? (dq.json as Record<string, unknown>) : {};
  const model = json.queryType === undefined && dq.queryType ? { ...json, queryType: dq.queryType } : json;
  const r = validateDsQuery(model);
  if (!r.ok) throw badQuery(r.errors.map((e) => e.message).join('; '), r.errors[0]?.field);
  return r.query;
}

/**
 * The query's time range: finite, in order, and within the times Grafana can hold (signed 64-bit
 * nanoseconds, years 1677 to 2262, inside what a Date can represent), else the query's 400.
 */
export function checkedRange(range: DataQuery['timeRange']): { fromMs: number; toMs: number } {
  const { fromMs, toMs } = range;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) {
    throw badQuery('The time range is not valid: its end must not be before its start');
  }
  if (fromMs < TIME_RANGE_MS.min || toMs > TIME_RANGE_MS.max) {
    throw badQuery(`The time range must lie within ${TIME_RANGE_TEXT} (the times Grafana can hold)`);
  }
  return { fromMs, toMs };
}

export interface AnswerDeps {
  /** Bound to this query (its budget, the call's signal). */
  client: SidecarClient | QueryError;
  now: () => number;
  log: Log;
  secrets: string[];
  signal?: AbortSignal;
}

const NEVER_ABORTED = new AbortController().signal;

export async function answerQuery(dq: DataQuery, deps: AnswerDeps): Promise<DataResponse> {
  let queryType = 'unknown';
  try {
    const q = parseModel(dq);
    queryType = q.queryType;
    if (deps.client instanceof QueryError) throw deps.client;
    const { fromMs, toMs } = checkedRange(dq.timeRange);
    const frames = await runQuery(q, {
      client: deps.client,
      refId: dq.refId,
      range: { fromMs, toMs },
      intervalMs: dq.intervalMs,
      maxDataPoints: dq.maxDataPoints,
      now: deps.now,
      signal: deps.signal ?? NEVER_ABORTED,
    });
    return { frames: frames.map((f) => ({ ...f, refId: dq.refId })), status: 200 };
  } catch (err) {
    const e =
      err instanceof QueryError ? err : new QueryError('Internal error in the Switchyard data source', 500, 'plugin');
    const message = redact(e.message, deps.secrets);
    deps.log(e.status >= 500 ? 'error' : 'warn', 'query failed', {
      refId: dq.refId,
      queryType,
      status: e.status,
      errorSource: e.source,
      error: message,
      ...(err instanceof QueryError ? {} : { cause: redact(String((err as Error)?.message ?? err), deps.secrets) }),
    });
    return { frames: [], error: message, status: e.status, errorSource: e.source };
  }
}
