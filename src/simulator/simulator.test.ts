import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadSimConfig } from './config';
import { getJson, parseExposition, startTestSimulator, waitFor } from './testing/startSimulator';
import type { Simulator } from './app';
import { R } from './kubernetes/workloads';

let sim: Simulator;
let url: string;
before(async () => ({ sim, url } = await startTestSimulator()));
after(async () => sim.stop());

const metricsOf = async () => parseExposition(await (await fetch(`${url}/metrics`)).text());
const sum = (
  samples: Awaited<ReturnType<typeof metricsOf>>,
  name: string,
  pred: (l: Record<string, string>) => boolean = () => true
) => samples.filter((s) => s.name === name && pred(s.labels)).reduce((a, s) => a + s.value, 0);

describe('simulator model and config', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await startTestSimulator({ seed: 7 });
    const b = await startTestSimulator({ seed: 7 });
    const c = await startTestSimulator({ seed: 8 });
    try {
      const [sa, sb, sc] = await Promise.all([a, b, c].map(async (x) => (await getJson(`${x.url}/sim/state`)).body));
      assert.deepEqual(sa.tenants, sb.tenants);
      assert.notDeepEqual(
        sa.tenants.map((t: any) => t.organizationId),
        sc.tenants.map((t: any) => t.organizationId)
      ); // eslint-disable-line @typescript-eslint/no-explicit-any
    } finally {
      await Promise.all([a, b, c].map((x) => x.sim.stop()));
    }
  });

  it('defaults to 60 tenants, 3 environments and shards for every kind', async () => {
    const { body } = await getJson(`${url}/sim/state`);
    assert.equal(body.tenants.length, 60);
    assert.deepEqual([...new Set(body.tenants.map((t: { environment: string }) => t.environment))].sort(), [
      'dev',
      'prod',
      'staging',
    ]);
    for (const kind of ['gateway', 'aggregate', 'projection', 'runner']) {
      assert.ok(
        body.shards.some((s: { kind: string }) => s.kind === kind),
        kind
      );
    }
  });

  it('reads knobs from env and flags and names a bad variable', () => {
    const c = loadSimConfig({ SIM_TENANTS: '12', SIM_NOISY_TENANT: 'acme-001' }, [
      '--error-burst=globex-002:0.5',
      '--platform-api-delay-ms=250',
    ]);
    assert.equal(c.tenants, 12);
    assert.deepEqual(c.scenarios.noisyTenants, [{ tenantId: 'acme-001', factor: 25 }]);
    assert.deepEqual(c.scenarios.errorBursts, [{ tenantId: 'globex-002', ratio: 0.5 }]);
    assert.equal(c.scenarios.platformApiDelayMs, 250);
    assert.throws(() => loadSimConfig({ SIM_TENANTS: 'many' }, []), /SIM_TENANTS/);
  });
});

