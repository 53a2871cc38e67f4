/**
 * Grafana's HTTP API as the sidecar uses it: annotations, with a service account token
 * (SWITCHYARD_GRAFANA_SA_TOKEN). Only the configured GRAFANA_URL is called; every call is time-boxed;
 * errors carry the HTTP status only (never the token or a response body).
 */
import { DependencyError } from '../kernel/errors';
import type { KeysFetch } from '../kernel/trust/idToken';
import { outboundFetch, outboundJson } from './http';

export interface AnnotationInput {
  /** Epoch milliseconds. */
  time: number;
  timeEnd?: number;
  tags: string[];
  text: string;
}

export class GrafanaApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null
  ) {
    super(message);
    this.name = 'GrafanaApiError';
  }
}

export interface GrafanaClient {
  createAnnotation(a: AnnotationInput): Promise<{ id: number }>;
  updateAnnotation(id: number, a: Partial<AnnotationInput>): Promise<void>;
}

export interface GrafanaClientOptions {
  url: string;
  token: string;
  timeoutMs: number;
  /** The outbound allowlist (SWITCHYARD_OUTBOUND_HOSTS). */
  allowedHosts: readonly string[];
}

export function createGrafanaClient(opts: GrafanaClientOptions): GrafanaClient {
  const outbound = { dependency: 'Grafana', allowedHosts: opts.allowedHosts, timeoutMs: opts.timeoutMs };

  async function call(method: string, path: string, body: unknown): Promise<unknown> {
    try {
      return await outboundJson(
        outbound,
        {
          method,
          url: new URL(`${opts.url.replace(/\/+$/, '')}${path}`),
          json: body,
          headers: { authorization: `Bearer ${opts.token}` },
        },
        `${method} ${path.replace(/\d+$/, ':id')}`
      );
    } catch (err) {
      if (err instanceof DependencyError) throw new GrafanaApiError(err.message, err.status ?? null);
      throw err;
    }
  }

  return {
    async createAnnotation(a) {
      const out = (await call('POST', '/api/annotations', a)) as { id?: unknown };
      if (typeof out.id !== 'number') throw new GrafanaApiError('Grafana did not return an annotation id', 200);
      return { id: out.id };
    },
    async updateAnnotation(id, a) {
      await call('PATCH', `/api/annotations/${id}`, a);
    },
  };
}

/**
 * The JWKS fetch of the trust boundary's ID-token verifier: GET on the outbound client, so the key set
 * comes only from an allow-listed host, without redirects, time-boxed. A refusal or an unreachable
 * Grafana is a DependencyError (the request answers 503: the caller cannot be identified right now).
 */
export function grafanaKeysFetch(opts: { allowedHosts: readonly string[]; timeoutMs: number }): KeysFetch {
  const outbound = { dependency: 'Grafana', allowedHosts: opts.allowedHosts, timeoutMs: opts.timeoutMs };
  return (url, init) =>
    outboundFetch(outbound, {
      method: 'GET',
      url: new URL(url),
      headers: init.headers ? Object.fromEntries(init.headers.entries()) : undefined,
      signal: init.signal,
    });
}
