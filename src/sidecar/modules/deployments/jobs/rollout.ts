/**
 * deployment.rollout: preflight (image in the registry, no freeze, shards idle, baseline measured)
 * → canary steps, each gated on the canary's 5xx ratio and p95 against the baseline → promote (the
 * stable deployments roll to the new image within maxSurge/maxUnavailable) → verify. A failed gate
 * or an abort restores what ran before (canary removed, image and replicas of the previous revision)
 * and ends the job with the reason. Pause holds the rollout between checkpoints.
 *
 * Replays are safe: the deployment record is keyed by the job id, each gate is recorded once per
 * step, and every platform effect reads first and acts only when missing (deployments.platform.ts).
 */
import type { DeployStep, Deployment, GateEvaluation } from '../../../../contract';
import { canaryDeploymentName, canarySplit, evaluateGate, planDeploySteps } from '../../../../changes';
import { sleep, type JobTypeDef, type StepContext, type StepDef } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { PlatformCallError, platformRemediation } from '../../../platform/platformCallError';
import { VmUnavailable } from '../../../platform/victoriaMetrics';
import { ensureCanary, ensureReplicas, ensureStable, settled, trafficSample, withTag } from '../deployments.platform';
import {
  gateOf,
  getRecord,
  insertDeploymentOnce,
  recordGateOnce,
  updateDeployment,
  type DeploymentRecord,
  type ShardBefore,
} from '../deployments.store';
import { rolloutPreflight, type RolloutParams } from './rollout.preflight';
import type { RolloutJobDeps } from './rolloutDeps';

type Ctx = StepContext<RolloutParams, RolloutJobDeps>;

/** Ends a step because the deployment reached a decided outcome (rolled back, aborted, blocked). */
class RolloutEnded extends StepError {}

function remediation(err: unknown): string {
  if (err instanceof StepError) return err.remediation;
  if (err instanceof PlatformCallError) {
    if (err.status === 403)
      return "RBAC: grant the sidecar's service account get, list, create, update and delete on deployments, then retry.";
    return platformRemediation(err);
  }
  if (err instanceof VmUnavailable) return 'Check that VictoriaMetrics is reachable (SWITCHYARD_VM_URL), then retry.';
  return 'The step failed unexpectedly. Check the sidecar logs for this job id, then retry.';
}

async function record(ctx: Ctx): Promise<DeploymentRecord> {
  const r = await getRecord(ctx.deps.db, ctx.jobId);
  if (!r) throw new StepError('deployment_missing', 'The deployment record is missing', 'Start a new rollout.');
  return r;
}

const nowIso = (ctx: Ctx) => ctx.deps.clock.now().toISOString();

async function setStatus(ctx: Ctx, patch: Parameters<typeof updateDeployment>[2]): Promise<void> {
  await updateDeployment(ctx.deps.db, ctx.jobId, patch, nowIso(ctx));
}

/**
 * Waits until `probe` holds, checking for an abort between polls. A rollout that does not converge
 * in time (pods not ready, image not pullable) is rolled back with that reason.
 */
async function until(ctx: Ctx, what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + ctx.deps.waitTimeoutMs;
  for (;;) {
    if (await probe()) return;
    await checkAbort(ctx);
    if (performance.now() >= deadline)
      await rollBack(
        ctx,
        await record(ctx),
        `${what} did not happen within ${Math.round(ctx.deps.waitTimeoutMs / 1000)} s`,
        'rolled_back'
      );
    await sleep(ctx.deps.pollIntervalMs, ctx.signal);
  }
}

/** Rolls back when an abort was requested. */
async function checkAbort(ctx: Ctx): Promise<void> {
  const r = await record(ctx);
  if (r.abortRequested) await rollBack(ctx, r, `Aborted: ${r.abortReason ?? 'no reason given'}`, 'aborted');
}

