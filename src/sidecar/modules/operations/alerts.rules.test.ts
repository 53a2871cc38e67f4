import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suggestAction } from './alerts.rules';

const JOB_ID = '0b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';

describe('suggested action for alert labels', () => {
  test('5xx ratio → open the tenant (its metrics and logs tell whether it is the tenant or its shard)', () => {
    const s = suggestAction({
      alertname: 'TenantHigh5xxRatio',
      tenant_id: 'acme-001',
      env: 'prod',
      service: 'gateway',
    });
    assert.deepEqual(
      [s?.kind, s?.targetType, s?.jobType, s?.environment, s?.path],
      ['open', 'tenant', null, 'prod', '/a/switchyard-controlplane-app/tenants/acme-001']
    );
  });

  test('noisy neighbour / slow tenant → migrate the service of the alert, deep link to the placement tab', () => {
    for (const labels of [
      {
        alertname: 'TenantDominatesShard',
        tenant_id: 'acme-001',
        env: 'prod',
        service: 'gateway',
        shard: 'gateway-prod-0',
      },
      { alertname: 'TenantP95LatencyHigh', tenant_id: 'acme-001', env: 'prod', service: 'gateway' },
      { alertname: 'NoisyNeighbourTenant', tenant_id: 'acme-001', env: 'prod', shard: 'gateway-prod-0' },
    ] as Array<Record<string, string>>) {
      const s = suggestAction(labels);
      assert.deepEqual(
        [s?.kind, s?.jobType, s?.serviceKind, s?.path],
        [
          'migrate',
          'tenant.migrate',
          'gateway',
          '/a/switchyard-controlplane-app/tenants/acme-001/placement?migrate=gateway',
        ],
        labels.alertname
      );
    }
    // No known service kind and no shard: the tenant's page.
    const unknown = suggestAction({ alertname: 'TenantDominatesShard', tenant_id: 'acme-001', service: 'cache' });
    assert.deepEqual([unknown?.kind, unknown?.targetType], ['open', 'tenant']);
  });

  test('shard pressure (lag, outbox, a filling volume) → the shard page', () => {
    for (const alertname of ['ConsumerLagHigh', 'RunnerOutboxDepthHigh', 'VolumeNearFull']) {
      const s = suggestAction({ alertname, env: 'prod', service: 'projection', shard: 'projection-prod-0' });
      assert.deepEqual(
        [s?.kind, s?.targetType, s?.targetId, s?.path],
        [
          'open',
          'shard',
          'projection-prod-0',
          '/a/switchyard-controlplane-app/placement/fleet/shards/projection-prod-0',
        ],
        alertname
      );
    }
  });

  test("a slow shard → its cordon plan; a volume about to fill → the shard's drain plan", () => {
    const slow = suggestAction({
      alertname: 'ShardP95LatencyHigh',
      env: 'prod',
      service: 'gateway',
      shard: 'gateway-prod-0',
    });
    assert.deepEqual(
      [slow?.kind, slow?.targetType, slow?.targetId, slow?.jobType, slow?.path],
      [
        'cordon',
        'shard',
        'gateway-prod-0',
        'shard.cordon',
        '/a/switchyard-controlplane-app/placement/fleet/shards/gateway-prod-0?action=cordon',
      ]
    );
    const full = suggestAction({
      alertname: 'VolumeAlmostFull',
      env: 'prod',
      shard: 'aggregate-prod-1',
      volume: 'data',
    });
    assert.deepEqual(
      [full?.kind, full?.targetType, full?.jobType, full?.path],
      [
        'drain',
        'shard',
        'shard.drain',
        '/a/switchyard-controlplane-app/placement/fleet/shards/aggregate-prod-1?action=drain',
      ]
    );
    // A shard label that is not a Kubernetes name gives no link at all.
    assert.equal(suggestAction({ alertname: 'VolumeAlmostFull', shard: '../etc' }), null);
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

  test('isolation violation → the tenant’s isolation tab: the evidence and the re-probe (no job)', () => {
    const s = suggestAction({ alertname: 'TenantIsolationViolation', tenant_id: 'acme-002' });
    assert.equal(s?.kind, 'reprobe');
    assert.equal(s?.jobType, null);
    assert.equal(s?.path, '/a/switchyard-controlplane-app/tenants/acme-002/isolation');
  });

  test('login/session anomaly → suspend (kill switch)', () => {
    assert.equal(suggestAction({ alertname: 'LoginFailureAnomaly', tenant_id: 'acme-003' })?.kind, 'suspend');
  });

  test('stuck job → open the job when known; drain not converging → undrain (or its job when known)', () => {
    const job = suggestAction({ alertname: 'SwitchyardStuckJob', job_id: JOB_ID, tenant_id: 'acme-001' });
    assert.equal(job?.targetType, 'job');
    assert.equal(job?.path, `/a/switchyard-controlplane-app/operations/jobs/${JOB_ID}`);
    const drain = suggestAction({ alertname: 'TenantDrainNotConverging', tenant_id: 'acme-001', env: 'prod' });
    assert.deepEqual(
      [drain?.kind, drain?.jobType, drain?.path],
      ['undrain', 'tenant.undrain', '/a/switchyard-controlplane-app/tenants/acme-001?action=undrain']
    );
    const drainJob = suggestAction({ alertname: 'TenantDrainNotConverging', tenant_id: 'acme-001', job_id: JOB_ID });
    assert.equal(drainJob?.targetType, 'job');
  });

  test('labels that are not valid ids are never put into links', () => {
    assert.equal(suggestAction({ alertname: 'TenantHigh5xxRatio', tenant_id: '../../admin' }), null);
    assert.equal(suggestAction({ alertname: 'PodRestartLoop', shard: 'Bad Name', env: 'prod' }), null);
    assert.equal(suggestAction({ alertname: 'ConsumerLagHigh', shard: '../x' }), null);
    assert.equal(suggestAction({ alertname: 'SwitchyardStuckJob', job_id: 'not-a-uuid' }), null);
  });

  test('an unknown alert with a tenant opens the tenant; without any target there is no suggestion', () => {
    assert.equal(suggestAction({ alertname: 'Watchdog' }), null);
    assert.equal(suggestAction({ alertname: 'Something', tenant_id: 'acme-009' })?.kind, 'open');
  });
});
