/**
 * Typed domain errors and the one error handler that turns anything thrown into
 * `{ code, message, field?, details?, requestId }` with the status from the contract's `errorStatus`.
 * Stack traces, SQL and secrets never leave the process: unknown errors become a generic 500.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCode, errorStatus, type ApiError, type ErrorCodeValue } from '../../contract';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCodeValue,
    message: string,
    readonly extra: { field?: string; details?: Record<string, unknown> } = {}
  ) {
    super(message);
    this.name = 'DomainError';
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

/**
 * A system the sidecar depends on (node admin API, Kubernetes, VictoriaMetrics, Grafana, the
 * platform isolation API) failed: refused by the allowlist, timed out, unreachable, or answered an
 * error. A request that ends with one answers 503 naming the dependency, never its response body.
 */
export class DependencyError extends Error {
  constructor(
    readonly dependency: string,
    readonly kind: 'refused' | 'timeout' | 'unreachable' | 'http',
    message: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'DependencyError';
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError(ErrorCode.notFound, `${what} ${id} was not found`, { details: { id } });
export const validationFailed = (field: string, message: string) =>
  new DomainError(ErrorCode.validation, message, { field });
export const unauthenticated = (message = 'Authentication required') =>
  new DomainError(ErrorCode.unauthenticated, message);
export const forbidden = (message = 'You do not have permission to do this') =>
  new DomainError(ErrorCode.forbidden, message);
export const unavailable = (message: string) => new DomainError(ErrorCode.unavailable, message);

/** Converts a zod failure at the boundary into a 400 naming the first failing field (`where` = body|query|params|header). */
export function fromZod(err: z.ZodError, where: string): DomainError {
  const issue = err.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = path || where;
  return new DomainError(ErrorCode.validation, `${field}: ${issue?.message ?? 'invalid'}`, {
    field,
    details: {
      in: where,
      issues: err.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    },
  });
}

function toApiError(err: unknown, requestId: string): { status: number; body: ApiError } {
  if (err instanceof DomainError) {
    return {
      status: err.status,
      body: { code: err.code, message: err.message, ...err.extra, requestId },
    };
  }
  const fe = err as Partial<FastifyError>;
  // Framework-level client errors (malformed JSON, body too large, bad content type) keep their 4xx.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const message = fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request body is too large' : 'Malformed request';
    const code = fe.statusCode === 404 ? ErrorCode.notFound : ErrorCode.validation;
    return {
      status: fe.statusCode === 404 ? 404 : fe.statusCode === 413 || fe.statusCode === 415 ? fe.statusCode : 400,
      body: { code, message, field: 'body', requestId },
    };
  }
  if (err instanceof DependencyError) {
    return {
      status: errorStatus[ErrorCode.unavailable],
      body: { code: ErrorCode.unavailable, message: `${err.dependency} is unavailable: ${err.message}`, requestId },
    };
  }
  return { status: 500, body: { code: ErrorCode.internal, message: 'Internal error', requestId } };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toApiError(err, request.id);
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
    } else {
      request.log.info({ code: body.code, field: body.field, status }, 'request refused');
    }
    return reply.code(status).type('application/json').send(body);
  });
  // Deny by default: anything outside the endpoint table (and the ops routes) is a 404.
  app.setNotFoundHandler((request, reply) => {
    return reply
      .code(404)
      .send({ code: ErrorCode.notFound, message: 'No such route', requestId: request.id } satisfies ApiError);
  });
}
