/**
 * The data source's HTTP client to the Switchyard sidecar: GET endpoints of the contract's table only
 * (URLs built from the table, never literal paths), the data source's own bearer credential, the
 * caller's identity headers, and responses checked against the contract. Failures become
 * QueryErrors that name the sidecar and never carry the credential.
 *
 * Time: one client serves one query (or health check, or resource call). Each request has its own
 * timeout (`timeoutMs`), all its requests together a budget (`budgetMs`, counted from the client's
 * creation, so a paging `collect()` ends too), and every request follows the call's AbortSignal:
 * once Grafana cancels the call no further request is sent and the one in flight is aborted.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  GRAFANA_ID_HEADER,
  REQUEST_ID_HEADER,
  buildPath,
  endpoints,
  type EndpointDef,
  type EndpointName,
  type Endpoints,
} from '../../contract';
import { QueryError, redact } from './errors';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; signal: AbortSignal }
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

export interface SidecarTarget {
  /** Base URL, e.g. http://127.0.0.1:8787 (no trailing slash needed). */
  url: string;
  token: string;
}

/** Endpoints the data source calls (all GET with a read action; checked again on every call). */
export const READ_ENDPOINTS = [
  'listTenants',
  'getTenantCounts',
  'listAudit',
  'listJobs',
  'listIsolation',
  'listAlerts',
  'listShards',
] as const satisfies readonly EndpointName[];
export type ReadEndpointName = (typeof READ_ENDPOINTS)[number];

type Response<K extends EndpointName> =
  NonNullable<Endpoints[K]['response']> extends z.ZodTypeAny ? z.output<NonNullable<Endpoints[K]['response']>> : never;

export const TOKEN_REFUSED =
  'the sidecar refused the data source token — set the same token as SWITCHYARD_DATASOURCE_TOKEN';

export interface SidecarTiming {
  /** One request (SWITCHYARD_DS_TIMEOUT_MS). */
  timeoutMs: number;
  /** Every request of this client together (SWITCHYARD_DS_QUERY_TIMEOUT_MS); unbounded when absent. */
  budgetMs?: number;
  /** The call's signal: aborted when Grafana cancels it or its deadline passes. */
  signal?: AbortSignal;
}

export class SidecarClient {
  private readonly timeoutMs: number;
  private readonly budgetMs: number;
  private readonly signal?: AbortSignal;
  /** performance.now() past which no request is sent. */
  private readonly deadline: number;

  constructor(
    private readonly target: SidecarTarget,
    private readonly identity: Record<string, string>,
    private readonly fetchImpl: FetchLike,
    timing: SidecarTiming
  ) {
    this.timeoutMs = timing.timeoutMs;
    this.budgetMs = timing.budgetMs ?? Number.POSITIVE_INFINITY;
    this.signal = timing.signal;
    this.deadline = performance.now() + this.budgetMs;
  }

  get url(): string {
    return this.target.url;
  }

  /** Throws when the call was cancelled or the budget is spent: no request is sent after that. */
  private checkTime(): number {
    if (this.signal?.aborted) throw this.cancelled();
    const left = this.deadline - performance.now();
    if (left <= 0) throw this.overBudget();
    return left;
  }

  private cancelled(): QueryError {
    return new QueryError(
      `The request to the Switchyard sidecar at ${this.target.url} was cancelled by the caller`,
      499,
      'downstream'
    );
  }

  private overBudget(): QueryError {
    return new QueryError(
      `Switchyard sidecar at ${this.target.url}: the query needed more than ${this.budgetMs} ms of sidecar requests; shorten the time range or narrow the filters`,
      504,
      'downstream'
    );
  }

