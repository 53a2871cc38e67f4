/**
 * Accepts the credentials push a credentials.refresh job waits for, or refuses it with the reason:
 * the job must be a credentials refresh that wrote its secret and has not finished waiting (409);
 * the push must name the job's environment, secret and key, be in the job's format, be issued after
 * the job wrote the secret (and not in the future), and carry exactly the value the job wrote (400,
 * naming the field). Acceptance and refusals are audited with the value's fingerprint only.
 */
import {
  CREDENTIALS_PUSH_STEP,
  ErrorCode,
  type CredentialPush,
  type CredentialPushResult,
  type JobParams,
  type JobStep,
} from '../../../contract';
import { getJobRow, getSteps } from '../../jobs/jobs.store';
import type { Clock } from '../../kernel/clock';
import type { Db } from '../../kernel/database/schema';
import { DomainError, notFound, validationFailed } from '../../kernel/errors';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import { ALL_TENANTS } from '../../kernel/scope';
import { acceptedPushes, PUSH_ACTION } from './credentialPushes.store';
import { credentialFingerprint, formatProblem, sha256 } from './jobs/credentialValues';

/** Clock skew tolerated between the agent and the sidecar. */
const SKEW_MS = 60_000;
const CREATE_STEP = 'create-secret';

export class CredentialPushesService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly clock: Clock
  ) {}

  /**
   * Not scoped by entitlements. The pusher is the platform's credentials agent: a service principal
   * that no Grafana team or org role maps to tenants, authorized by its own action
   * (`credentials:push`, in no basic role) for every tenant it serves. Entitlements decide which
   * tenants people see; scoping this would refuse every push once they are enforced. A push still
   * has to name the job's target and carry the value the job wrote (its digest), so the action
   * alone cannot plant credentials.
   */
  async push(ctx: MutationContext, jobId: string, body: CredentialPush): Promise<CredentialPushResult> {
    const fingerprint = credentialFingerprint(body.value);
    const refuse = async (err: DomainError): Promise<never> => {
      await this.mutations.recordOutcome(
        { ...ctx, jobId: err.code === ErrorCode.notFound ? null : jobId },
        {
          action: PUSH_ACTION,
          targetType: 'job',
          targetId: jobId,
          reason: null,
          outcome: 'failure',
          details: { error: err.code, field: err.extra.field ?? null, message: err.message, fingerprint },
        }
      );
      throw err;
    };
    const problem = await this.check(jobId, body, fingerprint);
    if (problem) return refuse(problem);

    return this.mutations.run({ ...ctx, jobId }, async (trx, { now, audit }) => {
      // Appending first takes the audit head (serializes appenders), so two racing pushes cannot both win.
      const entry = await audit({
        action: PUSH_ACTION,
        targetType: 'job',
        targetId: jobId,
        reason: null,
        outcome: 'success',
        details: {
          fingerprint,
          environment: body.environment,
          secret: body.secret,
          key: body.key,
          issuedAt: body.issuedAt,
        },
      });
      const accepted = await acceptedPushes(trx, jobId);
      if (accepted.length > 1 || accepted[0]?.seq !== entry.seq) throw alreadyReceived(jobId);
      return { jobId, accepted: true as const, fingerprint, receivedAt: now.toISOString() };
    });
  }

  /** The first reason the push cannot be accepted, or null. */
  private async check(jobId: string, body: CredentialPush, fingerprint: string): Promise<DomainError | null> {
    const row = await getJobRow(this.db, jobId, ALL_TENANTS);
    if (!row) return notFound('Job', jobId);
    if (row.type !== 'credentials.refresh')
      return conflict(`Job ${jobId} is a ${row.type}; only a credentials.refresh waits for credentials`);
    const steps = await getSteps(this.db, jobId);
    const created = steps.find((s) => s.name === CREATE_STEP);
    const waiting = steps.find((s) => s.name === CREDENTIALS_PUSH_STEP);
    if ((await acceptedPushes(this.db, jobId)).length > 0) return alreadyReceived(jobId);
    if (!created || !waiting || Number(row.active) !== 1 || created.status !== 'succeeded' || !open(waiting))
      return conflict(
        `Job ${jobId} is not waiting for credentials (job ${row.status}, step "${waiting?.name ?? CREDENTIALS_PUSH_STEP}" ${waiting?.status ?? 'absent'}); push after it wrote the secret and before it times out`
      );
    return this.checkContent(
      jobId,
      JSON.parse(row.params) as JobParams<'credentials.refresh'>,
      JSON.parse(row.context) as PushContext,
      Date.parse(created.startedAt ?? row.created_at),
      body,
      fingerprint
    );
  }

  /** Target, format, freshness and value of a push to a job that waits for one. */
  private checkContent(
    jobId: string,
    params: JobParams<'credentials.refresh'>,
    context: PushContext,
    writtenAt: number,
    body: CredentialPush,
    fingerprint: string
  ): DomainError | null {
    for (const field of ['environment', 'secret', 'key'] as const) {
      if (body[field] !== params[field])
        return validationFailed(
          field,
          `${field} must be "${params[field]}" (job ${jobId} refreshes ${params.environment}/${params.secret} key ${params.key})`
        );
    }
    const formatError = formatProblem(params.format, body.value, context.urlTemplate);
    if (formatError) return validationFailed('value', formatError);
    const issued = Date.parse(body.issuedAt);
    if (issued < writtenAt - SKEW_MS)
      return validationFailed(
        'issuedAt',
        `issuedAt is before the job wrote the new secret (${new Date(writtenAt).toISOString()}): the pushed credentials are stale`
      );
    if (issued > this.clock.now().getTime() + SKEW_MS)
      return validationFailed('issuedAt', 'issuedAt is in the future; check the credentials agent clock');
    if (!context.createdSha || sha256(body.value) !== context.createdSha)
      return validationFailed(
        'value',
        `The pushed credentials (fingerprint ${fingerprint}) are not the ones job ${jobId} wrote to secret ${params.secret}; push the value the secret holds now`
      );
    return null;
  }
}

/** What credentials.refresh remembered about the value it wrote (never the value). */
interface PushContext {
  urlTemplate?: string;
  createdSha?: string;
}

const open = (s: JobStep) => s.status === 'pending' || s.status === 'running';
const conflict = (message: string) => new DomainError(ErrorCode.conflict, message);
const alreadyReceived = (jobId: string) =>
  new DomainError(ErrorCode.conflict, `Credentials for job ${jobId} were already received; nothing to do`);
