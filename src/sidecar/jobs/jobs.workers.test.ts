/** SWITCHYARD_JOB_WORKERS=false: an API-only replica accepts jobs but never runs them; a worker replica on the same store does. */
import assert from 'node:assert/strict';
import { testClockEnv } from '../testing/testClock';
import { test } from 'node:test';
import pino from 'pino';
import { buildApp } from '../app';
import { loadConfig } from '../kernel/config/config';
import { idempotencyKey, startTestApp, tenantBody } from '../testing/testApp';
import { getJob, waitForJob } from '../testing/jobsTestkit';

test('an API-only replica queues jobs; a worker replica runs them', async () => {
  const t = await startTestApp('sqlite', {
    SWITCHYARD_JOB_WORKERS: 'false',
    SWITCHYARD_APPROVAL_POLICY: 'none',
    SWITCHYARD_JOB_POLL_MS: '20',
  });
  try {
    const body = tenantBody({ environment: 'dev' });
    await t.call('createTenant', { body, headers: { 'idempotency-key': idempotencyKey() } });
    await t.call('changeTenantStatus', { params: { id: body.id as string }, body: { to: 'active', reason: 'setup' } });
    const r = await t.call('createJob', {
      body: { type: 'tenant.suspend', params: { tenantId: body.id }, reason: 'api only' },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().job.id;
    await new Promise((res) => setTimeout(res, 300));
    assert.equal((await getJob(t, id)).status, 'queued');
    const worker = await buildApp(loadConfig(envOf(t.config)), {
      database: t.database,
      logger: pino({ level: 'silent' }),
    });
    try {
      const done = await waitForJob(t, id);
      assert.equal(done.status, 'succeeded');
    } finally {
      await worker.close();
    }
  } finally {
    await t.close();
  }
});

function envOf(c: ReturnType<typeof loadConfig>): Record<string, string> {
  return {
    SWITCHYARD_PROXY_SECRET: c.proxySecret,
    GRAFANA_URL: c.grafana.url,
    SWITCHYARD_OUTBOUND_HOSTS: c.platform.outboundHosts.join(','),
    SWITCHYARD_SQLITE_PATH: c.store.kind === 'sqlite' ? c.store.path : '',
    SWITCHYARD_APPROVAL_POLICY: 'none',
    SWITCHYARD_JOB_WORKERS: 'true',
    SWITCHYARD_JOB_POLL_MS: '20',
    LOG_LEVEL: 'silent',
    ...testClockEnv(),
  };
}
