import { getBackendSrv, type FetchResponse } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { z } from 'zod';
import { endpoints, type EndpointDef, type EndpointName, type Endpoints } from '../contract';
import { proxyUrl } from '../shared/routing';
import { ApiRequestError, ClientErrorCode } from './ApiRequestError';
import { newIdempotencyKey } from './idempotencyKey';
import { requestIdFrom, toApiRequestError } from './toApiRequestError';
import { serializeQuery } from './serializeQuery';

export { serializeQuery };

/** True for `any` and `unknown`: what an endpoint's absent schema infers to. */
type IsOpaque<T> = unknown extends T ? true : false;
type Def<E extends EndpointName> = Endpoints[E];
/** Input type of a schema the endpoint declares; `never` when it declares none. */
type InputOf<S> = S extends z.ZodTypeAny ? (IsOpaque<z.input<S>> extends true ? never : z.input<S>) : never;

export type ParamsOf<E extends EndpointName> = InputOf<NonNullable<Def<E>['params']>>;
export type QueryOf<E extends EndpointName> = InputOf<NonNullable<Def<E>['query']>>;
export type BodyOf<E extends EndpointName> = InputOf<NonNullable<Def<E>['body']>>;
/** Parsed response; raw text for endpoints without a JSON response schema (exports). */
export type ResponseOf<E extends EndpointName> =
  NonNullable<Def<E>['response']> extends infer R extends z.ZodTypeAny
    ? IsOpaque<z.output<R>> extends true
      ? string
      : z.output<R>
    : never;

export interface CallOptions<E extends EndpointName> {
  params?: ParamsOf<E>;
  query?: QueryOf<E>;
  body?: BodyOf<E>;
  /** The resource version the change is based on; sent as `If-Match: "<version>"`. */
  ifMatch?: number | string;
  /** Reuse the key when retrying the same logical request; a fresh one is made otherwise. */
  idempotencyKey?: string;
}

function validationError(issue: z.core.$ZodIssue | undefined, fallback: string): ApiRequestError {
  return new ApiRequestError({
    status: 400,
    code: 'validation_failed',
    message: issue?.message ?? fallback,
    field: issue && issue.path.length > 0 ? issue.path.join('.') : undefined,
  });
}

/**
 * Calls one endpoint of the contract table through Grafana's plugin proxy and returns the
 * response parsed with the endpoint's schema. Sends `Idempotency-Key` for idempotent endpoints
 * and `If-Match` for versioned ones. Every failure is an `ApiRequestError`. The pages' clients use
 * `clientOf` instead, so a page's code holds only its modules' schemas.
 */
export function callApi<E extends EndpointName>(name: E, options: CallOptions<E> = {}): Promise<ResponseOf<E>> {
  return callEndpoint(name, endpoints[name] as EndpointDef, options);
}

/**
 * `callApi` over some modules' endpoint tables (`clientOf({ ...tenantEndpoints })`): the same
 * requests, but only those tables' schemas are bundled with the page that uses it.
 */
export function clientOf<T extends Partial<Endpoints>>(table: T) {
  return <E extends keyof T & EndpointName>(name: E, options: CallOptions<E> = {}): Promise<ResponseOf<E>> =>
    callEndpoint(name, table[name] as EndpointDef, options);
}

async function callEndpoint<E extends EndpointName>(
  name: E,
  def: EndpointDef,
  options: CallOptions<E>
): Promise<ResponseOf<E>> {
  // Sent as X-Request-Id: the sidecar adopts it, so the id an operator sees on any failure
  // (even when the sidecar never answered) is the one in the sidecar's logs and audit trail.
  const requestId = newIdempotencyKey();
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  if (def.idempotent) {
    headers['Idempotency-Key'] = options.idempotencyKey ?? newIdempotencyKey();
  }
  if (def.ifMatch) {
    if (options.ifMatch === undefined) {
      throw new ApiRequestError({
        status: 428,
        code: 'precondition_required',
        message: `${name} needs the version you are changing (If-Match).`,
      });
    }
    headers['If-Match'] = `"${options.ifMatch}"`;
  }
  let data: unknown = undefined;
  if (def.body) {
    const parsed = def.body.safeParse(options.body);
    if (!parsed.success) {
      throw validationError(parsed.error.issues[0], `Invalid request for ${name}`);
    }
    data = parsed.data;
  }
  const url =
    proxyUrl(def.path, options.params as Record<string, string> | undefined) +
    serializeQuery(options.query as object | undefined);

  let response: FetchResponse<unknown>;
  try {
    response = await lastValueFrom(
      getBackendSrv().fetch<unknown>({
        url,
        method: def.method,
        data,
        headers,
        showErrorAlert: false,
        showSuccessAlert: false,
        responseType: def.response ? 'json' : 'text',
      })
    );
  } catch (e) {
    throw toApiRequestError(e, requestId);
  }
  if (!def.response) {
    return response.data as ResponseOf<E>;
  }
  const parsed = def.response.safeParse(response.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiRequestError({
      status: response.status,
      code: ClientErrorCode.invalidResponse,
      message: `The sidecar sent a response this version of the app does not understand${issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : ''}.`,
      requestId: requestIdFrom(response) ?? requestId,
    });
  }
  return parsed.data as ResponseOf<E>;
}
