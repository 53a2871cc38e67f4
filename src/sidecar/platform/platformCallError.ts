/**
 * The error every platform adapter (node admin API, Kubernetes) fails with: which system, what kind
 * of failure, and whether retrying can help. It never carries response bodies or secret values.
 */
import { DependencyError } from '../kernel/errors';

export type PlatformSystem = 'node-admin' | 'kubernetes' | 'tenant-registry';
export type PlatformErrorKind = 'timeout' | 'unreachable' | 'http' | 'refused';

const DEPENDENCY: Record<PlatformSystem, string> = {
  'node-admin': 'the node admin API',
  kubernetes: 'the Kubernetes API',
  'tenant-registry': 'the platform tenant registry',
};

export class PlatformCallError extends DependencyError {
  constructor(
    readonly system: PlatformSystem,
    kind: PlatformErrorKind,
    message: string,
    status?: number
  ) {
    super(DEPENDENCY[system], kind, message, status);
    this.name = 'PlatformCallError';
  }
  /** Timeouts, connection failures, 5xx, 429 and optimistic-concurrency conflicts (409) may succeed on retry. */
  get transient(): boolean {
    if (this.kind === 'timeout' || this.kind === 'unreachable') return true;
    return this.kind === 'http' && (this.status === 409 || this.status === 429 || (this.status ?? 0) >= 500);
  }
}

/** Default remediation for platform failures; steps add their own for the statuses they know. */
export function platformRemediation(err: PlatformCallError): string {
  const sys =
    err.system === 'kubernetes'
      ? 'the Kubernetes API (SWITCHYARD_K8S_URL)'
      : err.system === 'tenant-registry'
        ? 'the platform tenant registry (SWITCHYARD_PLATFORM_URL)'
        : 'the platform node admin API (SWITCHYARD_PLATFORM_URL)';
  if (err.kind === 'refused') return `Configure ${sys} and add its host to SWITCHYARD_OUTBOUND_HOSTS.`;
  if (err.kind === 'timeout') return `${sys} did not answer in time. Check its health and latency, then retry the job.`;
  if (err.kind === 'unreachable')
    return `${sys} is unreachable. Check the URL, network policy and that the service is up, then retry.`;
  if (err.status === 401)
    return `${sys} rejected the sidecar's credentials (401). Refresh SWITCHYARD_K8S_TOKEN or the platform credentials.`;
  if (err.status === 403)
    return `The sidecar is not allowed to do this (403). Grant its service account the needed RBAC verbs, then retry.`;
  if (err.status === 404)
    return 'The target does not exist (404). Check the name and environment, then create a new job.';
  if (err.status === 409)
    return 'The object kept changing concurrently (409 conflict). Wait for other writers to finish, then retry.';
  return `${sys} answered HTTP ${err.status}. Check its logs, then retry the job.`;
}
