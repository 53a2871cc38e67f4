/**
 * The shape of one endpoint of the contract, `def`, with which each module's table declares its
 * endpoints, and the path helpers (`buildPath`, `pathParamNames`).
 */
import type { z } from 'zod';
import type { Action } from './actions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointDef<
  P extends z.ZodTypeAny = z.ZodTypeAny,
  Q extends z.ZodTypeAny = z.ZodTypeAny,
  B extends z.ZodTypeAny = z.ZodTypeAny,
  R extends z.ZodTypeAny = z.ZodTypeAny,
> {
  method: HttpMethod;
  /** Sidecar path, fastify style (`/api/v1/tenants/:id`). The browser calls `/api/plugin-proxy/<id>` + this path. */
  path: string;
  /** RBAC action the plugin.json route requires and the sidecar re-checks. */
  action: Action;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Response body schema; `null` for non-JSON responses (exports). */
  response: R | null;
  /** Requires an `Idempotency-Key` header. */
  idempotent?: boolean;
  /** Requires `If-Match: "<version>"`. */
  ifMatch?: boolean;
  /** HTTP status of a successful response; 200 when omitted. */
  successStatus?: number;
}

/** Declares one endpoint, keeping its schemas' types. */
export function def<P extends z.ZodTypeAny, Q extends z.ZodTypeAny, B extends z.ZodTypeAny, R extends z.ZodTypeAny>(
  e: EndpointDef<P, Q, B, R>
): EndpointDef<P, Q, B, R> {
  return e;
}

const PATH_PARAM = /:([A-Za-z0-9_]+)/g;

/** The names of an endpoint path's `:param` placeholders, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(PATH_PARAM)].map(([, k]) => k);
}

/** Fill `:param` placeholders of an endpoint path (values are URI-encoded). */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(PATH_PARAM, (_, k: string) => {
    const v = params[k];
    if (v === undefined) {
      throw new Error(`missing path parameter ${k}`);
    }
    return encodeURIComponent(v);
  });
}
