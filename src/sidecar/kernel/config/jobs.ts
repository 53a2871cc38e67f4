/**
 * The job engine's section of the sidecar configuration (part of the one schema in config.ts, so it
 * is parsed once at start-up with everything else and a bad value names its variable).
 */
import { z } from 'zod';
import { ENVIRONMENTS, JOB_TYPES, type Environment } from '../../../contract';
import { ConfigError, bool, csv, int, optionalHttpUrl, requireAllowedHost } from './helpers';

/** High-impact types that need a second operator in prod unless SWITCHYARD_APPROVAL_POLICY says otherwise. */
export const DEFAULT_APPROVAL_POLICY = [
  'tenant.drain',
  'tenant.suspend',
  'deployment.restart',
  'deployment.scale',
  'secret.rotate',
  'credentials.refresh',
  'deployment.rollout',
]
  .map((t) => `prod:${t}`)
  .join(',');

const PolicyEntry = z
  .string()
  .regex(
    new RegExp(`^(\\*|${ENVIRONMENTS.join('|')}):(\\*|${JOB_TYPES.map((t) => t.replace('.', '\\.')).join('|')})$`),
    'entries are <env|*>:<job type|*>, or `none`'
  );

export const JobsEnvShape = {
  SWITCHYARD_K8S_URL: optionalHttpUrl,
  SWITCHYARD_K8S_TOKEN: z.string().optional(),
  SWITCHYARD_K8S_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9{}-]{1,80}$/, 'must be a namespace, optionally with {env}')
    .default('platform-{env}'),
  SWITCHYARD_APPROVAL_POLICY: csv(DEFAULT_APPROVAL_POLICY)
    .transform((entries) => (entries.length === 1 && entries[0] === 'none' ? [] : entries))
    .pipe(z.array(PolicyEntry)),
  SWITCHYARD_JOB_WORKERS: bool(true),
  SWITCHYARD_JOB_CONCURRENCY: int(4, 1, 64),
  SWITCHYARD_JOB_LEASE_MS: int(10_000, 1_000, 600_000),
  SWITCHYARD_JOB_POLL_MS: int(500, 10, 60_000),
  SWITCHYARD_JOB_MAX_ATTEMPTS: int(5, 1, 20),
  SWITCHYARD_JOB_RETRY_BASE_MS: int(200, 1, 60_000),
  SWITCHYARD_JOB_RETRY_MAX_MS: int(5_000, 1, 600_000),
  SWITCHYARD_JOB_WAIT_TIMEOUT_MS: int(120_000, 1_000, 3_600_000),
};

export interface JobsConfig {
  workers: boolean;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Upper bound of convergence waits (rollouts, drains without their own timeout). */
  waitTimeoutMs: number;
  /** `env:type` pairs (`*` wildcards) that need a second operator's approval. */
  approvalPolicy: string[];
  kubernetes: { url: string | null; token: string | null; namespaceTemplate: string };
}

type JobsEnv = z.output<z.ZodObject<typeof JobsEnvShape>>;

export function toJobsConfig(e: JobsEnv, outboundHosts: readonly string[]): JobsConfig {
  requireAllowedHost('SWITCHYARD_K8S_URL', e.SWITCHYARD_K8S_URL, outboundHosts);
  if (e.SWITCHYARD_JOB_RETRY_MAX_MS < e.SWITCHYARD_JOB_RETRY_BASE_MS)
    throw new ConfigError('SWITCHYARD_JOB_RETRY_MAX_MS', 'must be at least SWITCHYARD_JOB_RETRY_BASE_MS');
  return {
    workers: e.SWITCHYARD_JOB_WORKERS,
    concurrency: e.SWITCHYARD_JOB_CONCURRENCY,
    leaseMs: e.SWITCHYARD_JOB_LEASE_MS,
    pollMs: e.SWITCHYARD_JOB_POLL_MS,
    maxAttempts: e.SWITCHYARD_JOB_MAX_ATTEMPTS,
    retryBaseMs: e.SWITCHYARD_JOB_RETRY_BASE_MS,
    retryMaxMs: e.SWITCHYARD_JOB_RETRY_MAX_MS,
    waitTimeoutMs: e.SWITCHYARD_JOB_WAIT_TIMEOUT_MS,
    approvalPolicy: e.SWITCHYARD_APPROVAL_POLICY,
    kubernetes: {
      url: e.SWITCHYARD_K8S_URL ?? null,
      token: e.SWITCHYARD_K8S_TOKEN || null,
      namespaceTemplate: e.SWITCHYARD_K8S_NAMESPACE,
    },
  };
}

export function namespaceFor(template: string, env: Environment): string {
  return template.replace(/\{env\}/g, env);
}