describe('metrics', () => {
  it('follows the label rules: service and env everywhere, no raw paths, tenant only on tenant aggregates', async () => {
    const samples = await metricsOf();
    assert.ok(samples.length > 500);
    for (const s of samples) {
      assert.ok(s.labels.service, `${s.name} lacks service`);
      assert.ok(s.labels.env, `${s.name} lacks env`);
      if (s.labels.route) assert.match(s.labels.route, /^\/[a-z0-9/:_]*$/, 'route is a template');
      if (s.name.startsWith('http_route_')) assert.equal(s.labels.tenant_id, undefined);
      assert.equal(s.labels.path, undefined);
    }
    for (const kind of ['gateway', 'aggregate', 'projection', 'runner']) {
      assert.ok(
        samples.some((s) => s.name === `${kind}_build_info` && s.labels.version && s.labels.git_sha),
        kind
      );
    }
    for (const name of [
      'aggregate_in_flight_commands',
      'projection_processing_errors_total',
      'eventbus_consumer_pending_messages',
      'eventbus_consumer_redeliveries_total',
      'runner_outbox_depth',
      'runner_effect_duration_seconds_bucket',
      'storage_volume_used_bytes',
      'storage_tenant_size_bytes',
      'kube_pod_container_status_restarts_total',
      'gateway_request_duration_seconds_bucket',
    ]) {
      assert.ok(
        samples.some((s) => s.name === name),
        name
      );
    }
    const tenantSeries = samples.filter((s) => s.name === 'gateway_requests_total');
    assert.ok(
      tenantSeries.every((s) => s.labels.tenant_id && s.labels.shard && /^[2-5]xx$/.test(s.labels.status_class))
    );
  });

  it('counters advance with the tick loop', async () => {
    const first = sum(await metricsOf(), 'gateway_requests_total');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(sum(await metricsOf(), 'gateway_requests_total') > first);
  });

  it("a noisy tenant knob multiplies that tenant's traffic and the error burst knob raises its 5xx", async () => {
    const tenant = 'initech-003';
    const rate = async (pred: (l: Record<string, string>) => boolean, ms: number) => {
      const a = sum(await metricsOf(), 'gateway_requests_total', pred);
      await new Promise((r) => setTimeout(r, ms));
      return (sum(await metricsOf(), 'gateway_requests_total', pred) - a) / (ms / 1000);
    };
    const calm = await rate((l) => l.tenant_id === tenant, 1000);
    const r = await getJson(`${url}/sim/scenarios`, {
      method: 'POST',
      body: JSON.stringify({
        noisyTenants: [{ tenantId: tenant, factor: 30 }],
        errorBursts: [{ tenantId: tenant, ratio: 0.5 }],
      }),
    });
    assert.equal(r.status, 200);
    try {
      const noisy = await rate((l) => l.tenant_id === tenant, 1000);
      assert.ok(noisy > calm * 8, `noisy ${noisy} vs calm ${calm}`);
      const errors = await rate((l) => l.tenant_id === tenant && l.status_class === '5xx', 1000);
      assert.ok(errors > noisy * 0.25, `5xx ${errors} of ${noisy}`);
    } finally {
      await getJson(`${url}/sim/scenarios`, { method: 'DELETE' });
    }
  });

  it('rejects a malformed scenario patch with 400', async () => {
    const r = await getJson(`${url}/sim/scenarios`, {
      method: 'POST',
      body: JSON.stringify({ errorBursts: [{ ratio: 7 }] }),
    });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /errorBursts/);
  });
});

describe('node admin API', () => {
  it('drain makes in-flight decay to zero and stops new work; undrain resumes; each counted once', async () => {
    await getJson(`${url}/sim/effects/reset`, { method: 'POST' });
    const { body: state } = await getJson(`${url}/sim/state`);
    const t = state.tenants[4];
    const shard = t.placement.aggregate;
    await getJson(`${url}/sim/scenarios`, {
      method: 'POST',
      body: JSON.stringify({ noisyTenants: [{ tenantId: t.id, factor: 10 }] }),
    });
    const inflight = async () =>
      (await getJson(`${url}/nodes/${shard}/status`)).body.tenants.find(
        (x: { tenantId: string }) => x.tenantId === t.id
      )?.inFlight;
    await waitFor(async () => (await inflight()) > 0, 3000, 'in-flight work before drain');
    const d = await getJson(`${url}/nodes/${shard}/tenants/${t.id}/drain`, { method: 'POST' });
    assert.equal(d.status, 202);
    await waitFor(async () => (await inflight()) === 0, 10_000, 'in-flight to reach zero');
    const m = await metricsOf();
    assert.equal(
      sum(m, 'node_tenant_draining', (l) => l.tenant_id === t.id && l.shard === shard),
      1
    );
    assert.equal(
      sum(m, 'aggregate_in_flight_commands', (l) => l.tenant_id === t.id && l.shard === shard),
      0
    );
    await getJson(`${url}/nodes/${shard}/tenants/${t.id}/undrain`, { method: 'POST' });
    await waitFor(async () => (await inflight()) > 0, 3000, 'in-flight after undrain');
    const { body: fx } = await getJson(`${url}/sim/effects`);
    assert.equal(fx.byTarget[`drain:${t.id}@${shard}`], 1);
    assert.equal(fx.byTarget[`undrain:${t.id}@${shard}`], 1);
    assert.equal(fx.counts.drain, 1);
    await getJson(`${url}/sim/scenarios`, { method: 'DELETE' });
  });

  it('a stuck drain never converges', async () => {
    const { body: state } = await getJson(`${url}/sim/state`);
    const t = state.tenants[5];
    const shard = t.placement.aggregate;
    await getJson(`${url}/sim/scenarios`, { method: 'POST', body: JSON.stringify({ stuckDrains: [t.id] }) });
    await getJson(`${url}/nodes/${shard}/tenants/${t.id}/drain`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 1500));
    const st = (await getJson(`${url}/nodes/${shard}/status`)).body.tenants.find(
      (x: { tenantId: string }) => x.tenantId === t.id
    );
    assert.ok(st.inFlight > 0 && st.draining);
    await getJson(`${url}/nodes/${shard}/tenants/${t.id}/undrain`, { method: 'POST' });
    await getJson(`${url}/sim/scenarios`, { method: 'DELETE' });
  });

  it("reload with new assignments moves the tenant's traffic to the target shard", async () => {
    const { body: state } = await getJson(`${url}/sim/state`);
    const t = state.tenants[6];
    const from = t.placement.gateway;
    const to = state.shards.find(
      (s: { kind: string; env: string; id: string }) => s.kind === 'gateway' && s.env === t.environment && s.id !== from
    ).id;
    const r = await getJson(`${url}/nodes/${to}/reload`, {
      method: 'POST',
      body: JSON.stringify({ assignments: [{ tenantId: t.id, kind: 'gateway', shard: to }] }),
    });
    assert.equal(r.status, 200);
    assert.ok(r.body.tenants.includes(t.id));
    const at = async (shard: string) =>
      sum(await metricsOf(), 'gateway_requests_total', (l) => l.tenant_id === t.id && l.shard === shard);
    const [f0, t0] = [await at(from), await at(to)];
    await new Promise((res) => setTimeout(res, 1200));
    assert.equal(await at(from), f0, 'no more traffic on the source');
    assert.ok((await at(to)) > t0, 'traffic on the target');
    const bad = await getJson(`${url}/nodes/${to}/reload`, {
      method: 'POST',
      body: JSON.stringify({ assignments: [{ tenantId: t.id, kind: 'runner', shard: to }] }),
    });
    assert.equal(bad.status, 400);
    assert.equal((await getJson(`${url}/nodes/nope-0/status`)).status, 404);
  });
});

