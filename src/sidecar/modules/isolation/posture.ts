/**
 * The posture cache: one evaluated posture per tenant, kept for a TTL and refreshed in the
 * background over the whole roster with bounded concurrency. Verdict changes are persisted
 * (history) and every committed posture is exported as metrics.
 */
import type { Logger } from 'pino';
import type { IsolationVerdict, ProbeError, TenantIsolation } from '../../../contract';
import type { PlatformIsolationClient } from '../../platform/isolationApi';
import { getRosterEntry, listRoster, recordVerdict, type RosterEntry } from './isolation.store';
import type { Db, Executor } from '../../kernel/database/schema';
import { runChecks, unknownChecks, type CheckOptions } from './checks';
import type { IsolationMetrics } from './isolationMetrics';
import { failingOf, verdictOf } from './verdict';
import { type Clock } from '../../kernel/clock';

export type Posture = Omit<TenantIsolation, 'configured' | 'history'>;

export interface PostureOptions {
  ttlMs: number;
  /** 0 disables the periodic refresh (probes then happen on demand: detail, re-probe, a list with unprobed tenants). */
  refreshIntervalMs: number;
  appDbPrefixLength: number;
  probeMaxAgeMs: number;
}

const ROSTER_MAX_AGE_MS = 5_000;
const ENVIRONMENTS = new Set(['dev', 'staging', 'prod']);

export class PostureCache {
  private readonly cache = new Map<string, Posture>();
  private roster: RosterEntry[] = [];
  private rosterAt = Number.NEGATIVE_INFINITY;
  private cycle: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly shutdown = new AbortController();
  lastRefreshAt: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly client: PlatformIsolationClient | null,
    private readonly metrics: IsolationMetrics,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly options: PostureOptions
  ) {}

  get configured(): boolean {
    return this.client !== null;
  }

  start(): void {
    if (!this.client || this.options.refreshIntervalMs <= 0) return;
    const tick = () => void this.refresh();
    setImmediate(tick);
    this.timer = setInterval(tick, this.options.refreshIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.shutdown.abort();
    await this.cycle?.catch(() => undefined);
  }

  /** The roster, reloaded when older than a few seconds. */
  async currentRoster(): Promise<RosterEntry[]> {
    if (performance.now() - this.rosterAt > ROSTER_MAX_AGE_MS) {
      this.roster = await listRoster(this.db);
      this.rosterAt = performance.now();
      const ids = new Set(this.roster.map((t) => t.id));
      for (const [id, p] of this.cache) {
        if (p.known && !ids.has(id)) this.forget(id);
      }
    }
    return this.roster;
  }

  cached(tenantId: string): Posture | undefined {
    return this.cache.get(tenantId);
  }

  /** Cached postures of tenants Switchyard has no record of (probed by id on demand). */
  unlisted(): Posture[] {
    return [...this.cache.values()].filter((p) => !p.known);
  }

  isFresh(p: Posture | undefined): p is Posture {
    return Boolean(p?.probedAt) && this.clock.now().getTime() - Date.parse(p!.probedAt!) < this.options.ttlMs;
  }

  /** The posture when the platform gave no report: every check unknown (null for a tenant nobody knows). */
  private withoutReport(
    tenantId: string,
    record: RosterEntry | undefined,
    error: ProbeError,
    now: Date
  ): Posture | null {
    if (error.code === 'not_found' && !record) return null;
    return unknownPosture(tenantId, record, error, `No report: ${error.message}.`, now.toISOString());
  }

  /** Asks the platform and runs the checks. Null when neither Switchyard nor the platform knows the tenant. */
  async evaluate(tenantId: string, entry?: RosterEntry | null): Promise<Posture | null> {
    const record = entry === undefined ? await getRosterEntry(this.db, tenantId) : (entry ?? undefined);
    if (!this.client) return record ? placeholder(tenantId, record, 'not_configured') : null;
    const outcome = await this.client.fetchReport(tenantId, this.shutdown.signal);
    const now = this.clock.now();
    this.metrics.probed(outcome.ok ? 'ok' : outcome.error.code);
    if (!outcome.ok) return this.withoutReport(tenantId, record, outcome.error, now);
    const r = outcome.report;
    const options: CheckOptions = {
      appDbPrefixLength: this.options.appDbPrefixLength,
      probeMaxAgeMs: this.options.probeMaxAgeMs,
      now,
    };
    const checks = runChecks(r, { tenantId, record }, options);
    const stage =
      r.deployment?.stage && ENVIRONMENTS.has(r.deployment.stage)
        ? (r.deployment.stage as Posture['environment'])
        : null;
    return {
      tenantId,
      environment: record?.environment ?? stage,
      known: Boolean(record),
      verdict: verdictOf(checks),
      failing: failingOf(checks),
      probedAt: now.toISOString(),
      error: null,
      checks,
    };
  }

  /**
   * Records the verdict if it differs from the last RECORDED one (the store, not this replica's
   * cache, is the reference: restarts and other replicas stay consistent). Call `apply` after commit.
   */
  async persist(ex: Executor, p: Posture): Promise<IsolationVerdict | null> {
    if (p.error?.code === 'not_configured') return null;
    const change = await recordVerdict(
      ex,
      p.tenantId,
      p.verdict,
      p.failing.map((f) => f.check),
      new Date(p.probedAt ?? this.clock.now().toISOString())
    );
    if (change)
      this.log.info(
        { tenantId: p.tenantId, from: change.previousVerdict, to: change.verdict },
        'isolation verdict changed'
      );
    return change ? change.verdict : null;
  }

  apply(p: Posture): void {
    if (p.error?.code === 'not_configured') return;
    this.cache.set(p.tenantId, p);
    this.metrics.set(p.tenantId, p.verdict, p.checks);
  }

  /** Evaluate, persist in its own transaction, apply. */
  async refreshOne(tenantId: string, entry?: RosterEntry | null): Promise<Posture | null> {
    const p = await this.evaluate(tenantId, entry);
    if (!p) {
      this.forget(tenantId);
      return null;
    }
    try {
      await this.db.transaction().execute((trx) => this.persist(trx, p));
    } catch (err) {
      // Another replica recorded the same change first; the posture itself is still right.
      this.log.warn({ tenantId, err: (err as Error).message }, 'isolation verdict change not recorded');
    }
    this.apply(p);
    return p;
  }

  /** One background pass: every roster tenant whose posture is missing or stale, `concurrency` at a time. */
  refresh(): Promise<void> {
    if (!this.client) return Promise.resolve();
    this.cycle ??= this.runCycle().finally(() => {
      this.cycle = null;
    });
    return this.cycle;
  }

  private async runCycle(): Promise<void> {
    const started = performance.now();
    try {
      this.rosterAt = 0;
      const due = (await this.currentRoster()).filter((t) => !this.isFresh(this.cache.get(t.id)));
      let next = 0;
      const worker = async () => {
        while (next < due.length && !this.shutdown.signal.aborted) {
          const t = due[next++];
          await this.refreshOne(t.id, t);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.client!.concurrency, due.length) }, worker));
      if (this.shutdown.signal.aborted) return;
      const at = this.clock.now();
      this.lastRefreshAt = at.toISOString();
      this.metrics.refreshed(at);
      this.log.info(
        { probed: due.length, durationMs: Math.round(performance.now() - started) },
        'isolation refresh complete'
      );
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'isolation refresh failed');
    }
  }

  private forget(tenantId: string): void {
    this.cache.delete(tenantId);
    this.metrics.remove(tenantId);
  }
}

