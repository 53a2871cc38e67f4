/** The approvals policy: which (environment, job type) pairs need a second operator's approval. */
import type { Environment, JobType } from '../../contract';

export function needsApproval(policy: string[], env: Environment, type: JobType): boolean {
  return policy.some((p) => {
    const [e, t] = p.split(':');
    return (e === '*' || e === env) && (t === '*' || t === type);
  });
}