/** Holds while paused (status `paused`), resumes to `resumeTo`; an abort while paused rolls back. */
async function checkpoint(ctx: Ctx, resumeTo: Deployment['status']): Promise<void> {
  let r = await record(ctx);
  if (r.status === 'rolling_back') await rollBack(ctx, r, r.outcomeReason ?? 'Rolling back', 'rolled_back');
  for (;;) {
    if (r.abortRequested) await rollBack(ctx, r, `Aborted: ${r.abortReason ?? 'no reason given'}`, 'aborted');
    if (!r.pauseRequested) break;
    if (r.status !== 'paused') await setStatus(ctx, { status: 'paused' });
    await sleep(ctx.deps.pollIntervalMs, ctx.signal);
    r = await record(ctx);
  }
  if (r.status !== resumeTo) await setStatus(ctx, { status: resumeTo });
}

/**
 * Restores every target shard to what ran before (canary deleted, previous image and replicas) and
 * ends the deployment as `rolled_back` (a failed gate) or `aborted`, with the reason. Idempotent: a
 * replay finds the status `rolling_back` and finishes the same restore.
 */
async function rollBack(
  ctx: Ctx,
  r: DeploymentRecord,
  reason: string,
  outcome: 'rolled_back' | 'aborted'
): Promise<never> {
  const final = r.abortRequested ? 'aborted' : outcome;
  const why = r.status === 'rolling_back' && r.outcomeReason ? r.outcomeReason : reason;
  if (r.status !== 'rolling_back') await setStatus(ctx, { status: 'rolling_back', outcomeReason: why });
  await restore(ctx, r.fromState);
  await ctx.deps.mutations.run(ctx.mutation, async (trx, { audit }) => {
    await updateDeployment(trx, ctx.jobId, { status: final, outcomeReason: why }, nowIso(ctx));
    await audit({
      action: `deployment.${final}`,
      targetType: 'deployment',
      targetId: ctx.jobId,
      reason: ctx.reason,
      outcome: 'success',
      details: { kind: r.kind, environment: r.environment, toVersion: r.toVersion, restored: r.fromState, why },
    });
  });
  throw new RolloutEnded(
    final === 'aborted' ? 'deployment_aborted' : 'deployment_rolled_back',
    `${why} — rolled back to ${r.fromVersion}`,
    final === 'aborted'
      ? 'The deployment was aborted and the previous revision restored; start a new rollout when ready.'
      : 'The previous revision was restored. Fix the build (see the reason), then roll out a new version.'
  );
}

async function restore(ctx: Ctx, before: ShardBefore[]): Promise<void> {
  const ns = ctx.deps.namespace(ctx.params.environment);
  for (const s of before) {
    await ctx.deps.k8s.deleteDeployment(ns, canaryDeploymentName(s.deployment));
    await ensureStable(ctx.deps, ns, s.deployment, s.image, s.replicas);
  }
  for (const s of before) {
    const deadline = performance.now() + ctx.deps.waitTimeoutMs;
    while (!(await settled(ctx.deps, ns, s.deployment, s.replicas, s.image)).ok) {
      if (performance.now() >= deadline)
        throw new StepError(
          'rollback_not_ready',
          `${s.deployment} did not return to ${s.version} within ${Math.round(ctx.deps.waitTimeoutMs / 1000)} s`,
          `Inspect the pods of ${s.deployment} in ${ns}; the rollback retries when the job is retried.`
        );
      await sleep(ctx.deps.pollIntervalMs, ctx.signal);
    }
  }
}

function splitFor(step: DeployStep, plannedReplicas: number, replicas: number): { canary: number; stable: number } {
  if (replicas === plannedReplicas) return { canary: step.canaryReplicas, stable: step.stableReplicas };
  const s = canarySplit(replicas, step.weightPercent);
  return { canary: s.canary, stable: s.stable };
}

// ---- steps ---------------------------------------------------------------------------------------

