import type { Environment } from '../../../../contract';
import type { EngineDeps } from '../../../jobs/jobType';
import type { KubernetesClient } from '../../../platform/kubernetes';

/** What deployment and secret job types need besides the engine's deps. */
export type WorkloadJobDeps = EngineDeps & { k8s: KubernetesClient; namespace(env: Environment): string };
