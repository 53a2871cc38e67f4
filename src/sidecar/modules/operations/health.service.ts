/**
 * Platform health of every watched environment (SWITCHYARD_HEALTH_ENVIRONMENTS, all by default):
 * one background snapshot per environment's namespace (environmentHealth.ts), each with its own
 * last check and stale mark. A caller gets the environments their scope reaches (`environmentVisible`:
 * granted whole, or a tenant of theirs there); asking for one outside it answers 404, like an
 * environment this sidecar does not watch.
 */
import type { Logger } from 'pino';
import type { Environment, PlatformHealthOverview } from '../../../contract';
import type { Clock } from '../../kernel/clock';
import type { Executor } from '../../kernel/database/schema';
import { notFound } from '../../kernel/errors';
import { environmentVisible, type TenantScope } from '../../kernel/scope';
import type { WorkloadReader } from '../../platform/kubernetesHealthReader';
import { EnvironmentHealth } from './environmentHealth';

export interface HealthServiceOptions {
  environments: readonly Environment[];
  /** The platform namespace of an environment (SWITCHYARD_K8S_NAMESPACE). */
  namespaceFor(env: Environment): string;
  refreshMs: number;
  cronWindowMinutes: number;
}

export class HealthService {
  private readonly watched: EnvironmentHealth[];

  constructor(
    /** A reader of one namespace; null when SWITCHYARD_K8S_URL is not set (every snapshot `unknown`). */
    readerFor: ((namespace: string) => WorkloadReader) | null,
    options: HealthServiceOptions,
    logger: Logger,
    clock: Clock,
    /** The tenants table, for the caller's scope. */
    private readonly db: Executor
  ) {
    this.watched = options.environments.map((environment) => {
      const namespace = options.namespaceFor(environment);
      return new EnvironmentHealth(
        readerFor ? readerFor(namespace) : null,
        { namespace, environment, refreshMs: options.refreshMs, cronWindowMinutes: options.cronWindowMinutes },
        logger.child({ environment }),
        clock
      );
    });
  }

  start(): void {
    for (const h of this.watched) h.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.watched.map((h) => h.stop()));
  }

  /** Reads every watched namespace once (tests, and the first paint after start). */
  async refresh(): Promise<void> {
    await Promise.all(this.watched.map((h) => h.refresh()));
  }

  /** The snapshots a caller may see, in environment order; `environment` narrows to one (404 outside the scope). */
  async snapshotFor(scope: TenantScope, environment?: Environment): Promise<PlatformHealthOverview> {
    const visible: EnvironmentHealth[] = [];
    for (const h of this.watched) {
      if (environment && h.environment !== environment) continue;
      if (scope.all || (await environmentVisible(this.db, h.environment, scope))) visible.push(h);
    }
    if (environment && visible.length === 0) throw notFound('Platform health of environment', environment);
    return { environments: visible.map((h) => h.snapshot()) };
  }
}
