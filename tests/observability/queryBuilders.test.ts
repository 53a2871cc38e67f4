import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICE_KINDS, type ServiceKind } from '../../src/contract/placement';
import { idempotencyKey, TEST_METRICS_TOKEN } from '../../src/sidecar/testing/testApp';
import { startIsolationFixture, type IsolationFixture } from '../../src/sidecar/testing/isolationFixture';
import { startHost, type RunningHost } from '../host/server/app';
import { computeIntervals, interpolatePromBuiltins } from '../host/server/intervals';
import { tenantRequestRate } from '../../src/shared/queries';
import { builderExpressions, PROMQL_BUILDERS, type Seed } from './queryBuilderExpressions';
import { TestStack } from './support';

/**
 * Every PromQL expression the shared query builders can produce (for a seeded tenant, its shards and
 * environment) runs against a real VictoriaMetrics scraping the simulator (traffic, every second) and
 * the real sidecar (isolation verdicts, jobs), after the test host's Grafana variable interpolation,
 * and must return series.
 */
const stack = new TestStack();
let fx: IsolationFixture | undefined;
let seed: Seed;
let host: RunningHost | undefined;

before(async () => {
  const simUrl = await stack.startSimulator(250);
  // The sidecar probes its own simulator; one tenant violates isolation, jobs of one type need approval.
  fx = await startIsolationFixture('sqlite', {
    simTenants: 4,
    records: 4,
    problems: { 0: 'privilege_violation' },
    env: { SWITCHYARD_ISOLATION_REFRESH_MS: '500', SWITCHYARD_APPROVAL_POLICY: '*:tenant.suspend' },
  });
  const sidecarUrl = (await fx.t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  await stack.startVictoriaMetrics([
    { job: 'switchyard-simulator', target: new URL(simUrl).host, service: 'simulator', env: 'test', honorLabels: true },
    {
      job: 'switchyard-sidecar',
      target: new URL(sidecarUrl).host,
      service: 'sidecar',
      env: 'test',
      bearerToken: TEST_METRICS_TOKEN,
    },
  ]);
  const active = await fx.t.call('changeTenantStatus', {
    params: { id: fx.tenants[1].id },
    body: { to: 'active', reason: 'query builder check' },
  });
  assert.equal(active.statusCode, 200, active.body);
  const job = await fx.t.call('createJob', {
    body: { type: 'tenant.suspend', params: { tenantId: fx.tenants[1].id }, reason: 'query builder check' },
    headers: { 'idempotency-key': idempotencyKey() },
  });
  assert.equal(job.statusCode, 201, job.body);

  const model = stack.sim!.model;
  const busiest = [...model.tenants].sort((a, b) => b.baseRps - a.baseRps);
  const tenant = busiest[0];
  seed = {
    tenant: tenant.id,
    otherTenant: busiest[1].id,
    isolationTenant: fx.tenants[0].id,
    env: tenant.env,
    shards: Object.fromEntries(SERVICE_KINDS.map((k) => [k, model.shardOf(tenant.id, k) ?? ''])) as Record<
      ServiceKind,
      string
    >,
  };
  await stack.waitForQuery(
    'count(rate(gateway_request_duration_seconds_bucket[30s]) > 0)',
    (n, v) => n === 1 && v[0] > 100,
    30_000
  );
  await stack.waitForQuery('count(switchyard_isolation_verdict)', (n, v) => n === 1 && v[0] >= 4, 30_000);
  await stack.waitForQuery('sum(switchyard_jobs_active)', (n, v) => n === 1 && v[0] >= 1, 30_000);
});
after(async () => {
  await host?.close();
  await stack.stop();
  await fx?.close();
});

/** `$__rate_interval` etc. as the host resolves them for a 15-minute panel (scrape interval 1s here). */
function interpolated(expr: string): string {
  const to = 1_000_000_000_000;
  return interpolatePromBuiltins(
    expr,
    computeIntervals({ fromMs: to - 900_000, toMs: to, intervalMs: 5_000, scrapeInterval: '1s' })
  );
}

describe('shared query builders against VictoriaMetrics fed by the simulator and the sidecar', () => {
  it('the enumeration covers every exported PromQL builder', () => {
    const covered = new Set(builderExpressions(seed).map((b) => b.builder));
    assert.deepEqual(
      PROMQL_BUILDERS.filter((b) => !covered.has(b)),
      [],
      'builders without an expression in queryBuilderExpressions.ts'
    );
  });

  it('every expression parses and returns series for the seeded tenant, shards and environment', async () => {
    const all = builderExpressions(seed);
    const failures: string[] = [];
    for (const { builder, expr } of all) {
      const r = await stack.query(interpolated(expr));
      if (r.status !== 'success') failures.push(`${builder}: ${r.error} — ${expr}`);
      else if ((r.data?.result.length ?? 0) === 0) failures.push(`${builder}: no series — ${expr}`);
    }
    assert.deepEqual(failures, []);
    process.stdout.write(`# ${all.length} builder expressions returned series (tenant ${seed.tenant}, ${seed.env})\n`);
  });

  it('literal values select only what they name', async () => {
    const one = await stack.query(
      interpolated(
        builderExpressions(seed).find(
          (b) => b.expr.includes('by (env, shard, tenant_id)') && b.builder === 'tenantRequestRate'
        )!.expr
      )
    );
    assert.deepEqual([...new Set(one.data?.result.map((x) => x.metric.tenant_id))], [seed.tenant]);
    const hostileId = `${seed.tenant}"} or vector(1) or {a="`;
    const hostile = await stack.query(tenantRequestRate(hostileId, { by: ['tenant_id'], window: '30s' }));
    assert.equal(hostile.status, 'success');
    assert.deepEqual(hostile.data?.result, [], 'an escaped hostile value matches nothing and injects nothing');
  });

  it('through the test host: /api/ds/query resolves the variables and every expression returns frames', async () => {
    host = await startHost({
      line: 'grafana-12',
      dataSources: [
        {
          id: 1,
          uid: 'switchyard-vm',
          name: 'VictoriaMetrics',
          type: 'prometheus',
          url: stack.vmUrl,
          isDefault: true,
          jsonData: { timeInterval: '1s' },
        },
      ],
    });
    const to = Date.now();
    const ask = async (expr: string, instant: boolean) => {
      const res = await fetch(`${host!.url}/api/ds/query`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from('viewer:viewer').toString('base64')}`,
        },
        body: JSON.stringify({
          from: String(to - 60_000),
          to: String(to),
          queries: [
            {
              refId: 'A',
              datasource: { uid: 'switchyard-vm', type: 'prometheus' },
              expr,
              instant,
              range: !instant,
              intervalMs: 1000,
              maxDataPoints: 200,
            },
          ],
        }),
      });
      const body = (await res.json()) as { results: { A: { status: number; error?: string; frames: unknown[] } } };
      return body.results.A;
    };
    const failures: string[] = [];
    for (const { builder, expr } of builderExpressions(seed)) {
      const r = await ask(expr, false);
      if (r.status !== 200 || r.frames.length === 0) failures.push(`${builder}: ${r.error ?? 'no frames'} — ${expr}`);
    }
    // The Overview uptime block's query: [$__range] must reach VictoriaMetrics as a duration.
    const uptime = await ask('100 * avg by (service) (avg_over_time(up{service!=""}[$__range]))', true);
    if (uptime.status !== 200 || uptime.frames.length === 0) failures.push(`uptime: ${uptime.error ?? 'no frames'}`);
    assert.deepEqual(failures, []);
  });
});
