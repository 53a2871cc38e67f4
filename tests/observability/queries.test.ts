import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DASHBOARDS } from '../../dashboards/builder/index';
import { DS, exprOf, isControlPlaneTarget, variableQuery, type PromVarName } from '../../dashboards/builder/lib';
import { DsQuerySchema } from '../../src/contract/datasource';
import { ENVIRONMENTS } from '../../src/contract/tenants';
import { interpolateModel } from '../../src/datasource/templating';
import { TestStack, substitute } from './support';

/**
 * A Switchyard data source query model as the backend receives it: the data source interpolates the
 * dashboard variables first (`$environment` at All → every environment, as a csv list), then the
 * contract must accept it.
 */
function controlPlaneModelError(model: object): string | undefined {
  const values: Record<string, string> = { environment: ENVIRONMENTS.join(',') };
  const interpolated = interpolateModel(model, undefined, (text) =>
    text.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (m, name: string) => values[name] ?? m)
  );
  const r = DsQuerySchema.safeParse(interpolated);
  return r.success ? undefined : r.error.message;
}

/**
 * Every PromQL expression of every dashboard, run against a real VictoriaMetrics that scrapes the
 * simulator every second. Syntax errors fail; core panels that come back empty fail. Targets of the
 * Switchyard data source are query models, not PromQL: each is checked against its contract instead.
 */
const stack = new TestStack();
before(async () => {
  const sim = await stack.startSimulator(250);
  const host = new URL(sim).host;
  await stack.startVictoriaMetrics([
    { job: 'switchyard-simulator', target: host, service: 'simulator', env: 'test', honorLabels: true },
  ]);
  // Enough scrapes for rate() and histogram_quantile() over a 30s window.
  await stack.waitForQuery(
    'count(rate(gateway_request_duration_seconds_bucket[30s]) > 0)',
    (n, v) => n === 1 && v[0] > 100,
    30_000
  );
  await stack.waitForQuery('count_over_time(simulator_ticks_total[30s])', (n, v) => n === 1 && v[0] >= 4, 30_000);
});
after(async () => stack.stop());

describe('dashboard queries against VictoriaMetrics fed by the simulator', () => {
  for (const d of DASHBOARDS) {
    it(`${d.uid}: every PromQL parses, every control-plane query model is valid, core panels return data`, async () => {
      const failures: string[] = [];
      for (const a of d.annotations ?? []) {
        const error = controlPlaneModelError(a.model);
        if (error) failures.push(`annotation ${a.name}: ${error}`);
      }
      for (const p of d.panels.filter((x) => x.ds !== 'loki')) {
        for (const t of p.targets) {
          if (p.ds === 'controlPlane' || isControlPlaneTarget(t)) {
            // Only a query model of the Switchyard data source type is exempt from running as PromQL.
            assert.equal(DS[p.ds ?? 'vm'].type, 'switchyard-controlplane-datasource', `${p.title}: data source type`);
            assert.ok(isControlPlaneTarget(t), `${p.title}: a Switchyard panel target without a query model`);
            const error = controlPlaneModelError(t.model);
            if (error) failures.push(`${p.title}: ${error}`);
            continue;
          }
          const expr = substitute(t.expr);
          const r = await stack.query(expr);
          if (r.status !== 'success') failures.push(`${p.title}: ${r.error} — ${expr}`);
          else if (p.core && (r.data?.result.length ?? 0) === 0)
            failures.push(`${p.title}: core panel returned no series — ${expr}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  it('the harness reports a malformed expression and an unknown function as errors', async () => {
    assert.equal((await stack.query('sum(rate(gateway_requests_total[1m])')).status, 'error');
    assert.equal((await stack.query('no_such_function(up)')).status, 'error');
  });

  it('every variable query returns values', async () => {
    for (const name of ['env', 'service', 'shard', 'tenant'] as PromVarName[]) {
      const m = /^label_values\((.*),\s*([a-z_]+)\)$/.exec(variableQuery(name));
      assert.ok(m, name);
      const values = await stack.labelValues(m[2], substitute(m[1]));
      assert.ok(values.length > 0, `${name}: no values`);
    }
    assert.deepEqual((await stack.labelValues('env', 'gateway_build_info')).sort(), ['dev', 'prod', 'staging']);
  });

  it('a tenant-filtered panel returns only that tenant', async () => {
    const target = DASHBOARDS.find((d) => d.uid === 'switchyard-http')?.panels.find(
      (p) => p.title === 'Tenant p95 latency'
    )?.targets[0];
    const expr = target ? exprOf(target) : '';
    const r = await stack.query(substitute(expr, '30s', { tenant: 'acme-001' }));
    assert.equal(r.status, 'success');
    assert.deepEqual([...new Set(r.data?.result.map((x) => x.metric.tenant_id))], ['acme-001']);
  });

  it('the noisy-tenant knob puts that tenant on top of the noisy-neighbour panels', async () => {
    const noisy = DASHBOARDS.find((d) => d.uid === 'switchyard-noisy-neighbour');
    const exprOfPanel = (title: string) => {
      const t = noisy?.panels.find((p) => p.title === title)?.targets[0];
      return t ? exprOf(t) : '';
    };
    const top = exprOfPanel('Top tenants by request rate');
    const share = exprOfPanel('Tenant share of its gateway shard');
    const q = async (expr: string) => (await stack.query(substitute(expr, '5s'))).data?.result ?? [];
    // Pick a quiet tenant: not in the top 10 before the knob is flipped.
    const before = await q(top);
    const state = (await (await fetch(`${stack.simUrl}/sim/state`)).json()) as {
      tenants: Array<{ id: string; baseRps: number }>;
    };
    const quiet = state.tenants
      .filter((t) => !before.some((r) => r.metric.tenant_id === t.id))
      .sort((a, b) => a.baseRps - b.baseRps)[0];
    assert.ok(quiet, 'a tenant outside the top 10');
    const res = await fetch(`${stack.simUrl}/sim/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ noisyTenants: [{ tenantId: quiet.id, factor: 200 }] }),
    });
    assert.equal(res.status, 200);
    const deadline = Date.now() + 20_000;
    let ranked: typeof before = [];
    let mine: (typeof before)[number] | undefined;
    while (Date.now() < deadline) {
      ranked = [...(await q(top))].sort((a, b) => Number(b.value[1]) - Number(a.value[1]));
      mine = (await q(share)).find((r) => r.metric.tenant_id === quiet.id);
      if (ranked[0]?.metric.tenant_id === quiet.id && Number(mine?.value[1]) > 0.5) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(
      ranked[0]?.metric.tenant_id,
      quiet.id,
      `top tenant after the knob: ${JSON.stringify(ranked.slice(0, 3).map((r) => [r.metric.tenant_id, r.value[1]]))}`
    );
    assert.ok(mine && Number(mine.value[1]) > 0.5, `share of its shard: ${mine?.value[1]}`);
    process.stdout.write(
      `# knob: ${quiet.id} (base ${quiet.baseRps} rps) → top tenant at ${Number(ranked[0].value[1]).toFixed(1)} rps, ${(Number(mine?.value[1]) * 100).toFixed(0)}% of ${mine?.metric.shard}\n`
    );
  });
});
