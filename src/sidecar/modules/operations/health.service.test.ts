/**
 * Platform health over several environments: one snapshot per namespace, each with its own last
 * check and stale mark (one environment's failing API does not mark another stale), and only the
 * environments the caller's scope reaches.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pino from 'pino';
import { PlatformHealthOverviewSchema } from '../../../contract';
import { openSidecarDatabase } from '../../app';
import type { Executor } from '../../kernel/database/schema';
import { ALL_TENANTS, NO_TENANTS } from '../../kernel/scope';
import { HealthReadError, type WorkloadSnapshot } from '../../platform/kubernetesHealthReader';
import { HealthService } from './health.service';

const START = new Date('2026-11-23T12:00:00Z');

function setup(db: Executor = {} as Executor) {
  let now = START.getTime();
  const failing = new Set<string>();
  const empty: WorkloadSnapshot = { pods: [], deployments: [], cronJobs: [], jobs: [] };
  const service = new HealthService(
    (namespace) => ({
      namespace,
      read: async () => {
        if (failing.has(namespace)) throw new HealthReadError('unreachable', 'The Kubernetes API is unreachable');
        return empty;
      },
    }),
    {
      environments: ['dev', 'staging', 'prod'],
      namespaceFor: (env) => `platform-${env}`,
      refreshMs: 30_000,
      cronWindowMinutes: 35,
    },
    pino({ level: 'silent' }),
    { now: () => new Date(now) },
    // Only a limited scope that does not grant an environment whole reads the tenants table.
    db
  );
  return { service, advance: (ms: number) => (now += ms), failing };
}

describe('platform health per environment', () => {
  test('each environment has its own snapshot, last check and stale mark', async () => {
    const { service, advance, failing } = setup();
    await service.refresh();
    advance(10_000);
    failing.add('platform-staging');
    await service.refresh();
    const o = PlatformHealthOverviewSchema.parse(await service.snapshotFor(ALL_TENANTS));
    assert.deepEqual(
      o.environments.map((e) => [e.environment, e.namespace, e.stale, e.error?.code ?? null]),
      [
        ['dev', 'platform-dev', false, null],
        ['staging', 'platform-staging', true, 'unreachable'],
        ['prod', 'platform-prod', false, null],
      ]
    );
    const at = (env: string) => o.environments.find((e) => e.environment === env)!;
    assert.equal(at('dev').lastSuccessAt, new Date(START.getTime() + 10_000).toISOString());
    assert.equal(at('staging').lastSuccessAt, START.toISOString(), 'staging keeps its last good read');
    assert.equal(at('staging').auth?.state, 'unknown');
    assert.equal(at('prod').auth?.state, 'healthy');
  });

  test('a caller sees the environments their scope reaches; one outside it answers 404', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-health-'));
    const database = await openSidecarDatabase({ kind: 'sqlite', path: join(dir, 'h.db') });
    t.after(async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const { service } = setup(database.db);
    await service.refresh();
    const limited = { ...NO_TENANTS, environments: ['staging'] };
    assert.deepEqual(
      (await service.snapshotFor(limited)).environments.map((e) => e.environment),
      ['staging']
    );
    assert.deepEqual(
      (await service.snapshotFor(ALL_TENANTS, 'prod')).environments.map((e) => e.environment),
      ['prod']
    );
    await assert.rejects(service.snapshotFor(limited, 'prod'), /Platform health of environment prod was not found/);
    assert.deepEqual((await service.snapshotFor(NO_TENANTS)).environments, [], 'nothing of theirs anywhere');
  });
});