  async get<K extends ReadEndpointName>(
    name: K,
    opts: { params?: Record<string, string>; query?: Record<string, string | number | undefined> } = {}
  ): Promise<Response<K>> {
    const def: EndpointDef = endpoints[name];
    if (def.method !== 'GET' || !def.action.endsWith(':read') || !def.response) {
      throw new QueryError(`The data source only reads; ${name} is not a read endpoint`, 500, 'plugin');
    }
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
    const query = qs.toString();
    const url = `${this.target.url.replace(/\/+$/, '')}${buildPath(def.path, opts.params)}${query ? `?${query}` : ''}`;
    const requestId = randomUUID();
    const left = this.checkTime();
    const budgetBound = left < this.timeoutMs;
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(Math.min(this.timeoutMs, left))));
    let res: Awaited<ReturnType<FetchLike>>;
    let body: string;
    try {
      res = await this.fetchImpl(url, {
        method: 'GET',
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.target.token}`,
          [REQUEST_ID_HEADER]: requestId,
          ...this.identity,
        },
        signal: this.signal ? AbortSignal.any([this.signal, timeout]) : timeout,
      });
      body = await res.text();
    } catch (err) {
      if (this.signal?.aborted) throw this.cancelled();
      if (budgetBound && timeout.aborted) throw this.overBudget();
      const e = err as { name?: string; cause?: { code?: string }; message?: string };
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${this.timeoutMs} ms`
          : (e.cause?.code ?? e.message ?? 'connection failed');
      throw new QueryError(
        `Switchyard sidecar at ${this.target.url} is unreachable (${redact(String(why), [this.target.token])})`,
        503,
        'downstream'
      );
    }
    // A fetch that ignored the signal still ends here: nothing more happens for a cancelled call.
    if (this.signal?.aborted) throw this.cancelled();
    const parsed = parseJson(body);
    if (res.status === 401) {
      const idTokenRefused = GRAFANA_ID_HEADER in this.identity && /ID token/i.test(String(parsed?.message ?? ''));
      throw new QueryError(
        idTokenRefused
          ? `Switchyard sidecar at ${this.target.url} did not accept the Grafana ID token forwarded for this user`
          : `Switchyard sidecar at ${this.target.url}: ${TOKEN_REFUSED}`,
        502,
        'downstream'
      );
    }
    if (res.status < 200 || res.status >= 300) {
      const msg = typeof parsed?.message === 'string' ? parsed.message : `HTTP ${res.status}`;
      const field = typeof parsed?.field === 'string' ? parsed.field : undefined;
      const text = redact(
        `Switchyard sidecar at ${this.target.url} answered ${res.status}: ${msg} (request ${requestId})`,
        [this.target.token]
      );
      if (res.status === 400 || res.status === 404) throw new QueryError(text, 400, 'plugin', field);
      throw new QueryError(text, res.status === 503 ? 503 : 502, 'downstream');
    }
    const checked = def.response.safeParse(parsed);
    if (!checked.success) {
      throw new QueryError(
        `Switchyard sidecar at ${this.target.url} sent a response to ${name} that does not match the contract (request ${requestId})`,
        502,
        'downstream'
      );
    }
    return checked.data as Response<K>;
  }

  /**
   * Follows cursors of a paginated list until `max` items (or the end); `more` tells whether items
   * were left. Bounded in time by the client's budget and ended by the call's signal (see get()).
   */
  async collect<K extends ReadEndpointName>(
    name: K,
    query: Record<string, string | number | undefined>,
    max: number,
    opts: { stop?: (item: PageItem<K>) => boolean } = {}
  ): Promise<{ items: PageItem<K>[]; more: boolean; first: Response<K> }> {
    const items: PageItem<K>[] = [];
    let cursor: string | undefined;
    let first: Response<K> | undefined;
    for (;;) {
      const response = await this.get(name, {
        query: { ...query, limit: Math.min(200, Math.max(1, max - items.length + 1)), cursor },
      });
      first ??= response;
      const page = response as unknown as { items: PageItem<K>[]; nextCursor: string | null };
      for (const item of page.items) {
        if (opts.stop?.(item)) return { items, more: false, first };
        if (items.length >= max) return { items, more: true, first };
        items.push(item);
      }
      if (!page.nextCursor) return { items, more: false, first };
      cursor = page.nextCursor;
    }
  }
}

type PageItem<K extends EndpointName> = Response<K> extends { items: Array<infer I> } ? I : never;

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
