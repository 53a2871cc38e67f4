/**
 * Every step of every job type, run twice in a row against the simulator: the second run is what
 * a worker does after a crash between the step's side effect and saving the step. The simulator's
 * side-effect counters must show each effect once, and tenant status changes must be audited once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { CreateJobSchema, type JobType } from '../contract';
import { KubernetesClient } from './platform/kubernetes';
import { NodeAdminClient } from './platform/nodeAdmin';
import { Mutations } from './kernel/mutations';
import { TenantsService } from './modules/tenants/tenants.service';
import { startTestApp, type TestApp } from './testing/testApp';
import { jobsEnv, seedTenant, startSim, type SimHandle } from './testing/jobsTestkit';
import type { EngineDeps, StepContext } from './jobs/jobType';
import { bindJobTypes, type RegisteredJobType } from './jobs/registry';
import { tenantDrain, tenantUndrain } from './modules/tenants/jobs/tenantDrain';
import { tenantResume, tenantSuspend } from './modules/tenants/jobs/tenantKillSwitch';
import { deploymentRestart, deploymentScale } from './modules/operations/jobs/deployment';
import { credentialsRefresh, secretRotate } from './modules/operations/jobs/secrets';

describe('every step is idempotent toward the platform (each step run twice)', () => {
  let sim: SimHandle;
  let t: TestApp;
  let tenants: TenantsService;
  let jobTypes: Map<string, RegisteredJobType>;
  before(async () => {
    sim = await startSim();
    t = await startTestApp('sqlite', jobsEnv(sim.url, { SWITCHYARD_JOB_WORKERS: 'false' }));
    for (const id of ['acme-001', 'globex-002', 'initech-003', 'umbrella-004']) await seedTenant(t, sim, id);
    const mutations = new Mutations(t.database.db, pino({ level: 'silent' }), t.clock);
    tenants = new TenantsService(t.database.db, mutations, t.clock);
    const nodeAdmin = new NodeAdminClient({ baseUrl: sim.url, allowedHosts: [new URL(sim.url).host], timeoutMs: 2000 });
    const k8s = new KubernetesClient({ url: sim.url, token: null, timeoutMs: 2000 });
    const engine: EngineDeps = { clock: t.clock, waitTimeoutMs: 15_000, pollIntervalMs: 20 };
    const bindings = [
      ...bindJobTypes({ tenants, nodeAdmin }, [tenantDrain, tenantUndrain, tenantSuspend, tenantResume]),
      ...bindJobTypes(
        {
          k8s,
          namespace: (env: string) => `platform-${env}`,
          // The credentials agent's push (the endpoint's own suite covers it): already accepted.
          credentialPushes: {
            accepted: async () => ({
              fingerprint: '0123456789abcdef',
              pushedBy: 'agent',
              receivedAt: t.clock.now().toISOString(),
            }),
            timeoutMs: 1000,
          },
        },
        [deploymentRestart, deploymentScale, secretRotate, credentialsRefresh]
      ),
    ];
    jobTypes = new Map(bindings.map((b) => [b.def.type, { def: b.def, deps: { ...b.deps, ...engine } }]));
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  async function runTwice(type: JobType, rawParams: Record<string, unknown>): Promise<string> {
    const parsed = CreateJobSchema.parse({ type, params: rawParams, reason: 'replay test' });
    const { def, deps } = jobTypes.get(type) as RegisteredJobType;
    const jobId = `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
    const context: Record<string, unknown> = {};
    const ctx: StepContext<unknown> = {
      jobId,
      params: parsed.params,
      target: await def.target(parsed.params, deps),
      context,
      remember: async (p) => {
        Object.assign(context, p);
      },
      signal: new AbortController().signal,
      deps,
      mutation: { actor: { login: 'alice', orgId: 1, role: 'job' }, requestId: 'replay', jobId },
      reason: 'replay test',
    };
    for (const step of def.steps) {
      const first = await step.run(ctx);
      const second = await step.run(ctx);
      assert.ok(first && second, `${type}/${step.name} returns an observed effect both times`);
    }
    return jobId;
  }

  const eff = async () => (await sim.effects()).byTarget;
  const statusAudits = async (jobId: string) =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('job_id', '=', jobId)
          .where('action', '=', 'tenant.status')
          .executeTakeFirstOrThrow()
      ).n
    );

  test('tenant.drain then tenant.undrain', async () => {
    const d = await runTwice('tenant.drain', { tenantId: 'acme-001', drainTimeoutSeconds: 20 });
    const u = await runTwice('tenant.undrain', { tenantId: 'acme-001' });
    const e = await eff();
    for (const s of Object.values(sim.sim.model.placementOf('acme-001'))) {
      assert.equal(e[`drain:acme-001@${s}`], 1);
      assert.equal(e[`undrain:acme-001@${s}`], 1);
    }
    assert.equal(await statusAudits(d), 1);
    assert.equal(await statusAudits(u), 1);
    assert.equal((await tenants.get('acme-001')).status, 'active');
  });

  test('tenant.suspend then tenant.resume', async () => {
    const s = await runTwice('tenant.suspend', { tenantId: 'globex-002' });
    assert.equal((await tenants.get('globex-002')).featureFlags.killSwitch, true);
    const r = await runTwice('tenant.resume', { tenantId: 'globex-002' });
    assert.equal(await statusAudits(s), 1);
    assert.equal(await statusAudits(r), 1);
    assert.equal((await tenants.get('globex-002')).featureFlags.killSwitch, false);
  });

  test('deployment.restart and deployment.scale', async () => {
    await runTwice('deployment.restart', { environment: 'prod', deployment: 'gateway-prod-0' });
    await runTwice('deployment.scale', { environment: 'prod', deployment: 'gateway-prod-1', replicas: 4 });
    const e = await eff();
    assert.equal(e['restart:platform-prod/gateway-prod-0'], 1);
    assert.equal(e['scale:platform-prod/gateway-prod-1'], 1);
  });

  test('secret.rotate and credentials.refresh', async () => {
    await runTwice('secret.rotate', {
      environment: 'prod',
      secret: 'tenant-initech-003-db',
      key: 'dsn',
      format: 'url-password',
    });
    await runTwice('credentials.refresh', {
      environment: 'dev',
      secret: 'tenant-umbrella-004-db',
      deployment: 'runner-dev-1',
      key: 'dsn',
      format: 'url-password',
    });
    const e = await eff();
    assert.equal(e['secretWrite:platform-prod/tenant-initech-003-db-next'], 1);
    assert.equal(e['secretWrite:platform-prod/tenant-initech-003-db'], 1);
    assert.equal(e['secretDelete:platform-prod/tenant-initech-003-db-next'], 1);
    assert.equal(e['secretDelete:platform-dev/tenant-umbrella-004-db'], 1);
    assert.equal(e['secretWrite:platform-dev/tenant-umbrella-004-db'], 1);
    assert.equal(e['restart:platform-dev/runner-dev-1'], 1);
  });
});
