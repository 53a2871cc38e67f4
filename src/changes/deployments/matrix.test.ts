import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VersionMatrixSchema, type Environment } from '../../contract';
import { gateQueries } from './gateQueries';
import { buildVersionMatrix, imageTag, type DeploymentObservation } from './matrix';

const envOf = (ns: string) => (ns.startsWith('platform-') ? (ns.slice(9) as Environment) : null);
const obs = (name: string, over: Partial<DeploymentObservation> = {}): DeploymentObservation => ({
  namespace: 'platform-prod',
  name,
  labels: { app: name.split('-')[0], shard: name.replace(/-canary$/, '') },
  image: `registry.switchyard.dev/demo/${name.split('-')[0]}:2.14.3`,
  specReplicas: 2,
  generation: 3,
  observedGeneration: 3,
  replicas: 2,
  updatedReplicas: 2,
  readyReplicas: 2,
  revision: 2,
  paused: false,
  ...over,
});

describe('version matrix', () => {
  test('one cell per shard deployment, canaries folded in, states from the status', () => {
    const m = buildVersionMatrix(
      [
        obs('runner-prod-0'),
        obs('gateway-prod-1', { updatedReplicas: 1, replicas: 3 }),
        obs('gateway-prod-0'),
        obs('gateway-prod-0-canary', {
          labels: { app: 'gateway', shard: 'gateway-prod-0', track: 'canary' },
          image: 'r/demo/gateway:2.15.0',
          specReplicas: 1,
          readyReplicas: 1,
        }),
        obs('gateway-prod-10', { readyReplicas: 1 }),
        obs('aggregate-prod-0', { paused: true }),
        obs('aggregate-prod-1', { namespace: 'kube-system' }),
        obs('metrics-agent', { labels: { app: 'agent' } }),
        obs('gateway-dev-0', { namespace: 'platform-dev', observedGeneration: 2 }),
      ],
      { environmentOf: envOf, now: new Date('2030-01-01T00:00:00.000Z') }
    );
    VersionMatrixSchema.parse(m);
    assert.deepEqual(
      m.cells.map((c) => [c.shardId, c.imageVersion, c.canaryVersion, c.rolloutState]),
      [
        ['gateway-dev-0', '2.14.3', null, 'progressing'],
        ['gateway-prod-0', '2.14.3', '2.15.0', 'canary'],
        ['gateway-prod-1', '2.14.3', null, 'progressing'],
        ['gateway-prod-10', '2.14.3', null, 'degraded'],
        ['aggregate-prod-0', '2.14.3', null, 'paused'],
        ['runner-prod-0', '2.14.3', null, 'stable'],
      ]
    );
    assert.equal(m.cells[1].canaryReplicas, 1);
    assert.equal(m.observedAt, '2030-01-01T00:00:00.000Z');
  });

  test('image tags', () => {
    assert.equal(imageTag('registry.switchyard.dev/demo/gateway:2.15.0-bad'), '2.15.0-bad');
    assert.equal(imageTag('localhost:5000/demo/gateway'), 'latest');
    assert.equal(imageTag('demo/gateway@sha256:abc'), 'sha256:abc');
  });
});

describe('gate queries', () => {
  test('select one track of the target shards over the window', () => {
    const q = gateQueries(
      { service: 'gateway', environment: 'prod', shards: ['gateway-prod-0', 'gateway-prod-1'], windowSeconds: 60 },
      'canary'
    );
    const sel = 'service="gateway",env="prod",shard=~"gateway-prod-0|gateway-prod-1",track="canary"';
    assert.equal(q.requests, `sum(increase(workload_requests_total{${sel}}[60s]))`);
    assert.equal(
      q.errorRatio5xx,
      `(sum(rate(workload_requests_total{${sel},status_class="5xx"}[60s])) or vector(0)) / sum(rate(workload_requests_total{${sel}}[60s]))`
    );
    assert.equal(
      q.p95Ms,
      `histogram_quantile(0.95, sum by (le) (rate(workload_request_duration_seconds_bucket{${sel}}[60s]))) * 1000`
    );
    assert.throws(
      () => gateQueries({ service: 'gateway', environment: 'prod', shards: ['x"}'], windowSeconds: 60 }, 'stable'),
      RangeError
    );
    assert.throws(
      () => gateQueries({ service: 'gateway', environment: 'prod', shards: [], windowSeconds: 60 }, 'stable'),
      RangeError
    );
  });
});
