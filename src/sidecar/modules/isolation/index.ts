/**
 * Assembles the isolation feature from config for the composition root (app.ts): the platform
 * client (only when SWITCHYARD_PLATFORM_URL is set), metrics, the posture cache and the service.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { PlatformIsolationClient } from '../../platform/isolationApi';
import type { Config } from '../../kernel/config/config';
import type { Db } from '../../kernel/database/schema';
import type { Mutations } from '../../kernel/mutations';
import { IsolationMetrics } from './isolationMetrics';
import { IsolationService } from './isolation.service';
import { PostureCache } from './posture';
import { type Clock } from '../../kernel/clock';

export interface IsolationFeature {
  service: IsolationService;
  start(): void;
  stop(): Promise<void>;
}

export function buildIsolation(
  config: Pick<Config, 'platform' | 'isolation'>,
  deps: { db: Db; mutations: Mutations; registry: Registry; logger: Logger; clock: Clock }
): IsolationFeature {
  const { platform, isolation } = config;
  const client = platform.url
    ? new PlatformIsolationClient({
        baseUrl: platform.url,
        allowedHosts: platform.outboundHosts,
        timeoutMs: platform.timeoutMs,
        concurrency: isolation.concurrency,
      })
    : null;
  const log = deps.logger.child({ component: 'isolation' });
  if (!client)
    log.info('platform isolation API not configured (SWITCHYARD_PLATFORM_URL unset): isolation checks disabled');
  const posture = new PostureCache(deps.db, client, new IsolationMetrics(deps.registry), log, deps.clock, {
    ttlMs: isolation.ttlMs,
    refreshIntervalMs: isolation.refreshIntervalMs,
    appDbPrefixLength: isolation.appDbPrefixLength,
    probeMaxAgeMs: isolation.probeMaxAgeMs,
  });
  return {
    service: new IsolationService(deps.db, posture, deps.mutations),
    start: () => posture.start(),
    stop: () => posture.stop(),
  };
}
