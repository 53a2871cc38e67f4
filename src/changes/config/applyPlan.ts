/**
 * Staged apply of a config version: environment by environment in promotion order, each applied
 * then verified (the effective config read back equals the one resolved here) before the next one
 * starts. A document scoped to one environment (or to a tenant, which lives in one) applies there
 * only; default and plan documents apply in every environment given.
 */
import { ENVIRONMENTS, parseScopeKey, type Environment } from '../../contract';

export interface ConfigApplyStep {
  index: number;
  environment: Environment;
  action: 'apply' | 'verify';
  title: string;
}

export type ConfigApplyPlan = { ok: true; steps: ConfigApplyStep[] } | { ok: false; reason: string };

export function planConfigApply(input: {
  scope: string;
  version: number;
  environments: readonly Environment[];
  /** The environment of the tenant when the scope is a tenant. */
  tenantEnvironment?: Environment;
}): ConfigApplyPlan {
  const scope = parseScopeKey(input.scope);
  const envs = input.environments;
  if (new Set(envs).size !== envs.length) return { ok: false, reason: 'An environment is listed twice' };
  const rank = (e: Environment) => ENVIRONMENTS.indexOf(e);
  if (envs.some((e, i) => i > 0 && rank(e) < rank(envs[i - 1])))
    return { ok: false, reason: `Environments apply in promotion order (${ENVIRONMENTS.join(' → ')})` };
  const only =
    scope.level === 'environment' ? scope.environment : scope.level === 'tenant' ? input.tenantEnvironment : undefined;
  if (scope.level === 'tenant' && !only) return { ok: false, reason: 'The tenant environment is required' };
  if (only && (envs.length !== 1 || envs[0] !== only))
    return { ok: false, reason: `${input.scope} applies in ${only} only` };
  const steps: ConfigApplyStep[] = [];
  for (const environment of envs) {
    steps.push({
      index: steps.length,
      environment,
      action: 'apply',
      title: `Apply ${input.scope} version ${input.version} in ${environment}`,
    });
    steps.push({
      index: steps.length,
      environment,
      action: 'verify',
      title: `Verify the effective config in ${environment}`,
    });
  }
  return { ok: true, steps };
}
