import type { Job } from '../contract';

/** Fixtures shared by browser tests (jest) and sidecar tests (node --test): contract types only, no test runner. */

export const JOB_ID = '0b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';

/** One job row as the sidecar lists it: a tenant drain running its second step. */
export function jobRow(overrides: Partial<Job> = {}): Job {
  return {
    id: JOB_ID,
    type: 'tenant.drain',
    status: 'running',
    environment: 'prod',
    tenantId: 'acme',
    target: 'tenant acme',
    params: { tenantId: 'acme' },
    reason: 'noisy neighbour',
    source: { kind: 'page' },
    requestedBy: { login: 'editor', orgId: 1 },
    approval: { required: false, status: 'not_required', planHash: 'a'.repeat(64), approvedBy: null, approvedAt: null },
    currentStep: 1,
    stepCount: 2,
    cancelRequested: false,
    error: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:01.000Z',
    startedAt: '2026-11-23T10:00:01.000Z',
    finishedAt: null,
    ...overrides,
  };
}
