/**
 * Grafana's HTTP API as the sidecar uses it: annotations, with a service account token
 * (SWITCHYARD_GRAFANA_SA_TOKEN). Only the configured GRAFANA_URL is called; every call is time-boxed;
 * errors carry the HTTP status only (never the token or a response body).
 */

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
}

export function createGrafanaClient(opts: GrafanaClientOptions): GrafanaClient {
  const base = opts.url.replace(/\/+$/, '');

  async function call(method: string, path: string, body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${opts.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      throw new GrafanaApiError(
        timeout ? `Grafana did not answer within ${opts.timeoutMs} ms` : 'Grafana is unreachable',
        null
      );
    }
    const text = await res.text().catch(() => '');
    if (!res.ok)
      throw new GrafanaApiError(
        `Grafana answered HTTP ${res.status} to ${method} ${path.replace(/\d+$/, ':id')}`,
        res.status
      );
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      throw new GrafanaApiError('Grafana sent a response that is not JSON', res.status);
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