export function placeholder(
  tenantId: string,
  record: RosterEntry | undefined,
  code: 'not_configured' | 'not_probed'
): Posture {
  const message =
    code === 'not_configured'
      ? 'The platform isolation API is not configured (SWITCHYARD_PLATFORM_URL is unset)'
      : 'Not probed yet';
  return unknownPosture(tenantId, record, { code, message }, `${message}.`, null);
}

/** A posture with every check unknown: `evidence` says why, the error's code picks the remediation. */
function unknownPosture(
  tenantId: string,
  record: RosterEntry | undefined,
  error: ProbeError,
  evidence: string,
  probedAt: string | null
): Posture {
  const checks = unknownChecks(evidence, remediationFor(error.code));
  return {
    tenantId,
    environment: record?.environment ?? null,
    known: Boolean(record),
    verdict: 'unknown',
    failing: failingOf(checks),
    probedAt,
    error,
    checks,
  };
}

function remediationFor(code: string): string {
  switch (code) {
    case 'not_configured':
      return 'Set SWITCHYARD_PLATFORM_URL (and its host in SWITCHYARD_OUTBOUND_HOSTS) on the sidecar.';
    case 'not_probed':
      return 'Wait for the background refresh or re-probe the tenant.';
    case 'timeout':
    case 'unreachable':
      return 'Check that the platform isolation API is up and reachable from the sidecar, then re-probe.';
    case 'not_found':
      return 'The platform does not know this tenant: check that its runtime is provisioned.';
    default:
      return 'The platform isolation API answered with something unexpected; check its version and logs, then re-probe.';
  }
}
