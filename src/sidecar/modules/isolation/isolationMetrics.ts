/**
 * Isolation metrics on the app's registry (served on /metrics):
 * - `switchyard_isolation_check_result{tenant_id,check,result}` = 1 for each check's CURRENT result
 *   (the series of the previous result is removed, so `result="violation"` is present only while it holds);
 * - `switchyard_isolation_verdict{tenant_id,verdict}` = 1 for the current verdict;
 * - `switchyard_isolation_probes_total{outcome}` and `switchyard_isolation_last_refresh_timestamp_seconds`.
 * Label values are ids and enums only: nothing from evidence text ever becomes a label.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { IsolationCheck, IsolationVerdict } from '../../../contract';

export class IsolationMetrics {
  private readonly checkResult: Gauge<'tenant_id' | 'check' | 'result'>;
  private readonly verdict: Gauge<'tenant_id' | 'verdict'>;
  private readonly probes: Counter<'outcome'>;
  private readonly lastRefresh: Gauge;
  /** Label sets currently exported per tenant, so stale ones can be removed. */
  private readonly current = new Map<string, { verdict: IsolationVerdict; checks: Array<[string, string]> }>();

  constructor(registry: Registry) {
    this.checkResult = new Gauge({
      name: 'switchyard_isolation_check_result',
      help: 'Current result of an isolation check for a tenant (1 = this is the current result)',
      labelNames: ['tenant_id', 'check', 'result'],
      registers: [registry],
    });
    this.verdict = new Gauge({
      name: 'switchyard_isolation_verdict',
      help: 'Current isolation verdict of a tenant (1 = this is the current verdict)',
      labelNames: ['tenant_id', 'verdict'],
      registers: [registry],
    });
    this.probes = new Counter({
      name: 'switchyard_isolation_probes_total',
      help: 'Runtime isolation probes by outcome (ok, or the probe error code)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.lastRefresh = new Gauge({
      name: 'switchyard_isolation_last_refresh_timestamp_seconds',
      help: 'Unix time of the last complete background isolation refresh',
      registers: [registry],
    });
  }

  probed(outcome: string): void {
    this.probes.inc({ outcome });
  }

  refreshed(at: Date): void {
    this.lastRefresh.set(at.getTime() / 1000);
  }

  set(tenantId: string, verdict: IsolationVerdict, checks: readonly IsolationCheck[]): void {
    this.remove(tenantId);
    const pairs = checks.map((c): [string, string] => [c.check, c.result]);
    for (const [check, result] of pairs) this.checkResult.set({ tenant_id: tenantId, check, result }, 1);
    this.verdict.set({ tenant_id: tenantId, verdict }, 1);
    this.current.set(tenantId, { verdict, checks: pairs });
  }

  remove(tenantId: string): void {
    const prev = this.current.get(tenantId);
    if (!prev) return;
    for (const [check, result] of prev.checks) this.checkResult.remove({ tenant_id: tenantId, check, result });
    this.verdict.remove({ tenant_id: tenantId, verdict: prev.verdict });
    this.current.delete(tenantId);
  }
}
