/**
 * Deployments: the version matrix (service kind × environment × shard) read from Kubernetes, the
 * `deployment.rollout` job (preflight → gated canary steps → promote → verify, or automatic
 * rollback), pause/resume/abort, and deploy freezes honoured by every rollout's preflight.
 */
import { bindJobTypes, type ModuleJobs } from '../../jobs';
import { namespaceFor } from '../../kernel/config/jobs';
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { Platform } from '../../platform';
import type { DeploymentsPlatform } from './deployments.platform';
import { deploymentsMigrations } from './deployments.migrations';
import { deploymentsRoutes } from './deployments.routes';
import { DeploymentsService } from './deployments.service';
import { deploymentRollout } from './jobs/rollout';

type DeploymentsDeps = ModuleContext & Pick<Platform, 'kubernetes' | 'victoriaMetrics' | 'imageRegistry'>;

export const deploymentsModule: SidecarModule<DeploymentsDeps, object, ModuleJobs> = {
  name: 'deployments',
  migrations: deploymentsMigrations,
  create({ config, db, mutations, logger, clock, kubernetes, victoriaMetrics, imageRegistry }) {
    const platform: DeploymentsPlatform = {
      k8s: kubernetes,
      registry: imageRegistry,
      vm: victoriaMetrics,
      clock,
      namespace: (env) => namespaceFor(config.jobs.kubernetes.namespaceTemplate, env),
    };
    const service = new DeploymentsService(db, mutations, platform, logger.child({ component: 'deployments' }));
    return {
      exports: {},
      routes: deploymentsRoutes(service),
      jobs: {
        types: bindJobTypes({ ...platform, db, mutations }, [deploymentRollout]),
        listener: service.listener,
      },
    };
  },
};
