import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DeployStrategySchema } from '../../contract';
import { canaryDeploymentName, canarySplit, planDeploySteps } from './plan';

const gate = { max5xxRatio: 0.05, maxP95Ms: 800, baselineFactor: 2, windowSeconds: 60 };

describe('deploy plan', () => {
  test('canary steps become replica counts of the canary and stable deployments, then a promotion', () => {
    const s = DeployStrategySchema.parse({ type: 'canary', steps: [10, 50, 80], gate });
    assert.deepEqual(
      planDeploySteps(s, 10).map((x) => [x.kind, x.canaryReplicas, x.stableReplicas, x.weightPercent, x.gated]),
      [
        ['canary', 1, 9, 10, true],
        ['canary', 5, 5, 50, true],
        ['canary', 8, 2, 80, true],
        ['promote', 0, 10, 100, false],
      ]
    );
    assert.equal(canaryDeploymentName('gateway-prod-0'), 'gateway-prod-0-canary');
  });

  test('with few replicas, weights that round to the same pods are one step and the stable side keeps a pod', () => {
    const s = DeployStrategySchema.parse({ type: 'canary', steps: [25, 50, 75], gate });
    const steps = planDeploySteps(s, 2);
    assert.deepEqual(
      steps.map((x) => [x.kind, x.canaryReplicas, x.stableReplicas, x.weightPercent]),
      [
        ['canary', 1, 1, 50],
        ['canary', 2, 1, 66.7],
        ['promote', 0, 2, 100],
      ]
    );
    assert.deepEqual(
      steps.map((x) => x.index),
      [0, 1, 2]
    );
  });

  test('rolling is one ungated step', () => {
    const s = DeployStrategySchema.parse({ type: 'rolling' });
    assert.deepEqual(planDeploySteps(s, 4), [
      { index: 0, kind: 'rolling', weightPercent: 100, canaryReplicas: 0, stableReplicas: 4, gated: false },
    ]);
  });

  test('property: every canary step keeps both sides running and weights never go down', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 6 }),
        (n, raw) => {
          const steps = planDeploySteps(
            DeployStrategySchema.parse({ type: 'canary', steps: [...raw].sort((a, b) => a - b), gate }),
            n
          );
          const canary = steps.filter((x) => x.kind === 'canary');
          assert.ok(canary.length >= 1);
          for (const x of canary)
            assert.ok(x.canaryReplicas >= 1 && x.stableReplicas >= 1 && x.canaryReplicas + x.stableReplicas <= n + 1);
          for (let i = 1; i < canary.length; i++) assert.ok(canary[i].weightPercent >= canary[i - 1].weightPercent);
          assert.equal(steps[steps.length - 1].kind, 'promote');
          assert.equal(canarySplit(n, 50).canary + canarySplit(n, 50).stable >= n, true);
        }
      )
    );
  });

  test('the contract refuses steps that do not increase', () => {
    assert.equal(DeployStrategySchema.safeParse({ type: 'canary', steps: [50, 20], gate }).success, false);
    assert.equal(DeployStrategySchema.safeParse({ type: 'canary', steps: [100], gate }).success, false);
  });
});