const preflightStep: StepDef<RolloutParams, RolloutJobDeps> = {
  name: 'preflight',
  title: 'Check the image, freezes and shards; measure the baseline',
  timeoutMs: 120_000,
  async run(ctx) {
    let r = await getRecord(ctx.deps.db, ctx.jobId);
    if (!r) {
      const pre = await rolloutPreflight(ctx.params, ctx.deps, ctx.reason, ctx.jobId);
      const steps = planDeploySteps(ctx.params.strategy, pre.shards[0]?.replicasDesired ?? 1);
      const fromState: ShardBefore[] = pre.shards.map((s) => ({
        shardId: s.shardId,
        deployment: s.deployment,
        version: s.imageVersion,
        image: s.image,
        replicas: s.replicasDesired,
        revision: s.revision,
      }));
      const versions = [...new Set(fromState.map((s) => s.version))];
      await ctx.deps.mutations.run(ctx.mutation, async (trx, { now, audit }) => {
        const inserted = await insertDeploymentOnce(trx, {
          id: ctx.jobId,
          jobId: ctx.jobId,
          kind: ctx.params.kind,
          environment: ctx.params.environment,
          shards: fromState.map((s) => s.shardId),
          fromVersion: versions.join(', ') || 'unknown',
          fromState,
          toVersion: ctx.params.imageVersion,
          strategy: ctx.params.strategy,
          steps,
          requestedBy: ctx.mutation.actor.login,
          reason: ctx.reason,
          now: now.toISOString(),
        });
        if (inserted)
          await audit({
            action: 'deployment.start',
            targetType: 'deployment',
            targetId: ctx.jobId,
            reason: ctx.reason,
            outcome: 'success',
            details: { ...ctx.params, from: fromState, checks: pre.checks },
          });
      });
      if (pre.blocked) {
        const failed = pre.checks.filter((c) => !c.ok);
        const message = `Preflight failed: ${failed.map((c) => c.message).join('; ')}`;
        await ctx.deps.mutations.run(ctx.mutation, async (trx, { audit }) => {
          await updateDeployment(trx, ctx.jobId, { status: 'blocked', outcomeReason: message }, nowIso(ctx));
          await audit({
            action: 'deployment.blocked',
            targetType: 'deployment',
            targetId: ctx.jobId,
            reason: ctx.reason,
            outcome: 'success',
            details: { checks: failed },
          });
        });
        throw new RolloutEnded(
          'preflight_failed',
          message,
          failed.some((c) => c.name === 'freeze')
            ? 'Deploys are frozen: wait for the freeze to expire or lift it (with a reason), then start a new rollout.'
            : 'Fix the failing checks, then start a new rollout.'
        );
      }
      r = await record(ctx);
    }
    if (r.status === 'blocked')
      throw new RolloutEnded('preflight_failed', r.outcomeReason ?? 'Preflight failed', 'Start a new rollout.');
    if (r.strategy.type === 'canary' && !r.baseline) {
      const baseline = await trafficSample(
        ctx.deps,
        {
          service: r.kind,
          environment: r.environment,
          shards: r.shards,
          windowSeconds: r.strategy.gate.windowSeconds,
        },
        'stable'
      );
      await setStatus(ctx, { baseline });
      r = await record(ctx);
    }
    return { shards: r.shards, from: r.fromVersion, to: r.toVersion, baseline: r.baseline, steps: r.steps.length };
  },
  compensate: {
    title: 'Restore the previous revision (canary removed, previous image and replicas)',
    async run(ctx) {
      const r = await getRecord(ctx.deps.db, ctx.jobId);
      if (!r || r.status === 'blocked') return { restored: false };
      await restore(ctx, r.fromState);
      await ctx.deps.mutations.run(ctx.mutation, async (trx, { audit }) => {
        if (
          await updateDeployment(
            trx,
            ctx.jobId,
            { status: 'aborted', outcomeReason: 'The job was cancelled' },
            nowIso(ctx)
          )
        )
          await audit({
            action: 'deployment.aborted',
            targetType: 'deployment',
            targetId: ctx.jobId,
            reason: ctx.reason,
            outcome: 'success',
            details: { restored: r.fromState },
          });
      });
      return { restored: true, to: r.fromVersion };
    },
  },
  remediation,
};

