import { jobDetail } from '../../test/operationsFixtures';
import { errorRatio, shardLoad, tenant5xxRatio, tenantInFlight, tenantLoad } from '../../shared/queries';
import { jobTraffic, jobWindow } from './jobTraffic';

const exprs = (t: ReturnType<typeof jobTraffic>) => Object.fromEntries(t.queries.map((q) => [q.refId, q.expr]));

describe('jobTraffic', () => {
  it('a tenant drain graphs the tenant’s load and in-flight commands by shard (they fall to zero)', () => {
    const t = jobTraffic(jobDetail());
    expect(t.heading).toBe('Traffic of tenant acme by shard');
    expect(exprs(t)).toEqual({
      'load-gateway': tenantLoad('acme', 'gateway', { by: ['shard'] }),
      'load-aggregate': tenantLoad('acme', 'aggregate', { by: ['shard'] }),
      'load-projection': tenantLoad('acme', 'projection', { by: ['shard'] }),
      inflight: tenantInFlight('acme', { by: ['shard'] }),
      errors: tenant5xxRatio('acme'),
    });
    expect(t.panels.map((p) => p.title)).toEqual(['Load by shard', 'Commands in flight', '5xx ratio']);
    // Every refId a panel shows is queried.
    const refIds = new Set(t.queries.map((q) => q.refId));
    expect(t.panels.flatMap((p) => p.refIds).every((r) => refIds.has(r))).toBe(true);
  });

  it('a migration graphs only the moved kind, by shard (source falls, target rises)', () => {
    const t = jobTraffic(
      jobDetail({ type: 'tenant.migrate', params: { tenantId: 'acme', kind: 'projection', targetShardId: 'p-2' } })
    );
    expect(t.panels[0]).toMatchObject({ title: 'Load by shard', refIds: ['load-projection'] });
    expect(exprs(t)['load-projection']).toBe(tenantLoad('acme', 'projection', { by: ['shard'] }));
  });

  it('a shard job graphs that shard’s load for any kind and its 5xx ratio', () => {
    const t = jobTraffic(jobDetail({ type: 'shard.drain', tenantId: null, params: { shardId: 'gw-prod-1' } }));
    expect(t.heading).toBe('Traffic of shard gw-prod-1');
    expect(exprs(t)).toMatchObject({
      'load-gateway': shardLoad('gateway', { shard: 'gw-prod-1' }),
      'load-runner': shardLoad('runner', { shard: 'gw-prod-1' }),
      errors: errorRatio({ shard: 'gw-prod-1' }),
    });
  });

  it('a job without a tenant or shard graphs its environment’s shards (a rebalance: only its kind)', () => {
    const t = jobTraffic(
      jobDetail({ type: 'rebalance.apply', tenantId: null, environment: 'staging', params: { kind: 'aggregate' } })
    );
    expect(t.heading).toBe('Traffic of staging by shard');
    expect(exprs(t)['load-aggregate']).toBe(shardLoad('aggregate', { env: 'staging' }));
    expect(exprs(t)['load-gateway']).toBeUndefined();
  });
});

describe('jobWindow', () => {
  const now = Date.parse('2026-11-23T12:00:00.000Z');

  it('runs from 15 minutes before the start to now while the job is active', () => {
    expect(jobWindow(jobDetail(), now)).toEqual({ from: '2026-11-23T09:45:01.000Z', to: 'now' });
  });

  it('ends 15 minutes after a finished job, or now when that is still ahead', () => {
    const finished = jobDetail({ status: 'succeeded', finishedAt: '2026-11-23T10:05:00.000Z' });
    expect(jobWindow(finished, now)).toEqual({ from: '2026-11-23T09:45:01.000Z', to: '2026-11-23T10:20:00.000Z' });
    expect(jobWindow(finished, Date.parse('2026-11-23T10:10:00.000Z')).to).toBe('now');
  });

  it('starts from the creation time when the job never started', () => {
    expect(jobWindow(jobDetail({ startedAt: null, status: 'queued' }), now).from).toBe('2026-11-23T09:45:00.000Z');
  });
});
