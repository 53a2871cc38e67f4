/**
 * Credentials pushes: the last external step of `credentials.refresh`. After the job wrote the new
 * secret, the credentials agent (its own RBAC action, `credentials:push`) applies the value where the
 * workload authenticates (the database user) and pushes it back to
 * `POST /api/v1/credential-pushes/:id` (the job id). The sidecar accepts it only for the job's own
 * target, in the job's format, issued after the job wrote the secret, and equal to what the job
 * wrote; then the job restarts the workload. The value is write-only: no response, log line, audit
 * entry or metric ever carries it (the audit records a SHA-256 fingerprint prefix).
 */
import { z } from 'zod';
import { IsoDateSchema } from './common';
import { K8sNameSchema, SecretKeySchema } from './jobs';
import { EnvironmentSchema } from './tenants';

/** The step of credentials.refresh that waits for the push. */
export const CREDENTIALS_PUSH_STEP = 'await-push';

/**
 * Annotations on the Secret a credentials.refresh (re)creates: the job id and the job type. The
 * credentials agent watches Secrets for them: one created with job type `credentials.refresh` holds new
 * credentials to apply and push back to `POST /api/v1/credential-pushes/<job id>`. (Secrets written by
 * other jobs carry the job id only.)
 */
export const SECRET_JOB_ANNOTATION = 'switchyard.dev/job';
export const SECRET_JOB_TYPE_ANNOTATION = 'switchyard.dev/job-type';

export const CredentialPushSchema = z.object({
  /** Must equal the job's target: environment, secret and key. */
  environment: EnvironmentSchema,
  secret: K8sNameSchema,
  key: SecretKeySchema,
  /** The credential as applied by the agent (write-only). */
  value: z.string().min(1, 'value is required').max(4096, 'value is at most 4096 characters'),
  /** When the agent applied it; must not predate the job's write of the secret, nor lie in the future. */
  issuedAt: IsoDateSchema,
});
export type CredentialPush = z.infer<typeof CredentialPushSchema>;

export const CredentialPushResultSchema = z.object({
  jobId: z.string(),
  accepted: z.literal(true),
  /** First 16 hex digits of the value's SHA-256: enough to compare, useless to authenticate. */
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  receivedAt: IsoDateSchema,
});
export type CredentialPushResult = z.infer<typeof CredentialPushResultSchema>;
