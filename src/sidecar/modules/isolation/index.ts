/**
 * Isolation: whether each tenant's runtime is isolated (checks against the platform isolation API,
 * when SWITCHYARD_PLATFORM_URL is set), a posture cache refreshed in the background, verdict history.
 */
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { PlatformIsolationClient } from '../../platform/isolationApi';
import { isolationMigrations } from './isolation.migrations';
import { isolationRoutes } from './isolation.routes';
import { IsolationService } from './isolation.service';
import { IsolationMetrics } from './isolationMetrics';
import { PostureCache } from './posture';

export const isolationModule: SidecarModule<ModuleContext & { isolationApi: PlatformIsolationClient | null }> = {
  name: 'isolation',
  migrations: isolationMigrations,
  create({ config, db, mutations, metrics, logger, clock, isolationApi }) {
    const { isolation } = config;
    const log = logger.child({ component: 'isolation' });
    if (!isolationApi)
      log.info('platform isolation API not configured (SWITCHYARD_PLATFORM_URL unset): isolation checks disabled');
    const posture = new PostureCache(db, isolationApi, new IsolationMetrics(metrics), log, clock, {
      ttlMs: isolation.ttlMs,
      refreshIntervalMs: isolation.refreshIntervalMs,
      appDbPrefixLength: isolation.appDbPrefixLength,
      probeMaxAgeMs: isolation.probeMaxAgeMs,
    });
    return {
      exports: {},
      routes: isolationRoutes(new IsolationService(db, posture, mutations)),
      start: () => posture.start(),
      stop: () => posture.stop(),
    };
  },
};
