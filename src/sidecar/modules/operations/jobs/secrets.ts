/**
 * secret.rotate (write new → verify → promote → retire) and credentials.refresh (delete secret →
 * create secret → wait for the credentials agent's push → restart deployment → verify auth). New values are generated here and written
 * straight to Kubernetes: they never enter a response, a log line, the audit or the job store; the
 * job remembers only a SHA-256 of the staged value (to verify it) and which objects it wrote
 * (annotations carry the job id, so a replay recognises its own writes and does not repeat them).
 */
import { randomBytes } from 'node:crypto';
import { SECRET_JOB_ANNOTATION, SECRET_JOB_TYPE_ANNOTATION, type JobParams } from '../../../../contract';
import { check, waitFor, type JobTypeDef, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { deploymentCheck, k8sRemediation, k8sTarget, restartStep } from './deployment';
import type { WorkloadJobDeps } from './workloadJobDeps';
import { PlatformCallError } from '../../../platform/platformCallError';
import { awaitPushStep } from './awaitPushStep';
import { sha256 as sha } from './credentialValues';

type Rotate = JobParams<'secret.rotate'>;
type Refresh = JobParams<'credentials.refresh'>;
type SecretParams = Rotate | Refresh;

export const JOB_ANNOTATION = SECRET_JOB_ANNOTATION;
const stagingName = (secret: string) => `${secret}-next`;

function generate(format: SecretParams['format'], current: string | undefined): string {
  const token = randomBytes(24).toString('base64url');
  if (format === 'random') return token;
  const u = new URL(current ?? '');
  u.password = token;
  return u.toString();
}

/** For url-password, a URL template with the password removed: not secret, safe to persist. */
function urlTemplate(value: string | undefined): string {
  try {
    const u = new URL(value ?? '');
    u.password = '';
    return u.toString();
  } catch {
    throw new StepError(
      'not_a_url',
      'The current value is not a URL, so its password cannot be replaced',
      'Use format "random", or fix the secret so the key holds a URL.'
    );
  }
}

async function secretPreflight(p: SecretParams, deps: WorkloadJobDeps, needsUrl: boolean) {
  if (!deps.k8s.configured)
    return {
      checks: [check('kubernetes-api', false, 'The Kubernetes API is not configured (SWITCHYARD_K8S_URL)', null)],
      rv: null as string | null,
    };
  const ns = deps.namespace(p.environment);
  try {
    const s = await deps.k8s.readSecret(ns, p.secret);
    if (!s) return { checks: [check('secret', false, `Secret ${p.secret} not found in ${ns}`, null)], rv: null };
    const keys = Object.keys(s.data).sort();
    const checks = [check('secret', true, `Secret ${p.secret} exists`, { keys })];
    if (p.format === 'url-password') {
      let isUrl = false;
      try {
        isUrl = Boolean(new URL(s.data[p.key] ?? '').host);
      } catch {
        isUrl = false;
      }
      checks.push(
        check(
          'key-is-url',
          isUrl,
          isUrl ? `Key ${p.key} holds a URL` : `Key ${p.key} is missing or not a URL`,
          keys.includes(p.key)
        )
      );
    }
    if (needsUrl) {
      const staging = await deps.k8s.readSecret(ns, stagingName(p.secret));
      checks.push(
        check(
          'no-staging-secret',
          staging === null,
          staging ? `${stagingName(p.secret)} exists (an unfinished rotation?)` : 'No leftover staging secret',
          staging !== null,
          false
        )
      );
    }
    return { checks, rv: s.resourceVersion };
  } catch (err) {
    return {
      checks: [
        check('secret', false, err instanceof PlatformCallError ? err.message : 'Kubernetes API unreadable', null),
      ],
      rv: null,
    };
  }
}

const ns = (ctx: StepContext<SecretParams, WorkloadJobDeps>) => ctx.deps.namespace(ctx.params.environment);

export const secretRotate: JobTypeDef<Rotate, WorkloadJobDeps> = {
  type: 'secret.rotate',
  target: async (p, deps) => k8sTarget('secret', p.secret, p, deps),
  async preflight(p, target, deps) {
    const { checks, rv } = await secretPreflight(p, deps, true);
    return {
      checks,
      diff: rv
        ? [
            {
              resource: target.target,
              field: `data.${p.key}`,
              from: `(value at resourceVersion ${rv})`,
              to: '(new generated value, write-only)',
            },
          ]
        : [],
    };
  },
  steps: [
    {
      name: 'write-new',
      title: 'Write the new value to a staging secret',
      async run(ctx) {
        const name = stagingName(ctx.params.secret);
        const staged = await ctx.deps.k8s.readSecret(ns(ctx), name);
        if (staged && staged.annotations[JOB_ANNOTATION] === ctx.jobId && ctx.context.stagedSha)
          return { staging: name, key: ctx.params.key, alreadyWritten: true };
        if (staged)
          throw new StepError(
            'staging_exists',
            `${name} already exists and was not written by this job`,
            `Another rotation may be running or was abandoned. Check ${name}, delete it if stale, then create a new job.`
          );
        const current = (await ctx.deps.k8s.readSecret(ns(ctx), ctx.params.secret))?.data[ctx.params.key];
        const value = generate(ctx.params.format, current);
        await ctx.remember({ stagedSha: sha(value) });
        await ctx.deps.k8s.createSecret(ns(ctx), name, { [ctx.params.key]: value }, { [JOB_ANNOTATION]: ctx.jobId });
        return { staging: name, key: ctx.params.key, written: true };
      },
      compensate: {
        title: 'Delete the staging secret',
        run: async (ctx) => ({
          stagingDeleted: await ctx.deps.k8s.deleteSecret(ns(ctx), stagingName(ctx.params.secret)),
        }),
      },
      remediation: k8sRemediation('create on secrets'),
    },
    {
      name: 'verify-new',
      title: 'Read back and verify the staged value',
      async run(ctx) {
        const staged = await ctx.deps.k8s.readSecret(ns(ctx), stagingName(ctx.params.secret));
        const v = staged?.data[ctx.params.key];
        if (v === undefined || sha(v) !== ctx.context.stagedSha) {
          throw new StepError(
            'verification_failed',
            'The staged value does not match what this job wrote',
            `Someone changed ${stagingName(ctx.params.secret)}. Delete it, then create a new job.`
          );
        }
        return { verified: true, key: ctx.params.key, resourceVersion: staged?.resourceVersion };
      },
      remediation: k8sRemediation('get on secrets'),
    },
    {
      name: 'promote',
      title: 'Promote the new value into the secret',
      async run(ctx) {
        const main = await ctx.deps.k8s.readSecret(ns(ctx), ctx.params.secret);
        if (!main)
          throw new StepError(
            'secret_missing',
            `Secret ${ctx.params.secret} disappeared`,
            'Recreate the secret (or run credentials.refresh), then create a new job.'
          );
        if (main.annotations[JOB_ANNOTATION] === ctx.jobId)
          return { key: ctx.params.key, resourceVersion: main.resourceVersion, alreadyPromoted: true };
        const staged = await ctx.deps.k8s.readSecret(ns(ctx), stagingName(ctx.params.secret));
        const v = staged?.data[ctx.params.key];
        if (v === undefined || sha(v) !== ctx.context.stagedSha)
          throw new StepError(
            'verification_failed',
            'The staged value changed before promotion',
            'Delete the staging secret, then create a new job.'
          );
        const after = await ctx.deps.k8s.replaceSecret(
          ns(ctx),
          ctx.params.secret,
          { [ctx.params.key]: v },
          { [JOB_ANNOTATION]: ctx.jobId },
          main.resourceVersion
        );
        return { key: ctx.params.key, resourceVersion: { from: main.resourceVersion, to: after.resourceVersion } };
      },
      remediation: k8sRemediation('get and update on secrets'),
    },
    {
      name: 'retire-old',
      title: 'Retire the old value (remove the staging copy)',
      async run(ctx) {
        const deleted = await ctx.deps.k8s.deleteSecret(ns(ctx), stagingName(ctx.params.secret));
        const main = await ctx.deps.k8s.readSecret(ns(ctx), ctx.params.secret);
        return { stagingDeleted: deleted, promotedBy: main?.annotations[JOB_ANNOTATION] === ctx.jobId };
      },
      remediation: k8sRemediation('delete on secrets'),
    },
  ],
};

export const credentialsRefresh: JobTypeDef<Refresh, WorkloadJobDeps> = {
  type: 'credentials.refresh',
  target: async (p, deps) => k8sTarget('secret', p.secret, p, deps),
  async preflight(p, target, deps) {
    const s = await secretPreflight(p, deps, false);
    const d = await deploymentCheck(deps, p.environment, p.deployment);
    return {
      checks: [...s.checks, ...d.checks],
      diff: [
        ...(s.rv
          ? [
              {
                resource: target.target,
                field: `data.${p.key}`,
                from: `(value at resourceVersion ${s.rv})`,
                to: '(deleted, then recreated with a new value)',
              },
            ]
          : []),
        ...(d.d
          ? [
              {
                resource: `${deps.namespace(p.environment)}/deployment/${p.deployment}`,
                field: 'metadata.generation',
                from: d.d.generation,
                to: d.d.generation + 1,
              },
            ]
          : []),
      ],
    };
  },
  steps: [
    {
      name: 'delete-secret',
      title: 'Delete the old secret',
      async run(ctx) {
        const cur = await ctx.deps.k8s.readSecret(ns(ctx), ctx.params.secret);
        if (!cur) return { deleted: false, alreadyAbsent: true };
        if (cur.annotations[JOB_ANNOTATION] === ctx.jobId) return { deleted: false, alreadyRecreated: true };
        if (ctx.params.format === 'url-password' && ctx.context.urlTemplate === undefined)
          await ctx.remember({ urlTemplate: urlTemplate(cur.data[ctx.params.key]) });
        const deleted = await ctx.deps.k8s.deleteSecret(ns(ctx), ctx.params.secret);
        return { deleted, resourceVersion: cur.resourceVersion };
      },
      remediation: k8sRemediation('delete on secrets'),
    },
    {
      name: 'create-secret',
      title: 'Create the secret with new credentials',
      async run(ctx) {
        const cur = await ctx.deps.k8s.readSecret(ns(ctx), ctx.params.secret);
        if (cur?.annotations[JOB_ANNOTATION] === ctx.jobId)
          return { created: false, alreadyCreated: true, resourceVersion: cur.resourceVersion };
        if (cur)
          throw new StepError(
            'secret_recreated_by_other',
            `Secret ${ctx.params.secret} was recreated by someone else`,
            'Check who wrote it (audit, cluster events), then create a new job.'
          );
        const value = generate(ctx.params.format, ctx.context.urlTemplate as string | undefined);
        // Only the hash is kept: the push endpoint compares what the agent pushes against it.
        await ctx.remember({ createdSha: sha(value) });
        // The job type tells the credentials agent this secret holds credentials to apply and push back.
        const created = await ctx.deps.k8s.createSecret(
          ns(ctx),
          ctx.params.secret,
          { [ctx.params.key]: value },
          { [JOB_ANNOTATION]: ctx.jobId, [SECRET_JOB_TYPE_ANNOTATION]: 'credentials.refresh' }
        );
        return { created: true, key: ctx.params.key, resourceVersion: created.resourceVersion };
      },
      remediation: k8sRemediation('create on secrets'),
    },
    awaitPushStep,
    restartStep<Refresh>('restart-deployment'),
    {
      name: 'verify-auth',
      title: 'Verify the workload authenticates with the new credentials',
      timeoutMs: 3_700_000,
      interruptible: true,
      async run(ctx) {
        const n = ns(ctx);
        let last = { pods: 0, ready: 0, crashLooping: 0 };
        await waitFor(
          ctx,
          ctx.deps.waitTimeoutMs,
          async () => {
            const d = await ctx.deps.k8s.readDeployment(n, ctx.params.deployment);
            last = await ctx.deps.k8s.podHealth(n, ctx.params.deployment);
            if (last.crashLooping > 0 && d.observedGeneration >= d.generation) {
              throw new StepError(
                'invalid_credentials',
                `${last.crashLooping} pod(s) of ${ctx.params.deployment} crash-loop with the new credentials`,
                'The new credentials are rejected (invalid credentials): check the database user and its grants for this secret, fix them, then run credentials.refresh again.'
              );
            }
            return d.rolledOut && last.ready === d.replicas ? true : undefined;
          },
          () =>
            new StepError(
              'auth_not_verified',
              `Pods did not become ready with the new credentials (ready ${last.ready}/${last.pods})`,
              'Invalid credentials are the likely cause: check the pod logs for authentication errors and the database user, then run credentials.refresh again.'
            )
        );
        return { pods: last.pods, ready: last.ready, crashLooping: 0, authenticated: true };
      },
      remediation: k8sRemediation('get on deployments and list on pods'),
    },
  ],
};
