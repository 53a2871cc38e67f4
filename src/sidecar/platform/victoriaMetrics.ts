/**
 * VictoriaMetrics (Prometheus API) reads for placement: shard and tenant load per service kind,
 * migration preflight (in-flight work, consumer lag) and verification (traffic on the target, error
 * ratio). Every query is an instant query with a bounded result (sum by shard, topk, or a tenant
 * filter) and is time-boxed; a failure is a VmUnavailable naming why, never an empty answer.
 * Label values come only from validated ids, so they are safe to interpolate.
 */
import { PrometheusDriver } from 'prometheus-query';
import type { ServiceKind } from '../../contract';

export class VmUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VmUnavailable';
  }
}

/** The counter whose rate is a kind's load, and whether it carries `tenant_id`. */
const LOAD_METRIC: Record<ServiceKind, { metric: string; perTenant: boolean }> = {
  gateway: { metric: 'gateway_requests_total', perTenant: true },
  aggregate: { metric: 'aggregate_commands_total', perTenant: true },
  projection: { metric: 'projection_events_processed_total', perTenant: true },
  runner: { metric: 'runner_effects_total', perTenant: false },
};
const MAX_TENANT_SERIES = 200_000;
const SAFE = /^[a-z0-9][a-z0-9_-]{0,99}$/;

function label(v: string): string {
  if (!SAFE.test(v)) throw new VmUnavailable(`refusing to query with label value ${JSON.stringify(v.slice(0, 40))}`);
  return v;
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface VictoriaMetricsOptions {
  url: string | null;
  timeoutMs: number;
  /** Rate window, e.g. `1m`. */
  window?: string;
}

export class VictoriaMetrics {
  private readonly driver: PrometheusDriver | null;
  private readonly window: string;

  constructor(private readonly opts: VictoriaMetricsOptions) {
    this.window = opts.window ?? '1m';
    this.driver = opts.url
      ? new PrometheusDriver({
          endpoint: opts.url,
          baseURL: '/api/v1',
          timeout: opts.timeoutMs,
          preferPost: true,
          withCredentials: false,
        })
      : null;
  }

  get configured(): boolean {
    return this.driver !== null;
  }

  /** Instant query, time-boxed twice: the HTTP timeout and the evaluation `timeout` parameter. */
  async query(expr: string): Promise<Sample[]> {
    if (!this.driver) throw new VmUnavailable('VictoriaMetrics is not configured (SWITCHYARD_VM_URL)');
    const driver = this.driver;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new VmUnavailable(`VictoriaMetrics did not answer within ${this.opts.timeoutMs} ms`)),
        this.opts.timeoutMs + 50
      );
    });
    try {
      const r = await Promise.race([
        driver.instantQuery(expr, undefined, `${Math.max(1, Math.floor(this.opts.timeoutMs / 1000))}s`),
        deadline,
      ]);
      return (r.result as Array<{ metric: { labels: Record<string, string> }; value: { value: number } }>).map((x) => ({
        labels: x.metric.labels ?? {},
        value: Number(x.value?.value ?? NaN),
      }));
    } catch (err) {
      if (err instanceof VmUnavailable) throw err;
      // prometheus-query rejects with a plain object: { errorType, httpStatus?, error, code? }.
      const e = err as { errorType?: string; httpStatus?: number; error?: string; code?: string; message?: string };
      if (e.errorType === 'timeout_error' || e.code === 'ECONNABORTED')
        throw new VmUnavailable(`VictoriaMetrics did not answer within ${this.opts.timeoutMs} ms`);
      if (e.httpStatus) throw new VmUnavailable(`VictoriaMetrics answered HTTP ${e.httpStatus}`);
      if (e.errorType === 'client_error') throw new VmUnavailable('VictoriaMetrics answered with an unexpected body');
      throw new VmUnavailable('VictoriaMetrics is unreachable');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The first value of an instant query (a `sum(…)` or a ratio), null when it has no finite value. */
  instant(expr: string): Promise<number | null> {
    return this.scalar(expr);
  }

  private async scalar(expr: string): Promise<number | null> {
    const r = await this.query(expr);
    if (r.length === 0 || !Number.isFinite(r[0].value)) return null;
    return r[0].value;
  }

  /** Load per shard of a kind (one series per shard). */
  async shardLoad(kind: ServiceKind): Promise<Map<string, number>> {
    const { metric } = LOAD_METRIC[kind];
    const rows = await this.query(`sum by (shard) (rate(${metric}{service="${kind}"}[${this.window}]))`);
    return new Map(
      rows.filter((r) => r.labels.shard && Number.isFinite(r.value)).map((r) => [r.labels.shard, r.value])
    );
  }

  /**
   * Load per (tenant, shard) of a kind, bounded with topk. Kinds without a tenant label return null:
   * the caller splits the shard's load evenly.
   */
  async tenantLoad(kind: ServiceKind): Promise<Map<string, number> | null> {
    const { metric, perTenant } = LOAD_METRIC[kind];
    if (!perTenant) return null;
    const rows = await this.query(
      `topk(${MAX_TENANT_SERIES}, sum by (tenant_id, shard) (rate(${metric}{service="${kind}"}[${this.window}])))`
    );
    const out = new Map<string, number>();
    for (const r of rows) {
      if (!r.labels.tenant_id || !Number.isFinite(r.value)) continue;
      out.set(`${r.labels.tenant_id}|${r.labels.shard}`, r.value);
    }
    return out;
  }

  /** Commands in flight for a tenant on a shard (aggregate). */
  inFlight(tenantId: string, shard: string): Promise<number | null> {
    return this.scalar(`sum(aggregate_in_flight_commands{tenant_id="${label(tenantId)}",shard="${label(shard)}"})`);
  }

  /** Largest consumer lag (pending messages) on a shard. */
  consumerLag(shard: string): Promise<number | null> {
    return this.scalar(`max(eventbus_consumer_pending_messages{shard="${label(shard)}"})`);
  }

  /** Rate of work a shard serves for a tenant (or for anyone, for kinds without a tenant label). */
  tenantTrafficOn(kind: ServiceKind, tenantId: string, shard: string, window = '30s'): Promise<number | null> {
    const { metric, perTenant } = LOAD_METRIC[kind];
    const sel = perTenant ? `tenant_id="${label(tenantId)}",shard="${label(shard)}"` : `shard="${label(shard)}"`;
    return this.scalar(`sum(rate(${metric}{${sel}}[${window}]))`);
  }

  /** The tenant's 5xx ratio at the gateway. */
  errorRatio(tenantId: string, window = '1m'): Promise<number | null> {
    const t = label(tenantId);
    return this.scalar(
      `sum(rate(gateway_requests_total{tenant_id="${t}",status_class="5xx"}[${window}])) / clamp_min(sum(rate(gateway_requests_total{tenant_id="${t}"}[${window}])), 1e-9)`
    );
  }
}