const canaryStep: StepDef<RolloutParams, RolloutJobDeps> = {
  name: 'canary',
  title: 'Canary steps, each gated on 5xx ratio and p95 against the baseline',
  timeoutMs: 24 * 3_600_000,
  interruptible: true,
  async run(ctx) {
    let r = await record(ctx);
    const strategy = r.strategy;
    if (strategy.type !== 'canary') return { skipped: 'rolling strategy: no canary' };
    const ns = ctx.deps.namespace(r.environment);
    const image = (s: ShardBefore) => withTag(s.image, r.toVersion);
    const planned = r.fromState[0]?.replicas ?? 1;
    const gates: GateEvaluation[] = [];
    for (const step of r.steps.filter((s) => s.kind === 'canary')) {
      if (step.index < r.currentStep) continue;
      await checkpoint(ctx, 'canary');
      for (const s of r.fromState) {
        const split = splitFor(step, planned, s.replicas);
        await ensureCanary(ctx.deps, ns, s.deployment, image(s), split.canary);
        await ensureReplicas(ctx.deps, ns, s.deployment, split.stable);
      }
      await until(ctx, `canary at ${step.weightPercent}% ready`, async () => {
        for (const s of r.fromState) {
          const split = splitFor(step, planned, s.replicas);
          if (!(await settled(ctx.deps, ns, canaryDeploymentName(s.deployment), split.canary, image(s))).ok)
            return false;
          if (!(await settled(ctx.deps, ns, s.deployment, split.stable)).ok) return false;
        }
        return true;
      });
      await checkpoint(ctx, 'gating');
      let gate = await gateOf(ctx.deps.db, r.id, step.index);
      if (!gate) {
        const waitUntil = performance.now() + strategy.stepPauseSeconds * 1000;
        while (performance.now() < waitUntil) {
          await checkAbort(ctx);
          await sleep(Math.min(ctx.deps.pollIntervalMs, Math.max(0, waitUntil - performance.now())), ctx.signal);
        }
        const scope = {
          service: r.kind,
          environment: r.environment,
          shards: r.shards,
          windowSeconds: strategy.gate.windowSeconds,
        };
        const canary = await trafficSample(ctx.deps, scope, 'canary');
        gate = await recordGateOnce(
          ctx.deps.db,
          r.id,
          evaluateGate({
            canary,
            baseline: r.baseline ?? { requests: 0, errorRatio5xx: null, p95Ms: null },
            gate: strategy.gate,
            stepIndex: step.index,
            weightPercent: step.weightPercent,
            now: ctx.deps.clock.now(),
          })
        );
      }
      gates.push(gate);
      if (!gate.passed) await rollBack(ctx, await record(ctx), gate.reason, 'rolled_back');
      await setStatus(ctx, { currentStep: step.index + 1 });
      r = await record(ctx);
    }
    return {
      gates: gates.map((g) => ({ step: g.stepIndex, weight: g.weightPercent, passed: g.passed, reason: g.reason })),
    };
  },
  remediation,
};

