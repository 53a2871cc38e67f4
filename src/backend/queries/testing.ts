/** Test helpers: a fake sidecar behind a fetch function, and request builders for the handlers. */
import type { DataQuery, PluginContext, PluginUser, QueryDataRequest } from '../plugin/types';
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
