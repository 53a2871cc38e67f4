import {
  CredentialsRefreshParamsSchema,
  DeploymentScaleParamsSchema,
  SecretRotateParamsSchema,
  type CreateJob,
  type Environment,
  type JobSource,
} from '../contract';

/** A deployment the operator acts on: where it runs and, when known, its replicas and allowed range. */
export interface DeploymentRef {
  environment: Environment;
  deployment: string;
  tenantId?: string;
  replicas?: number;
  minReplicas?: number;
  maxReplicas?: number;
}

export interface SecretRef {
  environment: Environment;
  tenantId?: string;
}

export type SecretFormat = 'random' | 'url-password';

/** What the scale form holds (text as typed) and what the rotate form holds. */
export interface ScaleDraft {
  replicas: string;
}
export interface RotateDraft {
  secret: string;
  key: string;
  format: SecretFormat;
}

export type FieldErrors = Partial<Record<'replicas' | 'secret' | 'key' | 'format', string>>;

type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** The first message per field of a contract schema's issues. */
function fieldErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const field = String(i.path[0] ?? '') as keyof FieldErrors;
    out[field] ??= i.message;
  }
  return out;
}

/**
 * The scale draft as job params: a whole number the contract accepts, inside the deployment's
 * allowed range when the page knows it (the preflight checks the range again either way).
 */
export function parseScale(ref: DeploymentRef, draft: ScaleDraft): Result<{ replicas: number }> {
  const text = draft.replicas.trim();
  if (!/^-?\d+$/.test(text)) {
    return { ok: false, errors: { replicas: 'Replicas must be a whole number' } };
  }
  const replicas = Number(text);
  const parsed = DeploymentScaleParamsSchema.safeParse({
    environment: ref.environment,
    deployment: ref.deployment,
    replicas,
  });
  if (!parsed.success) {
    const e = fieldErrors(parsed.error.issues);
    return { ok: false, errors: { replicas: e.replicas ?? Object.values(e)[0] } };
  }
  const { minReplicas: min, maxReplicas: max } = ref;
  if (min !== undefined && max !== undefined && (replicas < min || replicas > max)) {
    return {
      ok: false,
      errors: { replicas: `Replicas must be between ${min} and ${max} for ${ref.deployment}` },
    };
  }
  return { ok: true, value: { replicas } };
}

type SecretParse =
  | { success: true; data: RotateDraft }
  | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };

/** The secret, key and format a contract schema accepted, or its message per field. */
function secretDraft(parsed: SecretParse): Result<RotateDraft> {
  if (!parsed.success) {
    return { ok: false, errors: fieldErrors(parsed.error.issues) };
  }
  return { ok: true, value: { secret: parsed.data.secret, key: parsed.data.key, format: parsed.data.format } };
}

const trimmed = (draft: RotateDraft) => ({ secret: draft.secret.trim(), key: draft.key.trim(), format: draft.format });

export function parseRotate(ref: SecretRef, draft: RotateDraft): Result<RotateDraft> {
  return secretDraft(SecretRotateParamsSchema.safeParse({ environment: ref.environment, ...trimmed(draft) }));
}

/** A credentials refresh of `ref.deployment`: the secret it reads, which key, in which format (same fields as a rotation). */
export function parseRefresh(ref: DeploymentRef, draft: RotateDraft): Result<RotateDraft> {
  return secretDraft(
    CredentialsRefreshParamsSchema.safeParse({
      environment: ref.environment,
      deployment: ref.deployment,
      ...trimmed(draft),
    })
  );
}

const tenantOf = (ref: { tenantId?: string }) => (ref.tenantId ? { tenantId: ref.tenantId } : {});

export function scaleJob(ref: DeploymentRef, replicas: number, reason: string, source: JobSource): CreateJob {
  return {
    type: 'deployment.scale',
    params: { environment: ref.environment, deployment: ref.deployment, replicas, ...tenantOf(ref) },
    reason,
    source,
  };
}

export function restartJob(ref: DeploymentRef, reason: string, source: JobSource): CreateJob {
  return {
    type: 'deployment.restart',
    params: { environment: ref.environment, deployment: ref.deployment, ...tenantOf(ref) },
    reason,
    source,
  };
}

export function rotateJob(ref: SecretRef, draft: RotateDraft, reason: string, source: JobSource): CreateJob {
  return {
    type: 'secret.rotate',
    params: {
      environment: ref.environment,
      secret: draft.secret,
      key: draft.key,
      format: draft.format,
      ...tenantOf(ref),
    },
    reason,
    source,
  };
}

export function refreshJob(ref: DeploymentRef, draft: RotateDraft, reason: string, source: JobSource): CreateJob {
  const rotate = rotateJob(ref, draft, reason, source);
  return {
    ...rotate,
    type: 'credentials.refresh',
    params: { ...rotate.params, deployment: ref.deployment },
  } as CreateJob;
}
