/**
 * Builds the job engine for the composition root: the registry of the job types the modules
 * contribute, the service behind the job endpoints, and the workers that app.ts starts and stops.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../kernel/clock';
import type { JobsConfig } from '../kernel/config/jobs';
import type { Db } from '../kernel/database/schema';
import type { Mutations } from '../kernel/mutations';
import { JobEngine } from './engine';
import { combineListeners } from './jobLifecycle';
import { JobTransitionCounters, registerJobMetrics } from './jobs.metrics';
import { JobsService } from './jobs.service';
import { NotifyingJobWrites } from './notifyingJobWrites';
import { JobTypeRegistry, type ModuleJobs } from './registry';
import { JobRunner } from './runner';

export { bindJobTypes, type JobTypeBinding, type ModuleJobs } from './registry';
export { jobsMigrations } from './jobs.migrations';
export { jobsRoutes } from './jobs.routes';
export { activeJobsOfTypes, getJobRow } from './jobs.store';
export type { JobRequest, JobsService } from './jobs.service';

export interface JobsOptions {
  config: JobsConfig;
  /** Timeout of one platform call; a step's default time box is three of them (at least 30 s). */
  platformTimeoutMs: number;
  db: Db;
  mutations: Mutations;
  logger: Logger;
  clock: Clock;
  /** What each module contributes: job types (bound to their deps) and lifecycle listeners. */
  contributions: ModuleJobs[];
}

export interface JobsModule {
  service: JobsService;
  engine: JobEngine;
  /** Registers the job gauges (oldest running job, active jobs) on the app's metrics registry. */
  registerMetrics(registry: Registry): void;
  /** Starts the workers unless SWITCHYARD_JOB_WORKERS=false. */
  start(): void;
  stop(): Promise<void>;
}

export function createJobs(o: JobsOptions): JobsModule {
  const jc = o.config;
  const registry = new JobTypeRegistry(
    o.contributions.flatMap((c) => c.types ?? []),
    { clock: o.clock, waitTimeoutMs: jc.waitTimeoutMs, pollIntervalMs: Math.min(250, jc.pollMs) }
  );
  const log = o.logger.child({ component: 'jobs' });
  const counters = new JobTransitionCounters();
  const listeners = [counters.listener, ...o.contributions.flatMap((c) => (c.listener ? [c.listener] : []))];
  // Lifecycle listeners (metrics, Grafana annotations) hear about start/finish after the write committed.
  const writes = new NotifyingJobWrites(o.db, o.mutations, o.clock, combineListeners(listeners, log), log);
  const runner = new JobRunner(
    o.db,
    writes,
    registry,
    {
      maxAttempts: jc.maxAttempts,
      retryBaseMs: jc.retryBaseMs,
      retryMaxMs: jc.retryMaxMs,
      approvalPolicy: jc.approvalPolicy,
      defaultStepTimeoutMs: Math.max(30_000, o.platformTimeoutMs * 3),
      platformTimeoutMs: o.platformTimeoutMs,
    },
    log
  );
  const engine = new JobEngine(
    o.db,
    runner,
    { concurrency: jc.concurrency, leaseMs: jc.leaseMs, pollMs: jc.pollMs },
    log,
    o.clock
  );
  const service = new JobsService(o.db, o.mutations, registry, {
    approvalPolicy: jc.approvalPolicy,
    workers: engine,
  });
  return {
    service,
    engine,
    registerMetrics: (metrics) => {
      registerJobMetrics(metrics, o.db, o.clock);
      counters.register(metrics);
    },
    start: () => {
      if (jc.workers) engine.start();
    },
    stop: () => engine.stop(),
  };
}