describe('runtime isolation API', () => {
  it('returns every SPEC §3 field, clean for most tenants and seeded problems for a few', async () => {
    const { body: state } = await getJson(`${url}/sim/state`);
    const problems = state.tenants.map((t: { isolationProblem: string | null }) => t.isolationProblem).filter(Boolean);
    assert.ok(problems.length >= 5 && problems.length <= 15, `${problems.length} problem tenants`);
    for (const p of [
      'naming_mismatch',
      'shared_connection',
      'privilege_violation',
      'schema_misalignment',
      'credential_missing',
    ])
      assert.ok(problems.includes(p), p);
    const clean = state.tenants.find((t: { isolationProblem: string | null }) => !t.isolationProblem);
    const { status, body } = await getJson(`${url}/v1/runtime/isolation?tenant=${clean.id}`);
    assert.equal(status, 200);
    for (const k of [
      'tenantSchema',
      'connection',
      'databaseScope',
      'dataPlaneMode',
      'appDatabase',
      'runtimeAuthMode',
      'rbacMode',
      'deployment',
      'catalog',
      'schema',
      'managedCredentialRef',
      'privilegeProbe',
      'credits',
      'hostedRuntime',
      'entityCounts',
    ])
      assert.ok(k in body, k);
    assert.equal(
      body.appDatabase.name,
      `appdb_${clean.organizationId.replace(/-/g, '')}_${clean.applicationId.replace(/-/g, '').slice(0, 8)}`
    );
    assert.equal(body.managedCredentialRef, `vault:kv/tenants/${clean.id}#dsn`);
    assert.equal(body.connection.kind, 'isolated');
    // The same platform everywhere: the deployment serving the tenant exists in its namespace, and the
    // tenant's DSN Secret points at the database, host and user the report names.
    const [, namespace, deployment] = /^k8s:\/\/([^/]+)\/(.+)$/.exec(body.deployment.target) ?? [];
    assert.ok(sim.cluster.store.get(R.Deployment, namespace, deployment), body.deployment.target);
    const secret = sim.cluster.store.mustGet(R.Secret, namespace, `tenant-${clean.id}-db`);
    const dsn = new URL(Buffer.from(String((secret.data as Record<string, string>).dsn), 'base64').toString('utf8'));
    assert.deepEqual(
      [dsn.username, dsn.hostname, dsn.pathname.slice(1)],
      [body.connection.user, body.connection.host, body.appDatabase.name]
    );
    assert.deepEqual(body.privilegeProbe.siblingTablesReadable, []);
    const byPath = await getJson(`${url}/v1/runtime/isolation/${clean.id}`);
    assert.equal(byPath.body.tenantId, clean.id);
    const find = (p: string) =>
      state.tenants.find((t: { isolationProblem: string | null }) => t.isolationProblem === p).id;
    const nm = state.tenants.find((t: { isolationProblem: string | null }) => t.isolationProblem === 'naming_mismatch');
    const nmBody = (await getJson(`${url}/v1/runtime/isolation/${nm.id}`)).body;
    assert.equal(nmBody.databaseScope, 'app_database');
    assert.notEqual(
      nmBody.appDatabase.name,
      `appdb_${nm.organizationId.replace(/-/g, '')}_${nm.applicationId.replace(/-/g, '').slice(0, 8)}`
    );
    assert.equal(
      (await getJson(`${url}/v1/runtime/isolation/${find('shared_connection')}`)).body.connection.kind,
      'shared'
    );
    assert.ok(
      (await getJson(`${url}/v1/runtime/isolation/${find('privilege_violation')}`)).body.privilegeProbe
        .forbiddenPlatformTablesReadable.length > 0
    );
    const mis = (await getJson(`${url}/v1/runtime/isolation/${find('schema_misalignment')}`)).body;
    assert.notEqual(mis.schema.current, mis.schema.expected);
    assert.equal(
      (await getJson(`${url}/v1/runtime/isolation/${find('credential_missing')}`)).body.managedCredentialRef,
      null
    );
    assert.equal((await getJson(`${url}/v1/runtime/isolation?tenant=nobody-here`)).status, 404);
    assert.equal((await getJson(`${url}/v1/runtime/isolation`)).status, 400);
  });

  it('isolation knobs flip a tenant at runtime, and the timeout knob makes the API slow', async () => {
    const id = 'acme-001';
    await getJson(`${url}/sim/scenarios`, {
      method: 'POST',
      body: JSON.stringify({ isolation: { [id]: 'privilege_violation' }, platformApiDelayMs: 700 }),
    });
    try {
      const t0 = Date.now();
      const r = await getJson(`${url}/v1/runtime/isolation/${id}`);
      assert.ok(Date.now() - t0 >= 650);
      assert.ok(r.body.privilegeProbe.siblingTablesReadable.length > 0);
      await getJson(`${url}/sim/scenarios`, {
        method: 'POST',
        body: JSON.stringify({ platformApiDelayMs: 0, platformApiHang: true }),
      });
      await assert.rejects(
        fetch(`${url}/v1/runtime/isolation/${id}`, { signal: AbortSignal.timeout(500) }),
        /abort|timeout/i
      );
    } finally {
      await getJson(`${url}/sim/scenarios`, { method: 'DELETE' });
    }
  });
});

