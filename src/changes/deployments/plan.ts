/**
 * Deploy steps from a strategy. The canary model is a second deployment `<deployment>-canary` with
 * the new image beside the stable one, both behind the shard's service (selected by `app` + `shard`),
 * so the canary's traffic share is its share of ready pods. Each canary step sets both replica
 * counts; the final promotion rolls the stable deployment to the new image and removes the canary.
 */
import type { DeployStep, DeployStrategy } from '../../contract';

export const CANARY_SUFFIX = '-canary';
export const canaryDeploymentName = (deployment: string): string => `${deployment}${CANARY_SUFFIX}`;

/** Replica counts that give the canary about `weight` % of the pods while the total stays `desired`. */
export function canarySplit(desired: number, weight: number): { canary: number; stable: number; share: number } {
  const total = Math.max(1, desired);
  const canary = Math.min(total, Math.max(1, Math.round((total * weight) / 100)));
  // The stable side keeps at least one pod until promotion, even when that adds one above `desired`.
  const stable = Math.max(1, total - canary);
  return { canary, stable, share: Math.round((canary / (canary + stable)) * 1000) / 10 };
}

export function planDeploySteps(strategy: DeployStrategy, desiredReplicas: number): DeployStep[] {
  if (strategy.type === 'rolling') {
    return [
      {
        index: 0,
        kind: 'rolling',
        weightPercent: 100,
        canaryReplicas: 0,
        stableReplicas: desiredReplicas,
        gated: false,
      },
    ];
  }
  const steps: DeployStep[] = [];
  for (const weight of strategy.steps) {
    const split = canarySplit(desiredReplicas, weight);
    const prev = steps[steps.length - 1];
    // Two weights that round to the same pods are one step: a second gate would measure the same thing.
    if (prev && prev.canaryReplicas === split.canary && prev.stableReplicas === split.stable) continue;
    steps.push({
      index: steps.length,
      kind: 'canary',
      weightPercent: split.share,
      canaryReplicas: split.canary,
      stableReplicas: split.stable,
      gated: true,
    });
  }
  steps.push({
    index: steps.length,
    kind: 'promote',
    weightPercent: 100,
    canaryReplicas: 0,
    stableReplicas: desiredReplicas,
    gated: false,
  });
  return steps;
}
