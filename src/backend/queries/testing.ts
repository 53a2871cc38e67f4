/** Test helpers: a fake sidecar behind a fetch function, and request builders for the handlers. */
import type { DataQuery, PluginContext, PluginUser, QueryDataRequest } from '../plugin/types';
import type { AuditEntry } from '../../contract';
import type { FetchLike } from './sidecarClient';

export const DS_TOKEN = 'ds-token-for-tests-0123456789abcdefghijkl';

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
}

/** Answers by path (`/api/v1/...`) with `[status, body]`; records every call. */
export function fakeSidecar(routes: Record<string, (url: URL) => [number, unknown]>) {
  const calls: RecordedCall[] = [];
  const fetchImpl: FetchLike = async (raw, init) => {
    const url = new URL(raw);
    calls.push({ method: init.method, url, headers: init.headers });
    const route = routes[url.pathname];
    const [status, body] = route ? route(url) : [404, { code: 'not_found', message: 'No such route', requestId: 'r' }];
    return { status, text: async () => JSON.stringify(body) };
  };
  return { fetch: fetchImpl, calls };
}

export function pluginContext(url: string, user?: PluginUser, token = DS_TOKEN): PluginContext {
  return {
    orgId: 1,
    pluginId: 'switchyard-controlplane-datasource',
    user,
    grafanaConfig: {},
    dataSourceInstanceSettings: {
      id: 7,
      uid: 'switchyard-controlplane',
      name: 'Switchyard control plane',
      url: '',
      jsonData: { sidecarUrl: url },
      decryptedSecureJsonData: { sidecarToken: token },
      lastUpdatedMs: 0,
    },
  };
}

export const ALICE: PluginUser = { login: 'alice', name: 'Alice', email: 'alice@example.com', role: 'Editor' };

export function dataQuery(
  refId: string,
  json: unknown,
  range: { fromMs: number; toMs: number },
  extra: Partial<DataQuery> = {}
): DataQuery {
  return { refId, queryType: '', maxDataPoints: 1000, intervalMs: 60_000, timeRange: range, json, ...extra };
}

export function queryRequest(
  ctx: PluginContext,
  queries: DataQuery[],
  headers: Record<string, string> = {}
): QueryDataRequest {
  return { pluginContext: ctx, headers, queries };
}

/** One audit entry as the sidecar lists it. */
export function auditEntry(seq: number, ts: string): AuditEntry {
  return {
    seq,
    ts,
    actor: { login: 'alice', orgId: 1 },
    action: 'tenant.status',
    targetType: 'tenant',
    targetId: 'acme-001',
    reason: null,
    requestId: 'r',
    jobId: null,
    outcome: 'success',
    details: { from: 'active', to: 'degraded' },
    prevHash: '0',
    hash: '1',
  };
}

/**
 * A sidecar whose audit list never ends (one entry per page, always a next cursor), answering each
 * request after `delayMs` and honouring the request's AbortSignal as fetch does. Records every
 * request, whether it was aborted, and when.
 */
export function endlessAuditSidecar(delayMs: number) {
  const requests: { url: URL; at: number; aborted: boolean }[] = [];
  const fetchImpl: FetchLike = (raw, init) => {
    const request = { url: new URL(raw), at: performance.now(), aborted: false };
    requests.push(request);
    return new Promise((resolve, reject) => {
      const page = {
        items: [auditEntry(requests.length, new Date(Date.UTC(2030, 0, 1)).toISOString())],
        nextCursor: `c${requests.length}`,
        prevCursor: null,
      };
      const timer = setTimeout(() => resolve({ status: 200, text: async () => JSON.stringify(page) }), delayMs);
      const abort = () => {
        clearTimeout(timer);
        request.aborted = true;
        reject(init.signal.reason);
      };
      if (init.signal.aborted) abort();
      else init.signal.addEventListener('abort', abort, { once: true });
    });
  };
  return { fetch: fetchImpl, requests };
}
