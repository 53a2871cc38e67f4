/**
 * Promotion order dev → staging → prod: a bundle enters dev from upload, and each later environment
 * only from the one before it, where it must run healthy. Prod needs an approval by someone other
 * than the requester. Versions only go up, except a revert to the last known good.
 */
import {
  DEFINITION_ENVIRONMENT_ORDER,
  type BundleEnvironmentState,
  type DeployedBundle,
  type Environment,
} from '../../contract';
import { lastKnownGood } from '../shared/lastKnownGood';
import { compareVersions } from './semver';

export function previousEnvironment(env: Environment): Environment | null {
  const i = DEFINITION_ENVIRONMENT_ORDER.indexOf(env);
  return i <= 0 ? null : DEFINITION_ENVIRONMENT_ORDER[i - 1];
}

export interface PromotionDecision {
  allowed: boolean;
  from: Environment | null;
  approvalRequired: boolean;
  /** Why it is refused, or what will happen. */
  reason: string;
}

export function checkPromotion(input: {
  name: string;
  version: string;
  to: Environment;
  /** State of this bundle name per environment (missing = never deployed there). */
  states: Partial<Record<Environment, BundleEnvironmentState>>;
}): PromotionDecision {
  const { name, version, to } = input;
  const from = previousEnvironment(to);
  const approvalRequired = to === 'prod';
  const refuse = (reason: string): PromotionDecision => ({ allowed: false, from, approvalRequired, reason });
  if (from) {
    const source = input.states[from]?.current;
    if (!source || source.version !== version)
      return refuse(
        `${name} ${version} must run in ${from} before it is promoted to ${to} (${from} runs ${source?.version ?? 'nothing'})`
      );
    if (!source.healthy) return refuse(`${name} ${version} is marked unhealthy in ${from}`);
  }
  const target = input.states[to]?.current;
  if (target && compareVersions(version, target.version) <= 0)
    return refuse(`${to} runs ${name} ${target.version}; a promotion must raise the version (use revert to go back)`);
  return {
    allowed: true,
    from,
    approvalRequired,
    reason: `${name} ${version} → ${to}${approvalRequired ? ' (awaits an approval by a second person)' : ''}`,
  };
}

export function checkApproval(input: { requestedBy: string; approver: string; to: Environment }): {
  ok: boolean;
  reason: string;
} {
  if (input.to !== 'prod') return { ok: false, reason: `Promotions to ${input.to} need no approval` };
  if (input.requestedBy === input.approver)
    return { ok: false, reason: 'The requester cannot approve their own promotion' };
  return { ok: true, reason: `Approved by ${input.approver}` };
}

/** What a revert restores in an environment, or why there is nothing to revert to. */
export function revertTarget(state: BundleEnvironmentState | undefined): {
  target: DeployedBundle | null;
  reason: string;
} {
  if (!state?.current) return { target: null, reason: 'Nothing runs there' };
  const target = lastKnownGood(state.history, state.current.version);
  return target
    ? {
        target,
        reason: `Revert ${state.bundleName} ${state.current.version} → ${target.version} in ${state.environment}`,
      }
    : { target: null, reason: `No earlier healthy version of ${state.bundleName} in ${state.environment}` };
}
