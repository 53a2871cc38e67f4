/**
 * Operations: platform health (Kubernetes reader only when SWITCHYARD_K8S_URL is set), the alert
 * inbox (webhook only when SWITCHYARD_ALERT_WEBHOOK_TOKEN is set), job annotations on Grafana
 * dashboards (only when SWITCHYARD_GRAFANA_SA_TOKEN is set), the tenant overview, and the workload
 * job types (deployment restart/scale, secret rotation, credentials refresh).
 */
import { bindJobTypes, type ModuleJobs } from '../../jobs';
import { namespaceFor } from '../../kernel/config/jobs';
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { Platform } from '../../platform';
import { registerAlertWebhook } from './alertWebhook.routes';
import { AlertActionsService } from './alertActions.service';
import { AlertsService } from './alerts.service';
import { AnnotationsService, noAnnotations } from './annotations.service';
import { CredentialPushesService } from './credentialPushes.service';
import { acceptedPushes } from './credentialPushes.store';
import { HealthService } from './health.service';
import { deploymentRestart, deploymentScale } from './jobs/deployment';
import { credentialsRefresh, secretRotate } from './jobs/secrets';
import { operationsMigrations } from './operations.migrations';
import { operationsRoutes } from './operations.routes';
import { OverviewService } from './overview.service';

type OperationsDeps = ModuleContext & Pick<Platform, 'kubernetes' | 'kubernetesHealth' | 'grafana' | 'alertmanager'>;

export const operationsModule: SidecarModule<OperationsDeps, object, ModuleJobs> = {
  name: 'operations',
  migrations: operationsMigrations,
  create({ config, db, mutations, logger, clock, kubernetes, kubernetesHealth, grafana, alertmanager }) {
    const { operations, jobs } = config;
    const log = logger.child({ component: 'operations' });
    if (!kubernetesHealth)
      log.info('Kubernetes API not configured (SWITCHYARD_K8S_URL unset): platform health is unknown');
    const health = new HealthService(
      kubernetesHealth,
      {
        environments: operations.health.environments,
        namespaceFor: (env) => namespaceFor(jobs.kubernetes.namespaceTemplate, env),
        refreshMs: operations.health.refreshMs,
        cronWindowMinutes: operations.health.cronWindowMinutes,
      },
      log,
      clock,
      db
    );
    const alertActions = new AlertActionsService(db, mutations, alertmanager, clock, log);
    const alerts = new AlertsService(db, { retentionMs: operations.alerts.retentionMs }, log, clock, alertActions);
    const annotations = grafana ? new AnnotationsService(grafana, log, clock) : noAnnotations;
    const workloads = {
      k8s: kubernetes,
      namespace: (env: Parameters<typeof namespaceFor>[1]) => namespaceFor(jobs.kubernetes.namespaceTemplate, env),
      credentialPushes: {
        accepted: async (jobId: string) => (await acceptedPushes(db, jobId))[0] ?? null,
        timeoutMs: operations.credentials.pushTimeoutMs,
      },
    };
    return {
      exports: {},
      routes: operationsRoutes({
        health,
        alerts,
        alertActions,
        overview: new OverviewService(db),
        credentialPushes: new CredentialPushesService(db, mutations, clock),
      }),
      directRoutes: (app) => registerAlertWebhook(app, { token: operations.alerts.webhookToken ?? undefined, alerts }),
      jobs: {
        types: bindJobTypes(workloads, [deploymentRestart, deploymentScale, secretRotate, credentialsRefresh]),
        // The job engine tells the annotations about start/finish; nothing when annotations are off.
        listener: annotations === noAnnotations ? undefined : annotations,
      },
      start: () => health.start(),
      stop: async () => {
        await health.stop();
        await annotations.idle();
      },
    };
  },
};
