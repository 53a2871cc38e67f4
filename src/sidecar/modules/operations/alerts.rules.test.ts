import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suggestAction } from './alerts.rules';

const JOB_ID = '0b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';

describe('suggested action for alert labels', () => {
  test('5xx ratio / noisy tenant → drain the tenant, deep link to its preflight', () => {
    for (const alertname of ['TenantHigh5xxRatio', 'NoisyNeighbourTenant', 'TenantP95LatencyHigh']) {
      const s = suggestAction({ alertname, tenant_id: 'acme-001', env: 'prod', service: 'gateway' });
      assert.equal(s?.kind, 'drain', alertname);
      assert.equal(s?.jobType, 'tenant.drain');
      assert.equal(s?.environment, 'prod');
      assert.equal(s?.path, '/a/switchyard-controlplane-app/tenants/acme-001?action=drain');
    }
  });

  test('restart loop → restart the deployment (deployment label, else the shard) in its environment', () => {
    const byShard = suggestAction({
      alertname: 'PodRestartLoop',
      shard: 'gateway-prod-0',
      env: 'prod',
      service: 'gateway',
    });
    assert.equal(byShard?.kind, 'restart');
    assert.equal(byShard?.jobType, 'deployment.restart');
    assert.equal(byShard?.targetId, 'gateway-prod-0');
    assert.equal(
      byShard?.path,
      '/a/switchyard-controlplane-app/operations?action=restart&target=prod%2Fgateway-prod-0'
    );
    const byDeployment = suggestAction({
      alertname: 'KubePodCrashLooping',
      deployment: 'runner-dev-1',
      namespace: 'platform-dev',
      shard: 'x',
    });
    assert.equal(byDeployment?.targetId, 'runner-dev-1');
    assert.equal(byDeployment?.environment, 'dev');
  });

  test('restart loop without an environment cannot be targeted → falls back to the tenant or nothing', () => {
    assert.equal(suggestAction({ alertname: 'PodRestartLoop', shard: 'gateway-prod-0' }), null);
    assert.equal(
      suggestAction({ alertname: 'PodRestartLoop', shard: 'gateway-prod-0', tenant_id: 'acme-001' })?.kind,
      'open'
    );
  });

  test('isolation violation → re-probe the tenant (no job)', () => {
    const s = suggestAction({ alertname: 'TenantIsolationViolation', tenant_id: 'acme-002' });
    assert.equal(s?.kind, 'reprobe');
    assert.equal(s?.jobType, null);
    assert.equal(s?.path, '/a/switchyard-controlplane-app/tenants/acme-002?action=reprobe');
  });

  test('login/session anomaly → suspend (kill switch)', () => {
    assert.equal(suggestAction({ alertname: 'LoginFailureAnomaly', tenant_id: 'acme-003' })?.kind, 'suspend');
  });

  test('stuck job / drain not converging → open the job when known, else the tenant', () => {
    const job = suggestAction({ alertname: 'SwitchyardStuckJob', job_id: JOB_ID, tenant_id: 'acme-001' });
    assert.equal(job?.targetType, 'job');
    assert.equal(job?.path, `/a/switchyard-controlplane-app/operations/jobs/${JOB_ID}`);
    const drain = suggestAction({ alertname: 'DrainNotConverging', tenant_id: 'acme-001' });
    assert.deepEqual(
      [drain?.kind, drain?.targetType, drain?.path],
      ['open', 'tenant', '/a/switchyard-controlplane-app/tenants/acme-001']
    );
  });

  test('labels that are not valid ids are never put into links', () => {
    assert.equal(suggestAction({ alertname: 'TenantHigh5xxRatio', tenant_id: '../../admin' }), null);
    assert.equal(suggestAction({ alertname: 'PodRestartLoop', shard: 'Bad Name', env: 'prod' }), null);
    assert.equal(suggestAction({ alertname: 'SwitchyardStuckJob', job_id: 'not-a-uuid' }), null);
  });

  test('an unknown alert with a tenant opens the tenant; without any target there is no suggestion', () => {
    assert.equal(suggestAction({ alertname: 'Watchdog' }), null);
    assert.equal(suggestAction({ alertname: 'Something', tenant_id: 'acme-009' })?.kind, 'open');
  });
});
