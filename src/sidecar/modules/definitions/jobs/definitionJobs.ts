/**
 * definitions.promote and definitions.revert: a check (the promotion or revert still holds against
 * what runs now) → activate (the version becomes current in the environment, audited in the same
 * transaction). The activation is keyed by the job id, so a replayed step, a takeover after a crash or
 * a second worker never activates twice. A promotion into prod needs a second person's approval
 * whatever the approvals policy says; both are created and approved only through the definitions
 * endpoints.
 */
import type {
  DefinitionPromoteParams,
  DefinitionRevertParams,
  DiffEntry,
  Environment,
  PreflightCheck,
} from '../../../../contract';
import { checkPromotion, revertTarget } from '../../../../changes';
import { check, type EngineDeps, type JobTarget, type JobTypeDef, type Preflight } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import type { Db } from '../../../kernel/database/schema';
import type { Mutations } from '../../../kernel/mutations';
import { activationExists, getBundleRecord, insertActivation, markUnhealthy, statesOf } from '../definitions.store';

export type DefinitionJobDeps = EngineDeps & { db: Db; mutations: Mutations };

/** What a job makes current: the bundle version, the environment and what it replaces. */
interface Decision extends Preflight {
  name: string;
  version: string;
  environment: Environment;
  hash: string | null;
  replaces: string | null;
}

export const definitionTarget = (name: string, environment: Environment): JobTarget => ({
  environment,
  tenantId: null,
  target: `definitions/${name}/${environment}`,
  lockKey: `definitions/${name}/${environment}`,
});

function diffOf(name: string, environment: Environment, from: string | null, to: string): DiffEntry[] {
  return [{ resource: `definitions/${name}/${environment}`, field: 'version', from, to }];
}

async function decidePromotion(p: DefinitionPromoteParams, deps: DefinitionJobDeps): Promise<Decision> {
  const record = await getBundleRecord(deps.db, p.name, p.version);
  const states = await statesOf(deps.db, p.name);
  const decision = checkPromotion({ name: p.name, version: p.version, to: p.to, states });
  const replaces = states[p.to]?.current?.version ?? null;
  const checks: PreflightCheck[] = [
    check(
      'bundle',
      record !== null && record.validation.valid,
      record ? `${p.name} ${p.version} is stored and valid` : `${p.name} ${p.version} was never uploaded`,
      record ? { hash: record.hash } : null
    ),
    check('promotion-order', decision.allowed, decision.reason, {
      from: decision.from,
      fromRuns: decision.from ? (states[decision.from]?.current?.version ?? null) : null,
      toRuns: replaces,
    }),
  ];
  return {
    checks,
    diff: diffOf(p.name, p.to, replaces, p.version),
    name: p.name,
    version: p.version,
    environment: p.to,
    hash: record?.hash ?? null,
    replaces,
  };
}

async function decideRevert(p: DefinitionRevertParams, deps: DefinitionJobDeps): Promise<Decision> {
  const state = (await statesOf(deps.db, p.name))[p.environment];
  const { target, reason } = revertTarget(state);
  const replaces = state?.current?.version ?? null;
  const ok = target !== null && target.version === p.version;
  return {
    checks: [
      check(
        'last-known-good',
        ok,
        ok || !target
          ? reason
          : `The last known good version of ${p.name} in ${p.environment} is now ${target.version}`,
        { current: replaces, lastKnownGood: target?.version ?? null },
        p.version
      ),
    ],
    diff: diffOf(p.name, p.environment, replaces, p.version),
    name: p.name,
    version: p.version,
    environment: p.environment,
    hash: target?.hash ?? null,
    replaces,
  };
}

function definitionJob<P>(spec: {
  type: 'definitions.promote' | 'definitions.revert';
  environment(p: P): Environment;
  name(p: P): string;
  decide(p: P, deps: DefinitionJobDeps): Promise<Decision>;
  alwaysNeedsApproval?(p: P): boolean;
  /** Title of the activation step. */
  title: string;
  action: string;
}): JobTypeDef<P, DefinitionJobDeps> {
  const refused = 'Nothing was changed. Check what runs in each environment, then request it again.';
  return {
    type: spec.type,
    ownedBy: spec.type === 'definitions.promote' ? 'approvePromotion' : 'revertBundle',
    alwaysNeedsApproval: spec.alwaysNeedsApproval ? (p) => spec.alwaysNeedsApproval?.(p) ?? false : undefined,
    target: async (p) => definitionTarget(spec.name(p), spec.environment(p)),
    preflight: async (p, _target, deps) => {
      const d = await spec.decide(p, deps);
      return { checks: d.checks, diff: d.diff };
    },
    steps: [
      {
        name: 'check',
        title: 'Check it still holds against what runs now',
        async run(ctx) {
          if (await activationExists(ctx.deps.db, ctx.jobId)) return { activated: true };
          const d = await spec.decide(ctx.params, ctx.deps);
          const failed = d.checks.filter((c) => !c.ok);
          if (failed.length)
            throw new StepError('definitions_refused', failed.map((c) => c.message).join('; '), refused);
          return { version: d.version, replaces: d.replaces };
        },
        remediation: (err) => (err instanceof StepError ? err.remediation : refused),
      },
      {
        name: 'activate',
        title: spec.title,
        async run(ctx) {
          const d = await spec.decide(ctx.params, ctx.deps);
          return ctx.deps.mutations.run(ctx.mutation, async (trx, { now, audit }) => {
            if (await activationExists(trx, ctx.jobId)) return { current: d.version, replayed: true };
            if (d.replaces !== null && spec.type === 'definitions.revert')
              await markUnhealthy(trx, d.name, d.environment, d.replaces);
            if (d.hash === null)
              throw new StepError('definitions_refused', `${d.name} ${d.version} is not stored`, refused);
            await insertActivation(trx, {
              id: ctx.jobId,
              environment: d.environment,
              name: d.name,
              version: d.version,
              hash: d.hash,
              by: ctx.mutation.actor.login,
              at: now.toISOString(),
            });
            await audit({
              action: spec.action,
              targetType: 'definition_bundle',
              targetId: `${d.name}@${d.version}`,
              reason: ctx.reason,
              outcome: 'success',
              details: { environment: d.environment, version: d.version, replaces: d.replaces, hash: d.hash },
            });
            return { current: d.version, replaced: d.replaces };
          });
        },
        remediation: () => 'The activation did not commit; retrying the job is safe (it activates once).',
      },
    ],
  };
}

export const definitionsPromote = definitionJob<DefinitionPromoteParams>({
  type: 'definitions.promote',
  environment: (p) => p.to,
  name: (p) => p.name,
  decide: decidePromotion,
  alwaysNeedsApproval: (p) => p.to === 'prod',
  title: 'Make the bundle version current in the environment',
  action: 'definitions.promote',
});

export const definitionsRevert = definitionJob<DefinitionRevertParams>({
  type: 'definitions.revert',
  environment: (p) => p.environment,
  name: (p) => p.name,
  decide: decideRevert,
  title: 'Restore the last known good version (the reverted one is marked unhealthy)',
  action: 'definitions.revert',
});
