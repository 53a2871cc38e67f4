import { isFetchError } from '@grafana/runtime';
import { ApiErrorSchema, REQUEST_ID_HEADER } from '../contract';
import { ApiRequestError, ClientErrorCode } from './ApiRequestError';

const MAX_UPSTREAM_MESSAGE = 200;

interface HeaderBag {
  get(name: string): string | null;
}

function hasHeaders(e: unknown): e is { headers: HeaderBag } {
  const headers = (e as { headers?: unknown } | null)?.headers;
  return typeof (headers as HeaderBag | undefined)?.get === 'function';
}

/** The sidecar's request id from the `x-request-id` response header, when the answer carried one. */
export function requestIdFrom(e: unknown): string | undefined {
  return hasHeaders(e) ? (e.headers.get(REQUEST_ID_HEADER) ?? undefined) : undefined;
}

function upstreamMessage(data: unknown): string | undefined {
  const message = (data as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message.slice(0, MAX_UPSTREAM_MESSAGE) : undefined;
}

/** Failures without a sidecar error body: Grafana's proxy or the network answered instead. */
function proxyFailure(status: number, upstream: string | undefined, requestId: string | undefined): ApiRequestError {
  const text = (upstream ?? '').toLowerCase();
  const make = (code: string, message: string) => new ApiRequestError({ status, code, message, requestId });
  if (status === 403) {
    return make(
      ClientErrorCode.proxyDenied,
      'Grafana denied this request: your role does not grant the permission this action needs.'
    );
  }
  if (status === 404 && text.includes('plugin not found')) {
    return make(
      ClientErrorCode.notConfigured,
      'The Switchyard app is not installed or not enabled in this organization.'
    );
  }
  if (status === 404 && text.includes('route')) {
    return make(
      ClientErrorCode.routeNotFound,
      'Grafana has no proxy route for this request. Reinstall the plugin so plugin.json matches this version.'
    );
  }
  if (status === 500 && (text.includes('interpolate') || text.includes('render') || text.includes('plugin settings'))) {
    return make(
      ClientErrorCode.notConfigured,
      'The sidecar URL is not set. Ask a Grafana admin to set it on the Switchyard Configuration page.'
    );
  }
  if (status === 502 || status === 503 || status === 504) {
    return make(
      ClientErrorCode.sidecarUnreachable,
      `Could not reach the Switchyard sidecar through Grafana (HTTP ${status}). Check that it is running and that the sidecar URL on the Configuration page is right.`
    );
  }
  if (status === 401) {
    return make('unauthenticated', 'Your Grafana session has expired. Sign in again and retry.');
  }
  return make(ClientErrorCode.unknown, `The request failed (HTTP ${status})${upstream ? `: ${upstream}` : ''}.`);
}

/**
 * Turns anything `getBackendSrv().fetch` throws into an `ApiRequestError`:
 * a sidecar error body (ApiErrorSchema) keeps its code, message, field and request id;
 * a proxy or network failure gets a friendly message and the `x-request-id` header if present.
 */
export function toApiRequestError(e: unknown, sentRequestId?: string): ApiRequestError {
  if (e instanceof ApiRequestError) {
    return e;
  }
  // When nothing answered with its own id (sidecar down, network), show the id this request was sent with.
  const idOf = (x: unknown) => requestIdFrom(x) ?? sentRequestId;
  if (!isFetchError(e) || !e.status) {
    const cancelled = isFetchError(e) && e.cancelled;
    return new ApiRequestError({
      status: 0,
      code: cancelled ? ClientErrorCode.cancelled : ClientErrorCode.network,
      message: cancelled
        ? 'The request was cancelled.'
        : 'Could not reach Grafana. Check your connection and try again.',
      requestId: idOf(e),
    });
  }
  const body = ApiErrorSchema.safeParse(e.data);
  if (body.success) {
    const { code, message, field, requestId, details } = body.data;
    return new ApiRequestError({ status: e.status, code, message, field, requestId, details });
  }
  return proxyFailure(e.status, upstreamMessage(e.data), idOf(e));
}
