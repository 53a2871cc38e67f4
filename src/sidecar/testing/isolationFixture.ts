/**
 * Isolation suites' fixture: the real simulator plus the real sidecar app pointed at it, with
 * Switchyard tenant records created for the first `records` simulator tenants (same ids, org and
 * app ids, environment). Every simulator tenant starts clean unless `problems` says otherwise. The
 * background refresh is off unless asked for, so probes are explicit.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { SimTenant } from '../../simulator/model';
import type { IsolationProblem } from '../../simulator/scenarios';
import { METRICS_AUTH, idempotencyKey, startTestApp, type Backend, type TestApp } from './testApp';
import { startTestSimulator, type TestSimulator } from '../../simulator/testing/startSimulator';

export interface IsolationFixture {
  t: TestApp;
  sim: TestSimulator;
  tenants: SimTenant[];
  /** Sets every simulator tenant's isolation problem (`clean` where not given). */
  problems(map: Record<string, IsolationProblem | 'clean'>): Promise<void>;
  probe(id: string, reason?: string, key?: string): Promise<LightMyRequestResponse>;
  detail(id: string): Promise<LightMyRequestResponse>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

export async function startIsolationFixture(
  backend: Backend,
  opts: {
    simTenants?: number;
    records?: number;
    env?: Record<string, string>;
    problems?: Record<number, IsolationProblem>;
  } = {}
): Promise<IsolationFixture> {
  const sim = await startTestSimulator({ tenants: opts.simTenants ?? 12, tickMs: 60_000 });
  const setProblems = (map: Record<string, IsolationProblem | 'clean'>) =>
    sim.scenarios({ isolation: Object.fromEntries(sim.sim.model.tenants.map((x) => [x.id, map[x.id] ?? 'clean'])) });
  let t: TestApp;
  try {
    // Before the sidecar starts, so a background refresh never sees the seeded problems.
    await setProblems(
      Object.fromEntries(Object.entries(opts.problems ?? {}).map(([i, p]) => [sim.sim.model.tenants[Number(i)].id, p]))
    );
    t = await startTestApp(backend, {
      SWITCHYARD_PLATFORM_URL: sim.url,
      SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1',
      SWITCHYARD_ISOLATION_REFRESH_MS: '0',
      SWITCHYARD_PLATFORM_TIMEOUT_MS: '400',
      ...opts.env,
    });
  } catch (err) {
    await sim.close();
    throw err;
  }
  const tenants = sim.sim.model.tenants;
  for (const s of tenants.slice(0, opts.records ?? 10)) {
    const r = await t.call('createTenant', {
      body: {
        id: s.id,
        displayName: s.displayName,
        plan: s.plan,
        environment: s.env,
        organizationId: s.organizationId,
        applicationId: s.applicationId,
      },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    if (r.statusCode !== 201) throw new Error(`createTenant ${s.id}: ${r.statusCode} ${r.body}`);
  }
  return {
    t,
    sim,
    tenants,
    problems: setProblems,
    probe: (id, reason = 'security review', key = idempotencyKey()) =>
      t.call('probeTenantIsolation', { params: { id }, body: { reason }, headers: { 'idempotency-key': key } }),
    detail: (id) => t.call('getTenantIsolation', { params: { id } }),
    metrics: async () => (await t.app.inject({ method: 'GET', url: '/metrics', headers: METRICS_AUTH })).body,
    close: async () => {
      await t.close();
      await sim.close();
    },
  };
}
