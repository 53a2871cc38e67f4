/**
 * The sidecar's HTTP edges: standard security headers on every response, timeouts that close
 * slow or short-bodied requests, client errors (431, 408, 400 from the HTTP parser) answered with
 * `Connection: close`, paths the router refuses answered in the contract's error shape, request
 * logs that carry the route template and an allow-listed query only, and the bearer check that
 * guards /metrics.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, REQUEST_ID_HEADER, type ApiError } from '../../contract';
import { secretMatcher } from './trust/secretMatch';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * Fastify server options: a request must arrive whole within 30 s and its headers within 10 s (a
 * body shorter than its Content-Length is cut off with 408); Node checks those deadlines every
 * second instead of its default 30 s.
 */
export function serverTimeouts(requestTimeout = 30_000, connectionsCheckingInterval = 1_000) {
  return {
    requestTimeout,
    /** Idle socket. */
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
    // Node arms its request/headers deadline checks only for values given when the server is created.
    http: { requestTimeout, headersTimeout: Math.min(10_000, requestTimeout), connectionsCheckingInterval },
  };
}

export function installSecurityHeaders(app: FastifyInstance): void {
  // A callback hook: nothing to await, so no promise per request.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'Request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request did not arrive in time'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'Request Timeout', 'The request headers did not arrive in time'],
};

/**
 * Fastify `clientErrorHandler`: errors raised by Node's HTTP parser before a request exists. The
 * answer always closes the connection (the parser state is unknown) and says so.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'Malformed request'];
  const body = JSON.stringify({
    code: status === 400 ? 'validation_failed' : 'request_rejected',
    message,
    requestId: randomUUID(),
  });
  const headers = Object.entries({
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${headers}\r\n\r\n${body}`);
}

const FRAMEWORK_ERRORS: Record<string, [number, string]> = {
  FST_ERR_BAD_URL: [400, 'The request path is not validly percent-encoded'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'A segment of the request path is too long'],
};

/**
 * Fastify `frameworkErrors`: a path the router cannot take apart (malformed percent-encoding, a
 * segment longer than `maxParamLength`) is refused before any route exists, so no hook runs: this
 * answer sets the security headers and the request id itself. It never echoes the path.
 */
export function frameworkErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const [status, message] = FRAMEWORK_ERRORS[err.code] ?? [400, 'Malformed request'];
  const body: ApiError = { code: ErrorCode.validation, message, field: 'path', requestId: request.id };
  request.log.info({ code: body.code, field: body.field, status, reason: err.code }, 'request refused');
  void reply
    .code(status)
    .headers({ ...SECURITY_HEADERS, [REQUEST_ID_HEADER]: request.id })
    .type('application/json; charset=utf-8')
    .send(body);
}

/** Query parameters whose values are logged; any other parameter is logged by name only. */
export const LOGGED_QUERY_PARAMETERS = new Set([
  'limit',
  'sort',
  'order',
  'status',
  'environment',
  'plan',
  'kind',
  'type',
  'format',
  'dryRun',
  'verdict',
  'state',
  'severity',
  'from',
  'to',
]);

/** The query string as it may be logged: allow-listed values (truncated), other values redacted. */
export function redactQuery(url: string): Record<string, string> | undefined {
  const i = url.indexOf('?');
  if (i < 0) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(url.slice(i + 1))) {
    const key = k.slice(0, 40);
    out[key] = LOGGED_QUERY_PARAMETERS.has(k) ? v.slice(0, 64) : '[redacted]';
  }
  return out;
}

interface LoggableRequest {
  id?: string;
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
}

/** pino serializer for `req`: the route template instead of the raw URL, never path values or query secrets. */
export function serializeRequest(req: LoggableRequest): Record<string, unknown> {
  return {
    id: req.id,
    method: req.method,
    route: req.routeOptions?.url ?? '(no route)',
    query: redactQuery(req.url ?? ''),
  };
}

/**
 * A test for one Authorization header's value (null when there is not exactly one): true when it is
 * `Bearer <token>`. Routes build it once, so the token's digest is not recomputed per request.
 */
export function bearerMatcher(token: string): (presented: string | null) => boolean {
  const isToken = secretMatcher(token);
  return (presented) => presented !== null && presented.startsWith('Bearer ') && isToken(presented.slice(7));
}

/** True when `presented` (exactly one Authorization header's value) is `Bearer <token>`. */
export function bearerMatches(presented: string | null, token: string): boolean {
  return bearerMatcher(token)(presented);
}
