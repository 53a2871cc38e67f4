/**
 * Keeps the health snapshot of ONE environment's platform namespace, refreshed in the background on
 * a bounded interval (never more than one read in flight). Requests only read the snapshot, so a
 * slow or unreachable Kubernetes API never slows a page down; it makes the snapshot `unknown`
 * instead. Its last check, last success and stale mark are its own (health.service.ts holds one per
 * environment).
 */
import type { Logger } from 'pino';
import type { Environment, HealthState, PlatformHealth } from '../../../contract';
import { classifyError, type WorkloadReader } from '../../platform/kubernetesHealthReader';
import { evaluate, staleBody, type HealthBody } from './health.rules';
import { systemClock, type Clock } from '../../kernel/clock';

export interface EnvironmentHealthOptions {
  /** The namespace reported when no reader is configured. */
  namespace: string;
  environment: Environment;
  refreshMs: number;
  cronWindowMinutes: number;
}

const EMPTY: HealthBody = {
  state: 'unknown',
  counts: {
    pods: { healthy: 0, pending: 0, unhealthy: 0, unknown: 0 },
    deployments: { healthy: 0, pending: 0, unhealthy: 0, unknown: 0 },
    cronJobs: { healthy: 0, pending: 0, unhealthy: 0, unknown: 0 },
  },
  pods: [],
  deployments: [],
  cronJobs: [],
};

export class EnvironmentHealth {
  private body: HealthBody = EMPTY;
  private lastGood: HealthBody | null = null;
  private checkedAt: Date | null = null;
  private lastSuccessAt: Date | null = null;
  private error: PlatformHealth['error'];
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** null when SWITCHYARD_K8S_URL is not set: the snapshot stays `unknown` with `not_configured`. */
    private readonly reader: WorkloadReader | null,
    private readonly options: EnvironmentHealthOptions,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock()
  ) {
    this.error = reader
      ? { code: 'not_checked', message: 'The first health check has not finished yet' }
      : { code: 'not_configured', message: 'SWITCHYARD_K8S_URL is not set' };
  }

  /** Starts background refreshes (first one immediately). Idempotent. */
  start(): void {
    if (!this.reader || this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** Reads the namespace once; concurrent callers share the read in flight. Never throws. */
  refresh(): Promise<void> {
    if (!this.reader) return Promise.resolve();
    this.inFlight ??= this.readOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async readOnce(): Promise<void> {
    const reader = this.reader as WorkloadReader;
    try {
      const snapshot = await reader.read();
      const now = this.clock.now();
      this.body = evaluate(snapshot, now, this.options.cronWindowMinutes);
      this.lastGood = this.body;
      this.error = null;
      this.checkedAt = now;
      this.lastSuccessAt = now;
    } catch (err) {
      const e = classifyError(err);
      if (this.error?.code !== e.code) {
        this.logger.warn({ code: e.code, namespace: reader.namespace }, 'platform health check failed');
      }
      this.error = { code: e.code, message: e.message };
      this.body = this.lastGood ? staleBody(this.lastGood) : EMPTY;
      this.checkedAt = this.clock.now();
    }
  }

  get environment(): Environment {
    return this.options.environment;
  }

  snapshot(): PlatformHealth {
    return {
      namespace: this.reader?.namespace ?? this.options.namespace,
      environment: this.options.environment,
      ...this.body,
      checkedAt: this.checkedAt?.toISOString() ?? null,
      lastSuccessAt: this.lastSuccessAt?.toISOString() ?? null,
      error: this.error,
      stale: (this.error !== null && this.lastGood !== null) || this.outdated(),
      refreshIntervalSeconds: Math.max(1, Math.round(this.options.refreshMs / 1000)),
      auth: this.auth(),
    };
  }

  /** The auth component, from the outcome of the last read (see AuthHealthSchema). */
  private auth(): NonNullable<PlatformHealth['auth']> {
    return {
      name: 'kubernetes-api-auth',
      ...authOutcome(this.error),
      checkedAt: this.checkedAt?.toISOString() ?? null,
      lastSuccessAt: this.lastSuccessAt?.toISOString() ?? null,
    };
  }

  /**
   * The last good read is older than the refresh interval allows: one interval, plus one more of
   * grace for the read in flight (a refresh that is merely under way does not make data stale).
   */
  private outdated(): boolean {
    if (!this.reader || !this.lastSuccessAt) return false;
    return this.clock.now().getTime() - this.lastSuccessAt.getTime() > 2 * this.options.refreshMs;
  }
}

/** A refused (401) or forbidden (403) token is an auth failure; any other failure verified nothing. */
function authOutcome(error: PlatformHealth['error']): { state: HealthState; reason: string | null } {
  if (error === null) return { state: 'healthy', reason: null };
  if (error.code === 'unauthorized' || error.code === 'forbidden') return { state: 'unhealthy', reason: error.message };
  return { state: 'unknown', reason: `not verified: ${error.message}` };
}
