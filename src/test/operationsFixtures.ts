import type { OperationsApi } from '../api/operationsApi';
import type { Alert, JobDetail, JobPlan, MyEntitlements, PlatformHealth, PlatformHealthOverview } from '../contract';
import { JOB_ID, jobRow } from './jobFixtures';

/** An OperationsApi whose every method is a jest mock; tests set the answers they need. */
export function fakeOperationsApi(): jest.Mocked<OperationsApi> {
  return {
    listJobs: jest.fn(),
    getJob: jest.fn(),
    createJob: jest.fn(),
    cancelJob: jest.fn(),
    approveJob: jest.fn(),
    getPlatformHealth: jest.fn(),
    listAlerts: jest.fn(),
    getTenantCounts: jest.fn(),
    retryJob: jest.fn(),
    silenceAlert: jest.fn(),
    expireSilence: jest.fn(),
    acknowledgeAlert: jest.fn(),
    jobActivity: jest.fn().mockResolvedValue({ items: [], nextCursor: null, prevCursor: null }),
  };
}

export { JOB_ID };

export function plan(overrides: Partial<JobPlan> = {}): JobPlan {
  return {
    type: 'tenant.drain',
    environment: 'prod',
    tenantId: 'acme',
    target: 'tenant acme',
    steps: [
      { index: 0, name: 'mark', title: 'Mark tenant draining', compensation: 'mark active again' },
      { index: 1, name: 'wait', title: 'Wait for in-flight work to reach zero', compensation: null },
    ],
    preflight: [{ name: 'no-active-job', ok: true, message: 'No other active job', measured: 0, threshold: 0 }],
    diff: [{ resource: 'tenant acme', field: 'status', from: 'active', to: 'draining' }],
    blocked: false,
    approvalRequired: false,
    planHash: 'a'.repeat(64),
    ...overrides,
  };
}

export function jobDetail(overrides: Partial<JobDetail> = {}): JobDetail {
  return {
    ...jobRow(),
    steps: [
      {
        index: 0,
        name: 'mark',
        title: 'Mark tenant draining',
        status: 'succeeded',
        attempts: 1,
        startedAt: '2026-11-23T10:00:01.000Z',
        finishedAt: '2026-11-23T10:00:02.000Z',
        observed: { status: 'draining' },
        error: null,
      },
      {
        index: 1,
        name: 'wait',
        title: 'Wait for in-flight work',
        status: 'running',
        attempts: 1,
        startedAt: '2026-11-23T10:00:02.000Z',
        finishedAt: null,
        observed: null,
        error: null,
      },
    ],
    auditIds: [1],
    ...overrides,
  };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'f000000000000001',
    alertname: 'TenantHigh5xxRatio',
    status: 'firing',
    severity: 'critical',
    summary: '5xx above 5%',
    runbookUrl: null,
    tenantId: 'acme',
    shard: null,
    service: 'gateway',
    environment: 'prod',
    labels: { alertname: 'TenantHigh5xxRatio', tenant_id: 'acme' },
    startsAt: '2026-11-23T10:00:00.000Z',
    endsAt: null,
    receivedAt: '2026-11-23T10:00:05.000Z',
    generatorUrl: null,
    suggestion: {
      kind: 'drain',
      title: 'Drain tenant acme',
      targetType: 'tenant',
      targetId: 'acme',
      environment: 'prod',
      jobType: 'tenant.drain',
      serviceKind: null,
      path: '/a/switchyard-controlplane-app/tenants/acme?action=drain',
    },
    silence: null,
    acknowledgement: null,
    ...overrides,
  };
}

export function platformHealth(overrides: Partial<PlatformHealth> = {}): PlatformHealth {
  const zero = { healthy: 0, pending: 0, unhealthy: 0, unknown: 0 };
  return {
    namespace: 'platform-prod',
    environment: 'prod',
    state: 'unhealthy',
    checkedAt: new Date().toISOString(),
    lastSuccessAt: new Date().toISOString(),
    error: null,
    stale: false,
    refreshIntervalSeconds: 30,
    auth: {
      name: 'kubernetes-api-auth',
      state: 'healthy',
      reason: null,
      checkedAt: new Date().toISOString(),
      lastSuccessAt: new Date().toISOString(),
    },
    counts: {
      pods: { ...zero, healthy: 3, unhealthy: 1 },
      deployments: { ...zero, healthy: 1, unhealthy: 1 },
      cronJobs: { ...zero, healthy: 1 },
    },
    pods: [
      {
        name: 'gateway-prod-0-abc-x1',
        phase: 'Running',
        state: 'unhealthy',
        readyContainers: 0,
        containers: 1,
        restarts: 9,
        reason: 'CrashLoopBackOff',
        owner: 'gateway-prod-0',
        startedAt: null,
      },
    ],
    deployments: [
      {
        name: 'gateway-prod-0',
        state: 'unhealthy',
        desired: 2,
        ready: 0,
        updated: 2,
        available: 0,
        version: '2.14.3',
        reason: '0/2 replicas ready',
        minReplicas: 1,
        maxReplicas: 10,
      },
      {
        name: 'runner-prod-0',
        state: 'healthy',
        desired: 2,
        ready: 2,
        updated: 2,
        available: 2,
        version: '1.0.0',
        reason: null,
        minReplicas: 2,
        maxReplicas: 6,
      },
    ],
    cronJobs: [
      {
        name: 'storage-backup',
        schedule: '*/30 * * * *',
        suspended: false,
        state: 'healthy',
        lastSuccessAt: new Date().toISOString(),
        lastScheduleAt: null,
        windowMinutes: 35,
        reason: null,
        runs: [
          {
            name: 'storage-backup-29410',
            outcome: 'failed',
            startedAt: '2026-11-23T10:30:00.000Z',
            finishedAt: '2026-11-23T10:31:12.000Z',
            durationSeconds: 72,
            exitCode: 2,
            reason: 'BackoffLimitExceeded',
          },
          {
            name: 'storage-backup-29380',
            outcome: 'succeeded',
            startedAt: '2026-11-23T10:00:00.000Z',
            finishedAt: '2026-11-23T10:00:41.000Z',
            durationSeconds: 41,
            exitCode: 0,
            reason: null,
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** The sidecar's answer: these snapshots (prod's fixture by default). */
export function platformHealthOverview(...environments: PlatformHealth[]): PlatformHealthOverview {
  return { environments: environments.length ? environments : [platformHealth()] };
}

/** What `GET /api/v1/me/entitlements` answers a member of team payments limited by rules. */
export function myEntitlements(overrides: Partial<MyEntitlements> = {}): MyEntitlements {
  return {
    enforced: true,
    all: false,
    basis: 'rules',
    teams: ['payments'],
    environments: [],
    labelSelectors: [],
    tenantIds: [],
    visibleEnvironments: [],
    ...overrides,
  };
}
