import type { EngineDeps } from '../../../jobs/jobType';
import type { Db } from '../../../kernel/database/schema';
import type { Mutations } from '../../../kernel/mutations';
import type { DeploymentsPlatform } from '../deployments.platform';

/** What the rollout job needs besides the engine's deps. */
export type RolloutJobDeps = EngineDeps &
  DeploymentsPlatform & {
    db: Db;
    mutations: Mutations;
  };
