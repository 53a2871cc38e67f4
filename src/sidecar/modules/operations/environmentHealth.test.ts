/** The health snapshot's stale mark, driven by an injected clock and a scripted reader (no timers). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import { PlatformHealthSchema } from '../../../contract';
import type { WorkloadReader, WorkloadSnapshot } from '../../platform/kubernetesHealthReader';
import { HealthReadError } from '../../platform/kubernetesHealthReader';
import { EnvironmentHealth } from './environmentHealth';

const START = new Date('2026-11-23T12:00:00Z');

function setup(refreshMs = 30_000) {
  let now = START.getTime();
  let fail = false;
  const empty: WorkloadSnapshot = { pods: [], deployments: [], cronJobs: [], jobs: [] };
  const reader: WorkloadReader = {
    namespace: 'platform-prod',
    read: async () => {
      if (fail) throw new HealthReadError('unreachable', 'The Kubernetes API is unreachable');
      return empty;
    },
  };
  const service = new EnvironmentHealth(
    reader,
    { namespace: 'platform-prod', environment: 'prod', refreshMs, cronWindowMinutes: 35 },
    pino({ level: 'silent' }),
    { now: () => new Date(now) }
  );
  return {
    service,
    advance: (ms: number) => (now += ms),
    failReads: (v: boolean) => (fail = v),
  };
}

describe('health snapshot stale mark', () => {
  test('fresh data is not stale; it says its refresh interval', async () => {
    const { service } = setup();
    await service.refresh();
    const s = PlatformHealthSchema.parse(service.snapshot());
    assert.equal(s.stale, false);
    assert.equal(s.refreshIntervalSeconds, 30);
  });

  test('a refresh under way does not make data stale; a missed refresh does', async () => {
    const { service, advance } = setup();
    await service.refresh();
    advance(60_000);
    assert.equal(service.snapshot().stale, false, 'exactly one interval plus its grace');
    advance(1);
    const s = service.snapshot();
    assert.equal(s.stale, true);
    assert.equal(s.error, null, 'stale without an error: the refresh just has not happened');
    assert.equal(s.lastSuccessAt, START.toISOString());
  });

  test('a failed read marks the last good data stale at once; a good read clears it', async () => {
    const { service, advance, failReads } = setup();
    await service.refresh();
    failReads(true);
    advance(1_000);
    await service.refresh();
    assert.equal(service.snapshot().stale, true);
    assert.equal(service.snapshot().error?.code, 'unreachable');
    failReads(false);
    advance(1_000);
    await service.refresh();
    assert.equal(service.snapshot().stale, false);
  });

  test('the auth component follows the outcome of the reads', async () => {
    const { service, advance, failReads } = setup();
    assert.equal(service.snapshot().auth?.state, 'unknown', 'nothing checked yet');
    await service.refresh();
    assert.deepEqual(service.snapshot().auth, {
      name: 'kubernetes-api-auth',
      state: 'healthy',
      reason: null,
      checkedAt: START.toISOString(),
      lastSuccessAt: START.toISOString(),
    });
    failReads(true);
    advance(1_000);
    await service.refresh();
    const auth = service.snapshot().auth;
    assert.equal(auth?.state, 'unknown', 'an unreachable API verifies nothing');
    assert.match(auth?.reason ?? '', /not verified: The Kubernetes API is unreachable/);
    assert.equal(auth?.lastSuccessAt, START.toISOString());
  });

  test('nothing read yet is not "stale" (there is no older data)', () => {
    const { service } = setup();
    assert.equal(service.snapshot().stale, false);
  });
});
