import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BundleEnvironmentState, DeployedBundle, Environment } from '../../contract';
import { orderBundle } from './bundle.fixture';
import { checkTenantOverride } from './overrides';
import { checkApproval, checkPromotion, previousEnvironment, revertTarget } from './promotion';

const deployed = (version: string, healthy = true): DeployedBundle => ({
  name: 'orders',
  version,
  hash: 'h'.repeat(64),
  promotedAt: '2030-01-01T00:00:00.000Z',
  promotedBy: 'alice',
  healthy,
});
const state = (
  environment: Environment,
  current: DeployedBundle | null,
  history: DeployedBundle[] = current ? [current] : []
): BundleEnvironmentState => ({
  environment,
  bundleName: 'orders',
  current,
  lastKnownGood: null,
  history,
});

describe('promotion dev → staging → prod', () => {
  test('order', () => {
    assert.equal(previousEnvironment('dev'), null);
    assert.equal(previousEnvironment('staging'), 'dev');
    assert.equal(previousEnvironment('prod'), 'staging');
  });

  test('a version enters dev freely, later environments only from the one before, prod with an approval', () => {
    assert.equal(checkPromotion({ name: 'orders', version: '1.1.0', to: 'dev', states: {} }).allowed, true);
    const notInDev = checkPromotion({
      name: 'orders',
      version: '1.1.0',
      to: 'staging',
      states: { dev: state('dev', deployed('1.0.0')) },
    });
    assert.equal(notInDev.allowed, false);
    assert.match(notInDev.reason, /must run in dev before .* \(dev runs 1.0.0\)/);
    const states = {
      dev: state('dev', deployed('1.1.0')),
      staging: state('staging', deployed('1.1.0')),
      prod: state('prod', deployed('1.0.0')),
    };
    const toStaging = checkPromotion({ name: 'orders', version: '1.1.0', to: 'staging', states: { dev: states.dev } });
    assert.deepEqual([toStaging.allowed, toStaging.from, toStaging.approvalRequired], [true, 'dev', false]);
    const toProd = checkPromotion({ name: 'orders', version: '1.1.0', to: 'prod', states });
    assert.deepEqual([toProd.allowed, toProd.from, toProd.approvalRequired], [true, 'staging', true]);
  });

  test('unhealthy sources and non-increasing versions are refused', () => {
    const sick = checkPromotion({
      name: 'orders',
      version: '1.1.0',
      to: 'prod',
      states: { staging: state('staging', deployed('1.1.0', false)) },
    });
    assert.match(sick.reason, /unhealthy in staging/);
    const down = checkPromotion({
      name: 'orders',
      version: '1.0.0',
      to: 'prod',
      states: { staging: state('staging', deployed('1.0.0')), prod: state('prod', deployed('1.1.0')) },
    });
    assert.equal(down.allowed, false);
    assert.match(down.reason, /use revert/);
  });

  test('prod approvals need a second person', () => {
    assert.equal(checkApproval({ requestedBy: 'alice', approver: 'alice', to: 'prod' }).ok, false);
    assert.equal(checkApproval({ requestedBy: 'alice', approver: 'bob', to: 'prod' }).ok, true);
    assert.equal(checkApproval({ requestedBy: 'alice', approver: 'bob', to: 'staging' }).ok, false);
  });

  test('revert restores the last known good version', () => {
    const history = [deployed('1.2.0', false), deployed('1.1.0'), deployed('1.0.0')];
    assert.equal(revertTarget(state('prod', history[0], history)).target?.version, '1.1.0');
    assert.equal(revertTarget(state('prod', deployed('1.0.0'), [deployed('1.0.0')])).target, null);
    assert.equal(revertTarget(undefined).reason, 'Nothing runs there');
  });
});

describe('tenant overrides', () => {
  test('allowed only by the policy flag, only for known providers of the same type', () => {
    const b = orderBundle();
    assert.equal(checkTenantOverride(b, [{ name: 'receipt', type: 'email' }]).valid, true);
    assert.deepEqual(
      checkTenantOverride(b, [
        { name: 'sms', type: 'email' },
        { name: 'receipt', type: 'webhook' },
      ]).errors.map((e) => e.path),
      ['effectProviders.0.name', 'effectProviders.1.type']
    );
    const locked = checkTenantOverride({ ...b, tenantOverridesAllowed: false }, [{ name: 'receipt', type: 'email' }]);
    assert.equal(locked.valid, false);
    assert.match(locked.errors[0].message, /does not allow tenant overrides/);
  });
});
