/** Every job type the engine can run, keyed by the contract's job type. */
import type { JobType } from '../../contract';
import type { JobTypeDef } from './jobType';
import { deploymentRestart, deploymentScale } from './types/deployment';
import { credentialsRefresh, secretRotate } from './types/secrets';
import { tenantDrain, tenantUndrain } from './types/tenantDrain';
import { tenantResume, tenantSuspend } from './types/tenantKillSwitch';
import { tenantMigrate } from '../placement/migrate.job';
import { rebalanceApply } from '../placement/rebalanceJob';
import { shardCordon, shardDrain, shardUncordon } from '../placement/shardJobs';

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
