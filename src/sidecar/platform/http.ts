/**
 * The one outbound HTTP client. Every call: only to a host on the outbound allowlist
 * (SWITCHYARD_OUTBOUND_HOSTS, checked by kernel/outboundHosts), path segments encoded, redirects
 * never followed (a 3xx is an error), time-boxed and abortable, the current request id sent on as
 * X-Request-Id, and every failure mapped to a DependencyError naming the dependency (a request that
 * ends with one answers 503). Response bodies of failures are never read into messages. A read
 * (GET, HEAD) whose connection the peer closed before any answer is sent once more: a kept-alive
 * connection can be closed by the server (or a proxy) just as it is reused, and a read is safe to
 * repeat; a write is never repeated.
 */
import { REQUEST_ID_HEADER } from '../../contract';
import { DependencyError } from '../kernel/errors';
import { hostAllowed } from '../kernel/outboundHosts';
import { currentRequestId } from '../kernel/requestContext';

export interface OutboundOptions {
  /** Named in errors and logs: "the node admin API", "Grafana", … */
  dependency: string;
  allowedHosts: readonly string[];
  timeoutMs: number;
}

export interface OutboundRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  /** Sent as JSON when present. */
  json?: unknown;
  signal?: AbortSignal;
}

/** `base` + the encoded segments; the result keeps base's origin (a segment cannot steer the host). */
export function urlFor(base: string, segments: readonly string[]): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`);
  if (url.origin !== new URL(base).origin) throw new Error('a path segment changed the origin');
  return url;
}

/** Connection errors where the peer closed the connection before answering (undici's codes and the socket's). */
const CLOSED_BEFORE_ANSWER = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

const errorCode = (err: unknown): string | undefined => {
  const code = (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' ? code : undefined;
};

/** `send()`; a read whose connection the peer closed before answering (and not aborted) is sent once more. */
async function sendOnceMoreIfClosed(
  send: () => Promise<Response>,
  read: boolean,
  aborted: () => boolean
): Promise<Response> {
  try {
    return await send();
  } catch (err) {
    const code = errorCode(err);
    if (!read || aborted() || !code || !CLOSED_BEFORE_ANSWER.has(code)) throw err;
    return send();
  }
}

/** Sends the request; resolves with any non-redirect response (the caller decides what a status means). */
export async function outboundFetch(o: OutboundOptions, req: OutboundRequest): Promise<Response> {
  if (!hostAllowed(req.url, o.allowedHosts)) {
    throw new DependencyError(o.dependency, 'refused', `host ${req.url.host} is not on the outbound allowlist`);
  }
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const requestId = currentRequestId();
  const send = () =>
    fetch(req.url, {
      method: req.method,
      headers: {
        accept: 'application/json',
        ...(req.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
        ...req.headers,
      },
      body: req.json !== undefined ? JSON.stringify(req.json) : undefined,
      redirect: 'manual',
      signal: req.signal ? AbortSignal.any([timeout, req.signal]) : timeout,
    });
  const read = req.method === 'GET' || req.method === 'HEAD';
  let res: Response;
  try {
    res = await sendOnceMoreIfClosed(send, read, () => timeout.aborted || req.signal?.aborted === true);
  } catch (err) {
    if (timeout.aborted)
      throw new DependencyError(o.dependency, 'timeout', `${o.dependency} did not answer within ${o.timeoutMs} ms`);
    if (req.signal?.aborted) throw new DependencyError(o.dependency, 'timeout', 'the call was aborted');
    const code = errorCode(err);
    throw new DependencyError(o.dependency, 'unreachable', `${o.dependency} is unreachable${code ? ` (${code})` : ''}`);
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel().catch(() => undefined);
    throw new DependencyError(
      o.dependency,
      'http',
      `${o.dependency} answered a redirect (HTTP ${res.status})`,
      res.status
    );
  }
  return res;
}

/** Sends the request and returns the parsed JSON answer; a non-2xx answer or invalid JSON is a DependencyError. */
export async function outboundJson(o: OutboundOptions, req: OutboundRequest, what = req.method): Promise<unknown> {
  const res = await outboundFetch(o, req);
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new DependencyError(
      o.dependency,
      'http',
      `${o.dependency} answered HTTP ${res.status} to ${what}`,
      res.status
    );
  }
  const text = await res.text().catch(() => '');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new DependencyError(o.dependency, 'http', `${o.dependency} answered with invalid JSON`, 502);
  }
}