describe('structured logs', () => {
  it('writes JSON lines with service, tenant_id, level and the request id', async () => {
    const { default: pino } = await import('pino');
    const { Writable } = await import('node:stream');
    const { buildSimulator } = await import('./app');
    const { SimConfigSchema } = await import('./config');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        cb();
      },
    });
    const s = buildSimulator(
      SimConfigSchema.parse({ port: 0, tickMs: 100, scenarios: { errorBursts: [{ ratio: 1 }] } }),
      pino({ base: null, messageKey: 'msg' }, sink)
    );
    const base = await s.start();
    try {
      const res = await fetch(`${base}/nodes/aggregate-dev-0/tenants/acme-001/drain`, {
        method: 'POST',
        headers: { 'x-request-id': 'req-test-123' },
      });
      assert.equal(res.headers.get('x-request-id'), 'req-test-123');
      await new Promise((r) => setTimeout(r, 300));
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const drain = parsed.find((l) => l.msg === 'tenant drain started');
      assert.ok(drain, 'drain log line');
      assert.equal(drain.service, 'simulator');
      assert.equal(drain.tenant_id, 'acme-001');
      assert.equal(drain.request_id, 'req-test-123');
      assert.equal(typeof drain.level, 'number');
      const traffic = parsed.find((l) => l.service === 'gateway' && l.tenant_id);
      assert.ok(traffic, 'platform traffic logs carry the platform service and tenant');
      assert.ok(!lines.some((l) => l.includes('vault:kv/')), 'no credential reference in logs');
    } finally {
      await s.stop();
    }
  });
});

describe('scenario knobs at runtime', () => {
  it('a partial POST changes only the knobs it names', async () => {
    const post = (body: unknown) =>
      fetch(`${url}/sim/scenarios`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      assert.equal((await post({ platformApiDelayMs: 1234 })).status, 200);
      assert.equal((await post({ stuckDrains: ['acme-001'] })).status, 200);
      const { body } = await getJson(`${url}/sim/scenarios`);
      assert.equal(body.platformApiDelayMs, 1234);
      assert.deepEqual(body.stuckDrains, ['acme-001']);
    } finally {
      await fetch(`${url}/sim/scenarios`, { method: 'DELETE' });
    }
  });
});
