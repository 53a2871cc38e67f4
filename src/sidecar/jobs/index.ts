/**
 * Builds the job module for the composition root: adapters (node admin API, Kubernetes), the
 * service behind the job endpoints, and the engine (workers) that app.ts starts and stops.
 */
import type { Logger } from 'pino';
import { KubernetesClient } from '../platform/kubernetes';
import { NodeAdminClient } from '../platform/nodeAdmin';
import type { Config } from '../kernel/config/config';
import type { JobLifecycleListener } from './jobLifecycle';
import type { Mutations } from '../kernel/mutations';
import { NotifyingJobWrites } from './notifyingJobWrites';
import type { TenantsService } from '../modules/tenants/tenants.service';
import type { Db } from '../kernel/database/schema';
import type { PlacementJobDeps } from '../modules/placement/jobs/placementJobDeps';
import type { Registry } from 'prom-client';
import { JobEngine } from './engine';
import { registerJobMetrics } from './jobs.metrics';
import { namespaceFor } from '../kernel/config/jobs';
import { JobsService } from './jobs.service';
import type { JobDeps } from './jobType';
import { JobWrites } from './jobWrites';
import { JobRunner } from './runner';
import { type Clock } from '../kernel/clock';

export interface JobsModule {
  service: JobsService;
  engine: JobEngine;
  /** Registers the job gauges (oldest running job, active jobs) on the app's metrics registry. */
  registerMetrics(registry: Registry): void;
  /** Starts the workers unless SWITCHYARD_JOB_WORKERS=false. */
  start(): void;
  stop(): Promise<void>;
}

export function createJobs(
  config: Config,
  db: Db,
  mutations: Mutations,
  tenants: TenantsService,
  logger: Logger,
  clock: Clock,
  placement?: PlacementJobDeps,
  lifecycle?: JobLifecycleListener
): JobsModule {
  const jc = config.jobs;
  const deps: JobDeps = {
    tenants,
    clock,
    nodeAdmin: new NodeAdminClient({
      baseUrl: config.platform.url,
      allowedHosts: config.platform.outboundHosts,
      timeoutMs: config.platform.timeoutMs,
    }),
    k8s: new KubernetesClient({
      url: jc.kubernetes.url,
      token: jc.kubernetes.token,
      timeoutMs: config.platform.timeoutMs,
    }),
    namespace: (env) => namespaceFor(jc.kubernetes.namespaceTemplate, env),
    waitTimeoutMs: jc.waitTimeoutMs,
    pollIntervalMs: Math.min(250, jc.pollMs),
    placement,
  };
  const log = logger.child({ component: 'jobs' });
  // Lifecycle listeners (Grafana annotations) hear about start/finish after the write committed.
  const writes = lifecycle
    ? new NotifyingJobWrites(db, mutations, clock, lifecycle, log)
    : new JobWrites(db, mutations, clock);
  const runner = new JobRunner(
    db,
    writes,
    deps,
    {
      maxAttempts: jc.maxAttempts,
      retryBaseMs: jc.retryBaseMs,
      retryMaxMs: jc.retryMaxMs,
      approvalPolicy: jc.approvalPolicy,
      defaultStepTimeoutMs: Math.max(30_000, config.platform.timeoutMs * 3),
      platformTimeoutMs: config.platform.timeoutMs,
    },
    log
  );
  const engine = new JobEngine(
    db,
    runner,
    { concurrency: jc.concurrency, leaseMs: jc.leaseMs, pollMs: jc.pollMs },
    log,
    clock
  );
  const service = new JobsService(db, mutations, deps, {
    approvalPolicy: jc.approvalPolicy,
    onRunnable: () => engine.wake(),
  });
  return {
    service,
    engine,
    registerMetrics: (registry) => registerJobMetrics(registry, db, clock),
    start: () => {
      if (jc.workers) engine.start();
    },
    stop: () => engine.stop(),
  };
}
