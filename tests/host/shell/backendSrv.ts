/**
 * A real BackendSrv for the host: `fetch()` goes to the host server with Grafana's request
 * conventions (JSON bodies, `params` as query string, `X-Grafana-Org-Id`, `requestId` cancelling the
 * previous request with the same id) and Grafana's FetchError shape on HTTP errors.
 */
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { lastValueFrom, Observable } from 'rxjs';

const inFlight = new Map<string, AbortController>();

function queryString(params: BackendSrvRequest['params']): string {
  if (!params) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)));
    else sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

async function doFetch<T>(options: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
  const headers = new Headers(options.headers as Record<string, string> | undefined);
  headers.set('X-Grafana-Org-Id', '1');
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, text/plain, */*');
  let body: BodyInit | undefined;
  const data = options.data as unknown;
  if (data !== undefined && data !== null) {
    if (
      typeof data === 'string' ||
      data instanceof Blob ||
      data instanceof FormData ||
      data instanceof URLSearchParams ||
      data instanceof ArrayBuffer
    ) {
      body = data as BodyInit;
    } else {
      body = JSON.stringify(data);
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    }
  }
  const url = options.url.startsWith('http') || options.url.startsWith('/') ? options.url : `/${options.url}`;
  const res = await fetch(`${url}${queryString(options.params)}`, {
    method: options.method ?? 'GET',
    headers,
    body,
    credentials: options.credentials ?? 'same-origin',
    signal,
  });
  const text = await res.text();
  let parsed: unknown = text;
  if (options.responseType !== 'text' && text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  } else if (text.length === 0) {
    parsed = options.responseType === 'text' ? '' : undefined;
  }
  const response: FetchResponse<T> = {
    data: parsed as T,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url: res.url,
    config: options,
  };
  if (!res.ok) {
    const err: FetchError = {
      status: res.status,
      statusText: res.statusText,
      data: (parsed ?? {}) as FetchError['data'],
      config: options,
      isHandled: false,
      // Grafana's FetchError carries no headers, only the trace id header.
      traceId: res.headers.get('grafana-trace-id') ?? undefined,
    };
    throw err;
  }
  return response;
}

function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable<FetchResponse<T>>((subscriber) => {
    const ctrl = new AbortController();
    if (options.requestId) {
      inFlight.get(options.requestId)?.abort();
      inFlight.set(options.requestId, ctrl);
    }
    doFetch<T>(options, ctrl.signal)
      .then((r) => {
        subscriber.next(r);
        subscriber.complete();
      })
      .catch((e) => {
        if ((e as Error)?.name === 'AbortError') {
          subscriber.error({
            status: -1,
            statusText: 'Request was aborted',
            cancelled: true,
            data: null,
            config: options,
          });
        } else if (e && typeof e === 'object' && 'status' in e) {
          subscriber.error(e);
        } else {
          subscriber.error({ status: 0, statusText: String(e), data: { message: String(e) }, config: options });
        }
      })
      .finally(() => {
        if (options.requestId && inFlight.get(options.requestId) === ctrl) inFlight.delete(options.requestId);
      });
    return () => ctrl.abort();
  });
}

export function createBackendSrv(): BackendSrv {
  const request = async <T>(options: BackendSrvRequest) => (await lastValueFrom(fetchObservable<T>(options))).data;
  const srv = {
    fetch: fetchObservable,
    request,
    datasourceRequest: (options: BackendSrvRequest) => lastValueFrom(fetchObservable(options)),
    get: (url: string, params?: unknown, requestId?: string, options?: Partial<BackendSrvRequest>) =>
      request({ ...options, url, params: params as BackendSrvRequest['params'], requestId, method: 'GET' }),
    delete: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
      request({ ...options, url, data, method: 'DELETE' }),
    post: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
      request({ ...options, url, data, method: 'POST' }),
    patch: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
      request({ ...options, url, data, method: 'PATCH' }),
    put: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
      request({ ...options, url, data, method: 'PUT' }),
    resolveCancelerIfExists: (requestId: string) => inFlight.get(requestId)?.abort(),
    chunked: () => {
      throw new Error('chunked requests are not provided by the test host');
    },
  };
  return srv as unknown as BackendSrv;
}
