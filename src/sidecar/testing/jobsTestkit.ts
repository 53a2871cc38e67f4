/**
 * Test helpers for job suites: an in-process simulator (the platform jobs act on), the sidecar
 * environment that points jobs at it, tenant seeding and polling a job until a condition holds.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Simulator } from '../../simulator/app';
import { startTestSimulator } from '../../simulator/testing/startSimulator';
import type { JobDetail } from '../../contract';
import { idempotencyKey, type TestApp } from './testApp';

export interface SimHandle {
  sim: Simulator;
  url: string;
  effects(): Promise<{ counts: Record<string, number>; byTarget: Record<string, number> }>;
  scenarios(patch: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function startSim(overrides: Record<string, unknown> = {}): Promise<SimHandle> {
  const { sim, url } = await startTestSimulator({ tickMs: 50, rolloutDelayMs: 30, tenants: 12, ...overrides });
  const json = async (path: string, init?: RequestInit) => (await fetch(`${url}${path}`, init)).json();
  return {
    sim,
    url,
    effects: () => json('/sim/effects'),
    scenarios: async (patch) => {
      await json('/sim/scenarios', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
    },
    close: () => sim.stop(),
  };
}

/** Sidecar env pointing jobs at the simulator (node admin + Kubernetes), fast polling and retries. */
export function jobsEnv(simUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SWITCHYARD_PLATFORM_URL: simUrl,
    SWITCHYARD_OUTBOUND_HOSTS: new URL(simUrl).host,
    SWITCHYARD_K8S_URL: simUrl,
    SWITCHYARD_ISOLATION_REFRESH_MS: '0',
    SWITCHYARD_APPROVAL_POLICY: 'none',
    SWITCHYARD_JOB_POLL_MS: '50',
    SWITCHYARD_JOB_RETRY_BASE_MS: '10',
    SWITCHYARD_JOB_RETRY_MAX_MS: '40',
    SWITCHYARD_JOB_WAIT_TIMEOUT_MS: '15000',
    SWITCHYARD_PLATFORM_TIMEOUT_MS: '3000',
    ...extra,
  };
}

/** Creates the simulator's tenant `id` in the sidecar (same environment and uuids) and moves it to `status`. */
export async function seedTenant(
  t: TestApp,
  sim: SimHandle,
  id: string,
  status: 'active' | 'suspended' | 'draining' = 'active'
): Promise<void> {
  const st = sim.sim.model.tenant(id);
  if (!st) throw new Error(`simulator has no tenant ${id}`);
  const body = {
    id,
    displayName: st.displayName,
    plan: st.plan,
    environment: st.env,
    organizationId: st.organizationId,
    applicationId: st.applicationId,
  };
  const created = await t.call('createTenant', { body, headers: { 'idempotency-key': idempotencyKey() } });
  if (created.statusCode !== 201) throw new Error(`seed ${id}: ${created.body}`);
  for (const to of status === 'active' ? ['active'] : ['active', status]) {
    const r = await t.call('changeTenantStatus', { params: { id }, body: { to, reason: 'test setup' } });
    if (r.statusCode !== 200) throw new Error(`seed ${id} → ${to}: ${r.body}`);
  }
}

export async function createJob(
  t: TestApp,
  body: Record<string, unknown>,
  opts: { key?: string; dryRun?: boolean; login?: string } = {}
): Promise<LightMyRequestResponse> {
  return t.call('createJob', {
    body: { reason: 'reliability test', ...body },
    query: opts.dryRun ? { dryRun: 'true' } : {},
    headers: { 'idempotency-key': opts.key ?? idempotencyKey() },
    token: opts.login ? { claims: { username: opts.login, sub: `user:${opts.login}` } } : undefined,
  });
}

export async function getJob(t: TestApp, id: string): Promise<JobDetail> {
  const r = await t.call('getJob', { params: { id } });
  if (r.statusCode !== 200) throw new Error(`getJob ${id}: ${r.statusCode} ${r.body}`);
  return r.json() as JobDetail;
}

export async function waitForJob(
  t: TestApp,
  id: string,
  pred: (j: JobDetail) => boolean = (j) => ['succeeded', 'failed', 'cancelled'].includes(j.status),
  timeoutMs = 20_000
): Promise<JobDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = await getJob(t, id);
    if (pred(j)) return j;
    if (Date.now() > deadline)
      throw new Error(
        `job ${id} did not reach the expected state in ${timeoutMs} ms: ${JSON.stringify({ status: j.status, steps: j.steps.map((s) => `${s.name}:${s.status}`), error: j.error })}`
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The current value of `key` in a simulator secret (what a credentials agent would read). */
export function simSecretValue(sim: SimHandle, namespace: string, secret: string, key: string): string | null {
  const obj = sim.sim.cluster.store.get(
    { resource: 'secrets', group: '', version: 'v1', kind: 'Secret', namespaced: true },
    namespace,
    secret
  );
  const b64 = (obj?.data as Record<string, string> | undefined)?.[key];
  return b64 === undefined ? null : Buffer.from(b64, 'base64').toString();
}

/**
 * Plays the credentials agent: waits until the credentials.refresh job waits for its push, then
 * pushes the value the secret now holds. Returns the push response.
 */
export async function pushCredentialsWhenWaiting(
  t: TestApp,
  sim: SimHandle,
  jobId: string,
  opts: { issuedAt?: string; value?: string } = {}
): Promise<LightMyRequestResponse> {
  const job = await waitForJob(t, jobId, (j) => j.steps.some((s) => s.name === 'await-push' && s.status === 'running'));
  const p = job.params as { environment: string; secret: string; key: string };
  const value = opts.value ?? simSecretValue(sim, `platform-${p.environment}`, p.secret, p.key);
  return t.call('pushCredentials', {
    params: { id: jobId },
    body: {
      environment: p.environment,
      secret: p.secret,
      key: p.key,
      value,
      issuedAt: opts.issuedAt ?? t.clock.now().toISOString(),
    },
    headers: { 'idempotency-key': idempotencyKey() },
  });
}
