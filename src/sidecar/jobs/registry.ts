/** Every job type the engine can run, keyed by the contract's job type. */
import type { JobType } from '../../contract';
import type { JobTypeDef } from './jobType';
import { deploymentRestart, deploymentScale } from '../modules/operations/jobs/deployment';
import { credentialsRefresh, secretRotate } from '../modules/operations/jobs/secrets';
import { tenantDrain, tenantUndrain } from '../modules/tenants/jobs/tenantDrain';
import { tenantResume, tenantSuspend } from '../modules/tenants/jobs/tenantKillSwitch';
import { tenantMigrate } from '../modules/placement/jobs/migrate.job';
import { rebalanceApply } from '../modules/placement/jobs/rebalance.job';
import { shardCordon, shardDrain, shardUncordon } from '../modules/placement/jobs/shard.jobs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const JOB_TYPE_DEFS: Record<JobType, JobTypeDef<any>> = {
  'tenant.drain': tenantDrain,
  'tenant.undrain': tenantUndrain,
  'tenant.suspend': tenantSuspend,
  'tenant.resume': tenantResume,
  'deployment.restart': deploymentRestart,
  'deployment.scale': deploymentScale,
  'secret.rotate': secretRotate,
  'credentials.refresh': credentialsRefresh,
  'tenant.migrate': tenantMigrate,
  'shard.cordon': shardCordon,
  'shard.uncordon': shardUncordon,
  'shard.drain': shardDrain,
  'rebalance.apply': rebalanceApply,
};