const promoteStep: StepDef<RolloutParams, RolloutJobDeps> = {
  name: 'promote',
  title: 'Promote: roll the stable deployments to the new image, then remove the canary',
  timeoutMs: 24 * 3_600_000,
  interruptible: true,
  async run(ctx) {
    let r = await record(ctx);
    await checkpoint(ctx, 'promoting');
    const ns = ctx.deps.namespace(r.environment);
    const promoteIndex = r.steps.findIndex((s) => s.kind !== 'canary');
    const changed: string[] = [];
    for (const s of r.fromState) {
      const target = withTag(s.image, r.toVersion);
      // A rolling deploy rolls within its own surge/unavailable budget; a canary's promotion keeps the deployment's.
      const rolling = r.strategy.type === 'rolling' ? r.strategy : undefined;
      if ((await ensureStable(ctx.deps, ns, s.deployment, target, s.replicas, rolling)) === 'changed')
        changed.push(s.deployment);
    }
    await until(ctx, 'the stable deployments rolled out', async () => {
      for (const s of r.fromState) {
        if (!(await settled(ctx.deps, ns, s.deployment, s.replicas, withTag(s.image, r.toVersion))).ok) return false;
      }
      return true;
    });
    for (const s of r.fromState) await ctx.deps.k8s.deleteDeployment(ns, canaryDeploymentName(s.deployment));
    await setStatus(ctx, { currentStep: Math.max(0, promoteIndex) + 1 });
    r = await record(ctx);
    return { promoted: r.fromState.map((s) => s.deployment), changed, to: r.toVersion };
  },
  remediation,
};

const verifyStep: StepDef<RolloutParams, RolloutJobDeps> = {
  name: 'verify',
  title: 'Verify every target shard runs the new version',
  async run(ctx) {
    const r = await record(ctx);
    const ns = ctx.deps.namespace(r.environment);
    const observed: Record<string, string> = {};
    for (const s of r.fromState) {
      const st = await settled(ctx.deps, ns, s.deployment, s.replicas, withTag(s.image, r.toVersion));
      observed[s.shardId] = `${st.image} (${st.ready}/${s.replicas} ready)`;
      if (!st.ok)
        throw new StepError(
          'verify_failed',
          `${s.deployment} runs ${st.image} with ${st.ready}/${s.replicas} ready, not ${r.toVersion}`,
          'Inspect the deployment; abort to roll back, or retry the job.',
          true
        );
    }
    const reasons = r.gates.map((g) => `step ${g.stepIndex + 1} at ${g.weightPercent}%: passed`).join(', ');
    await ctx.deps.mutations.run(ctx.mutation, async (trx, { audit }) => {
      const outcome = `Promoted ${r.kind} ${r.fromVersion} → ${r.toVersion} on ${r.shards.length} shard(s)${reasons ? ` (${reasons})` : ''}`;
      if (await updateDeployment(trx, ctx.jobId, { status: 'succeeded', outcomeReason: outcome }, nowIso(ctx)))
        await audit({
          action: 'deployment.succeeded',
          targetType: 'deployment',
          targetId: ctx.jobId,
          reason: ctx.reason,
          outcome: 'success',
          details: { kind: r.kind, environment: r.environment, from: r.fromVersion, to: r.toVersion, observed },
        });
    });
    return { observed };
  },
  remediation,
};

export const deploymentRollout: JobTypeDef<RolloutParams, RolloutJobDeps> = {
  type: 'deployment.rollout',
  async target(p, deps) {
    const ns = deps.namespace(p.environment);
    return {
      environment: p.environment,
      tenantId: null,
      target: `${ns}/${p.kind}${p.shards ? ` (${p.shards.join(', ')})` : ''} → ${p.imageVersion}`,
      // One rollout of a kind per environment at a time.
      lockKey: `deploy:${p.environment}:${p.kind}`,
    };
  },
  async preflight(p, _target, deps) {
    const pre = await rolloutPreflight(p, deps, 'plan');
    const ns = deps.namespace(p.environment);
    const steps = planDeploySteps(p.strategy, pre.shards[0]?.replicasDesired ?? 1);
    return {
      checks: pre.checks,
      diff: [
        ...pre.shards.map((s) => ({
          resource: `${ns}/deployment/${s.deployment}`,
          field: 'image',
          from: s.imageVersion,
          to: p.imageVersion,
        })),
        {
          resource: `${ns}/${p.kind}`,
          field: 'rollout steps',
          from: null,
          to: steps.map((s) => (s.kind === 'canary' ? `canary ${s.weightPercent}% (gated)` : s.kind)),
        },
      ],
    };
  },
  steps: [preflightStep, canaryStep, promoteStep, verifyStep],
};
