import type { AuditEntry, Tenant, TenantPage, TenantPlan, TenantPlanTarget } from '../contract';

export function tenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: 'acme',
    displayName: 'Acme Corp',
    plan: 'business',
    environment: 'prod',
    organizationId: '0b6c2c1e-5d6f-4a7b-8c9d-0e1f2a3b4c5d',
    applicationId: '1c7d3d2f-6e70-4b8c-9dae-1f203b4c5d6e',
    labels: { team: 'payments' },
    quotas: { requestsPerSecond: 100, storageGb: 10, maxConnections: 50 },
    featureFlags: { killSwitch: false },
    contacts: [{ name: 'Ada', email: 'ada@example.com', role: 'owner' }],
    status: 'active',
    version: 3,
    createdAt: '2026-01-02T03:04:05.000Z',
    updatedAt: '2026-02-03T04:05:06.000Z',
    ...overrides,
  };
}

export function tenantPage(
  items: Tenant[],
  nextCursor: string | null = null,
  prevCursor: string | null = null
): TenantPage {
  return { items, nextCursor, prevCursor };
}

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq: 1,
    ts: '2026-02-03T04:05:06.000Z',
    actor: { login: 'ops', orgId: 1, role: 'Editor' },
    action: 'tenant.status.change',
    targetType: 'tenant',
    targetId: 'acme',
    reason: 'maintenance window',
    requestId: 'req-1',
    jobId: null,
    outcome: 'success',
    details: {},
    prevHash: 'a',
    hash: 'b',
    ...overrides,
  };
}

/** A plan of one status change that may run (override `blocked` and the target to refuse it). */
export function tenantPlan(overrides: Partial<TenantPlan> = {}, target: Partial<TenantPlanTarget> = {}): TenantPlan {
  const t: TenantPlanTarget = {
    id: 'acme',
    exists: true,
    from: 'active',
    to: 'suspended',
    version: 3,
    changes: [
      { resource: 'tenant', field: 'featureFlags.killSwitch', from: false, to: true },
      { resource: 'tenant', field: 'status', from: 'active', to: 'suspended' },
    ],
    checks: [
      { name: 'tenant exists', ok: true, message: 'Tenant acme exists', measured: true },
      { name: 'transition is allowed', ok: true, message: 'active → suspended is allowed', measured: 'active' },
    ],
    warnings: [
      { code: 'kill_switch_on', field: 'to', message: "The kill switch turns on: all of the tenant's traffic stops" },
    ],
    blocked: false,
    unchanged: false,
    placements: [{ kind: 'gateway', shardId: 'gw-1' }],
    activeJobs: [],
    ...target,
  };
  const blocked = t.blocked;
  return {
    kind: 'status',
    plannedAt: '2026-02-03T04:05:06.000Z',
    summary: blocked ? `Move tenant ${t.id} to ${t.to}: 1 refused` : `Move tenant ${t.id} to ${t.to}: 1 change`,
    targets: [t],
    counts: { total: 1, change: blocked ? 0 : 1, unchanged: 0, blocked: blocked ? 1 : 0 },
    blocked,
    ...overrides,
  };
}
