/**
 * Assembles the operations read side for the composition root (app.ts): platform health (Kubernetes
 * reader only when SWITCHYARD_K8S_URL is set), the alert inbox (webhook only when
 * SWITCHYARD_ALERT_WEBHOOK_TOKEN is set) and the job annotation listener (only when
 * SWITCHYARD_GRAFANA_SA_TOKEN is set).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createGrafanaClient } from '../../platform/grafana';
import { createKubernetesReader } from '../../platform/kubernetesHealthReader';
import type { Config } from '../../kernel/config/config';
import { namespaceFor } from '../../kernel/config/jobs';
import { registerAlertWebhook } from './alertWebhook.routes';
import { alertsRoutes } from './alerts.routes';
import { overviewRoutes } from './overview.routes';
import { platformHealthRoutes } from './platformHealth.routes';
import { mergeHandlers, type RouteHandlers } from '../../kernel/registrar';
import type { Db } from '../../kernel/database/schema';
import { AlertsService } from './alerts.service';
import { AnnotationsService, noAnnotations } from './annotations.service';
import { HealthService } from './health.service';
import type { JobLifecycleListener } from '../../jobs/jobLifecycle';
import { OverviewService } from './overview.service';
import { type Clock } from '../../kernel/clock';

export interface OperationsFeature {
  health: HealthService;
  alerts: AlertsService;
  /** Give this to the job engine: annotates job start/finish on Grafana dashboards. */
  annotations: JobLifecycleListener & { idle(): Promise<void> };
  /** What the job engine should notify: the annotations, or undefined when they are off (no extra reads). */
  jobListener: JobLifecycleListener | undefined;
  routes: RouteHandlers;
  /** Routes outside the proxied endpoint table (the Alertmanager webhook). */
  registerDirectRoutes(app: FastifyInstance): void;
  start(): void;
  stop(): Promise<void>;
}

export function buildOperations(
  config: Pick<Config, 'operations' | 'jobs' | 'grafana'>,
  deps: { db: Db; logger: Logger; clock: Clock }
): OperationsFeature {
  const { operations, jobs, grafana } = config;
  const log = deps.logger.child({ component: 'operations' });
  const namespace = namespaceFor(jobs.kubernetes.namespaceTemplate, operations.health.environment);
  const reader = jobs.kubernetes.url
    ? createKubernetesReader({
        url: jobs.kubernetes.url,
        token: jobs.kubernetes.token ?? undefined,
        namespace,
        timeoutMs: operations.health.timeoutMs,
      })
    : null;
  if (!reader) log.info('Kubernetes API not configured (SWITCHYARD_K8S_URL unset): platform health is unknown');
  const health = new HealthService(
    reader,
    {
      namespace,
      environment: operations.health.environment,
      refreshMs: operations.health.refreshMs,
      cronWindowMinutes: operations.health.cronWindowMinutes,
    },
    log,
    deps.clock
  );
  const alerts = new AlertsService(deps.db, { retentionMs: operations.alerts.retentionMs }, log, deps.clock);
  const annotations = operations.annotations.saToken
    ? new AnnotationsService(
        createGrafanaClient({
          url: operations.annotations.apiUrl ?? grafana.url,
          token: operations.annotations.saToken,
          timeoutMs: operations.annotations.timeoutMs,
        }),
        log,
        deps.clock
      )
    : noAnnotations;
  return {
    health,
    alerts,
    annotations,
    jobListener: annotations === noAnnotations ? undefined : annotations,
    routes: mergeHandlers(
      platformHealthRoutes(health),
      alertsRoutes(alerts),
      overviewRoutes(new OverviewService(deps.db))
    ),
    registerDirectRoutes: (app) =>
      registerAlertWebhook(app, { token: operations.alerts.webhookToken ?? undefined, alerts }),
    start: () => health.start(),
    stop: async () => {
      await health.stop();
      await annotations.idle();
    },
  };
}
