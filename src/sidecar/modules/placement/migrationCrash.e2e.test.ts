/**
 * kill -9 of the sidecar in the middle of a migration (while it waits for the source to drain):
 * after a restart the job is taken over when its lease expires, resumes at the step it was in,
 * and finishes with placement consistent — store and platform agree, the placement moved exactly once.
 */
import { after, before, describe, test } from 'node:test';
import { testClockEnv } from '../../testing/testClock';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSidecar, type SidecarProcess } from '../../../../tests/e2e/lib/stack';
import { TestStack } from '../../../../tests/observability/support';
import { Actions, GRAFANA_ID_HEADER, GRANTED_ACTION_HEADER, PROXY_SECRET_HEADER, type Action } from '../../../contract';
import { waitFor } from '../../../simulator/testing/startSimulator';
import { startIdentityProvider, type IdentityProvider } from '../../testing/identityProvider';
import { idempotencyKey, TEST_SECRET, tenantBody } from '../../testing/testApp';

const TENANT = 'acme-001';

describe('kill -9 during a migration', () => {
  const stack = new TestStack();
  const dir = mkdtempSync(join(tmpdir(), 'sy-crash-mig-'));
  let idp: IdentityProvider;
  let sidecar: SidecarProcess | undefined;
  let env: Record<string, string>;

  async function call(method: string, path: string, action: Action, body?: unknown) {
    const res = await fetch(`${sidecar!.url}${path}`, {
      method,
      headers: {
        [PROXY_SECRET_HEADER]: TEST_SECRET,
        [GRANTED_ACTION_HEADER]: action,
        [GRAFANA_ID_HEADER]: await idp.mint(),
        'idempotency-key': idempotencyKey(),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  before(async () => {
    const simUrl = await stack.startSimulator(250);
    const simHost = new URL(simUrl).host;
    const vmUrl = await stack.startVictoriaMetrics([
      { job: 'sim', target: simHost, service: 'simulator', env: 'test', honorLabels: true },
    ]);
    idp = await startIdentityProvider();
    env = {
      SWITCHYARD_PROXY_SECRET: TEST_SECRET,
      GRAFANA_URL: idp.url,
      SWITCHYARD_SQLITE_PATH: join(dir, 'switchyard.db'),
      SWITCHYARD_PLATFORM_URL: simUrl,
      SWITCHYARD_VM_URL: vmUrl,
      SWITCHYARD_OUTBOUND_HOSTS: `${simHost},${new URL(vmUrl).host},${idp.host}`,
      SWITCHYARD_APPROVAL_POLICY: 'none',
      SWITCHYARD_JOB_LEASE_MS: '2000',
      SWITCHYARD_JOB_POLL_MS: '100',
      SWITCHYARD_ISOLATION_REFRESH_MS: '0',
      SWITCHYARD_MIGRATION_MAX_ERROR_RATIO: '0.2',
      ...testClockEnv(),
    };
    sidecar = await startSidecar(env);
    assert.equal((await call('POST', '/api/v1/placement/sync', Actions.placementWrite)).status, 200);
    const sim = stack.sim!.model.tenant(TENANT)!;
    assert.equal(
      (await call('POST', '/api/v1/tenants', Actions.tenantsWrite, tenantBody({ id: TENANT, environment: sim.env })))
        .status,
      201
    );
    assert.equal(
      (await call('POST', `/api/v1/tenants/${TENANT}/status`, Actions.tenantsWrite, { to: 'active', reason: 'ready' }))
        .status,
      200
    );
    await stack.waitForQuery(
      `sum(rate(aggregate_commands_total{tenant_id="${TENANT}"}[30s]))`,
      (n, v) => n === 1 && v[0] > 0,
      30_000
    );
  });
  after(async () => {
    await sidecar?.stop();
    await idp?.close();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the job resumes after a restart and placement ends consistent, moved exactly once', async () => {
    const model = stack.sim!.model;
    const from = model.shardOf(TENANT, 'aggregate')!;
    const to = model.shardsOf('aggregate', model.tenant(TENANT)!.env).find((s) => s.id !== from)!.id;
    // In-flight work never drains while the knob is on: the job parks in drain-source.
    await fetch(`${stack.simUrl}/sim/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stuckDrains: [TENANT] }),
    });
    const created = await call('POST', '/api/v1/jobs', Actions.operationsExecute, {
      type: 'tenant.migrate',
      params: { tenantId: TENANT, kind: 'aggregate', targetShardId: to, drainTimeoutSeconds: 300 },
      reason: 'crash test',
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.job.id as string;
    await waitFor(async () => model.isDraining(TENANT, from), 30_000, 'the source to be draining');

    process.kill(-sidecar!.proc.pid!, 'SIGKILL');
    await new Promise((r) => sidecar!.proc.once('exit', r));
    sidecar = undefined;
    await fetch(`${stack.simUrl}/sim/scenarios`, { method: 'DELETE' });
    assert.equal(model.shardOf(TENANT, 'aggregate'), from, 'nothing moved before the crash');

    sidecar = await startSidecar(env);
    const job = await waitFor(
      async () => {
        const j = (await call('GET', `/api/v1/jobs/${id}`, Actions.operationsRead)).json;
        return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : undefined;
      },
      120_000,
      'the job to finish after the restart'
    );
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));

    const placement = (await call('GET', `/api/v1/placement/tenants/${TENANT}`, Actions.placementRead)).json;
    const agg = placement.kinds.find((k: { kind: string }) => k.kind === 'aggregate');
    assert.equal(agg.assignment.shardId, to);
    assert.equal(model.shardOf(TENANT, 'aggregate'), to, 'store and platform agree');
    assert.equal(
      agg.history.filter((h: { jobId: string | null }) => h.jobId === id).length,
      1,
      'the placement moved exactly once'
    );
    assert.equal(
      stack.sim!.effects.count('placementChange', `${TENANT}/aggregate`),
      1,
      'the platform saw one placement change'
    );
    assert.equal(model.isDraining(TENANT, from), false);
    assert.equal((await call('GET', `/api/v1/tenants/${TENANT}`, Actions.tenantsRead)).json.status, 'active');
  });
});
