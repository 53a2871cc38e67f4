/**
 * Reads the workloads of ONE namespace from the Kubernetes API (pods, deployments, cron jobs and
 * their jobs) with @kubernetes/client-node, for the health snapshot. Read-only; every read is
 * time-boxed; failures are classified into a safe code + message (no response bodies, no token).
 */
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  type V1CronJob,
  type V1Deployment,
  type V1Job,
  type V1Pod,
} from '@kubernetes/client-node';

export interface WorkloadSnapshot {
  pods: V1Pod[];
  deployments: V1Deployment[];
  cronJobs: V1CronJob[];
  jobs: V1Job[];
}

export interface WorkloadReader {
  readonly namespace: string;
  read(): Promise<WorkloadSnapshot>;
}

export type HealthReadErrorCode = 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not_found' | 'error';

export class HealthReadError extends Error {
  constructor(
    readonly code: HealthReadErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'HealthReadError';
  }
}

export interface KubernetesReaderOptions {
  url: string;
  token?: string;
  namespace: string;
  timeoutMs: number;
  /** Bound on the items read per kind (pods are the large list). */
  limit?: number;
}

/** Maps whatever the client threw to a code and a message that is safe to return and log. */
export function classifyError(err: unknown): HealthReadError {
  if (err instanceof HealthReadError) return err;
  const status = (err as { code?: unknown }).code;
  if (typeof status === 'number') {
    if (status === 401) return new HealthReadError('unauthorized', 'The Kubernetes API refused the token (401)');
    if (status === 403)
      return new HealthReadError('forbidden', 'The Kubernetes token may not list workloads in this namespace (403)');
    if (status === 404) return new HealthReadError('not_found', 'The Kubernetes API or namespace was not found (404)');
    return new HealthReadError('error', `The Kubernetes API answered HTTP ${status}`);
  }
  const text = `${String((err as Error)?.message ?? '')} ${String((err as { cause?: { code?: string } })?.cause?.code ?? '')}`;
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|EAI_AGAIN|socket hang up|fetch failed/i.test(text)) {
    return new HealthReadError('unreachable', 'The Kubernetes API is unreachable');
  }
  return new HealthReadError('error', 'The Kubernetes API could not be read');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HealthReadError('timeout', `The Kubernetes API did not answer within ${ms} ms`)),
      ms
    );
  });
  // A late answer after the timeout must not surface as an unhandled rejection.
  p.catch(() => undefined);
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createKubernetesReader(opts: KubernetesReaderOptions): WorkloadReader {
  const kc = new KubeConfig();
  // client-node refuses plain http unless TLS verification is "skipped"; there is no TLS to verify then.
  const insecureScheme = opts.url.startsWith('http://');
  kc.loadFromClusterAndUser(
    { name: 'platform', server: opts.url, skipTLSVerify: insecureScheme },
    { name: 'switchyard', ...(opts.token ? { token: opts.token } : {}) }
  );
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const namespace = opts.namespace;
  const limit = opts.limit ?? 2000;

  return {
    namespace,
    async read() {
      try {
        const [pods, deployments, cronJobs, jobs] = await withTimeout(
          Promise.all([
            core.listNamespacedPod({ namespace, limit }),
            apps.listNamespacedDeployment({ namespace, limit }),
            batch.listNamespacedCronJob({ namespace, limit }),
            batch.listNamespacedJob({ namespace, limit }),
          ]),
          opts.timeoutMs
        );
        return { pods: pods.items, deployments: deployments.items, cronJobs: cronJobs.items, jobs: jobs.items };
      } catch (err) {
        throw classifyError(err);
      }
    },
  };
}
