import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planConfigApply } from './applyPlan';

describe('staged config apply', () => {
  test('environment by environment, apply then verify, in promotion order', () => {
    const p = planConfigApply({ scope: 'default', version: 4, environments: ['dev', 'staging', 'prod'] });
    assert.ok(p.ok);
    assert.deepEqual(
      p.steps.map((s) => `${s.action}:${s.environment}`),
      ['apply:dev', 'verify:dev', 'apply:staging', 'verify:staging', 'apply:prod', 'verify:prod']
    );
    assert.equal(p.steps[0].title, 'Apply default version 4 in dev');
  });

  test('refuses out-of-order, duplicate, or out-of-scope environments', () => {
    assert.deepEqual(planConfigApply({ scope: 'plan:team', version: 1, environments: ['prod', 'dev'] }).ok, false);
    assert.deepEqual(planConfigApply({ scope: 'plan:team', version: 1, environments: ['dev', 'dev'] }).ok, false);
    const envDoc = planConfigApply({ scope: 'environment:prod', version: 1, environments: ['staging', 'prod'] });
    assert.deepEqual(envDoc, { ok: false, reason: 'environment:prod applies in prod only' });
    assert.ok(planConfigApply({ scope: 'environment:prod', version: 1, environments: ['prod'] }).ok);
    assert.ok(
      planConfigApply({ scope: 'tenant:acme-001', version: 1, environments: ['staging'], tenantEnvironment: 'staging' })
        .ok
    );
    assert.equal(planConfigApply({ scope: 'tenant:acme-001', version: 1, environments: ['staging'] }).ok, false);
  });
});
