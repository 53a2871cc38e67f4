import type { Environment } from '../../../../contract';
import type { EngineDeps } from '../../../jobs/jobType';
import type { KubernetesClient } from '../../../platform/kubernetes';

/** The accepted credentials push of a job (fingerprint only), as the waiting step reads it. */
export interface AcceptedCredentialPush {
  fingerprint: string;
  pushedBy: string;
  receivedAt: string;
}

/** What deployment and secret job types need besides the engine's deps. */
export type WorkloadJobDeps = EngineDeps & {
  k8s: KubernetesClient;
  namespace(env: Environment): string;
  /** Where credentials.refresh looks for the push it waits for, and how long it waits. */
  credentialPushes: { accepted(jobId: string): Promise<AcceptedCredentialPush | null>; timeoutMs: number };
};
