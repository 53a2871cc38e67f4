/**
 * credentials.refresh's "waiting for credentials" step: after the job wrote the new secret, the
 * credentials agent applies it where the workload authenticates and pushes it back
 * (`POST /api/v1/credential-pushes/:job`, validated there). This step only waits for the accepted
 * push recorded in the audit chain, so a crash or a takeover while waiting loses nothing: the next
 * worker finds the push (or keeps waiting) and goes on to the restart.
 */
import { CREDENTIALS_PUSH_STEP, type JobParams } from '../../../../contract';
import { waitFor, type StepDef } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import type { WorkloadJobDeps } from './workloadJobDeps';

type Refresh = JobParams<'credentials.refresh'>;

export const awaitPushStep: StepDef<Refresh, WorkloadJobDeps> = {
  name: CREDENTIALS_PUSH_STEP,
  title: 'Wait for the credentials agent to push the new credentials',
  // The wait is bounded by SWITCHYARD_CREDENTIALS_PUSH_TIMEOUT_MS (at most 1 h); this is only the outer box.
  timeoutMs: 3_700_000,
  interruptible: true,
  async run(ctx) {
    const push = await waitFor(
      ctx,
      ctx.deps.credentialPushes.timeoutMs,
      async () => (await ctx.deps.credentialPushes.accepted(ctx.jobId)) ?? undefined,
      () =>
        new StepError(
          'credentials_not_pushed',
          `No valid credentials were pushed for secret ${ctx.params.secret} within ${Math.round(ctx.deps.credentialPushes.timeoutMs / 1000)} s`,
          `The secret already holds the new value, but the workload was not restarted. Check that the credentials agent (role "Switchyard Credentials Agent") ran and was not refused (the audit lists refused pushes with their reason); then run credentials.refresh again.`
        )
    );
    return { pushed: true, fingerprint: push.fingerprint, pushedBy: push.pushedBy, receivedAt: push.receivedAt };
  },
  remediation: (err) =>
    err instanceof StepError
      ? err.remediation
      : 'The job could not read the audit store while waiting for the push; check the sidecar database, then run credentials.refresh again.',
};
