import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DeployRequestSchema, type Freeze } from '../../contract';
import { deployPreflight, type DeployPreflightInput } from './preflight';

const now = new Date('2030-01-01T10:00:00.000Z');
const request = DeployRequestSchema.parse({
  kind: 'gateway',
  environment: 'prod',
  imageVersion: '2.15.0',
  strategy: {
    type: 'canary',
    steps: [25],
    gate: { max5xxRatio: 0.05, maxP95Ms: 800, baselineFactor: 2, windowSeconds: 60 },
  },
  reason: 'ship rate limiter fix',
});
const base: DeployPreflightInput = {
  request,
  shards: [
    {
      shardId: 'gateway-prod-0',
      deployment: 'gateway-prod-0',
      imageVersion: '2.14.3',
      replicasDesired: 2,
      rolloutState: 'stable',
    },
    {
      shardId: 'gateway-prod-1',
      deployment: 'gateway-prod-1',
      imageVersion: '2.14.3',
      replicasDesired: 2,
      rolloutState: 'stable',
    },
  ],
  registryTags: ['2.14.3', '2.15.0'],
  freezes: [],
  activeDeployments: [],
  approvalEnvironments: ['prod'],
  now,
};
const failed = (i: DeployPreflightInput) =>
  deployPreflight(i)
    .checks.filter((c) => !c.ok)
    .map((c) => c.name);

describe('deploy preflight', () => {
  test('a clean request passes every check and needs an approval in prod', () => {
    const p = deployPreflight(base);
    assert.equal(p.blocked, false);
    assert.equal(p.approvalRequired, true);
    assert.equal(p.targets.length, 2);
    assert.equal(deployPreflight({ ...base, request: { ...request, environment: 'staging' } }).approvalRequired, false);
  });

  test('each failing condition names its own check', () => {
    assert.deepEqual(failed({ ...base, registryTags: ['2.14.3'] }), ['image']);
    assert.deepEqual(failed({ ...base, registryTags: null }), ['image']);
    const freeze: Freeze = {
      id: '00000000-0000-4000-8000-000000000001',
      scope: 'global',
      reason: 'holiday',
      createdBy: 'ops',
      createdAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-02T00:00:00.000Z',
      liftedAt: null,
    };
    assert.deepEqual(failed({ ...base, freezes: [freeze] }), ['freeze']);
    assert.deepEqual(failed({ ...base, request: { ...request, shards: ['gateway-prod-7'] } }), ['shards']);
    assert.deepEqual(failed({ ...base, shards: base.shards.map((s) => ({ ...s, imageVersion: '2.15.0' })) }), [
      'version',
    ]);
    assert.deepEqual(failed({ ...base, shards: [{ ...base.shards[0], rolloutState: 'canary' }, base.shards[1]] }), [
      'rollout-idle',
    ]);
    assert.deepEqual(failed({ ...base, activeDeployments: [{ id: 'd-1', kind: 'gateway', environment: 'prod' }] }), [
      'no-concurrent-deploy',
    ]);
    assert.deepEqual(failed({ ...base, activeDeployments: [{ id: 'd-2', kind: 'runner', environment: 'prod' }] }), []);
  });

  test('a request naming shards targets only those', () => {
    const p = deployPreflight({ ...base, request: { ...request, shards: ['gateway-prod-1'] } });
    assert.deepEqual(
      p.targets.map((t) => t.shardId),
      ['gateway-prod-1']
    );
  });
});
