/**
 * Seed script for large fleets (benchmarks): writes tenants, and optionally a job history, straight
 * into a fresh sidecar SQLite file with the sidecar's own store modules (same schema, migrations and
 * row mapping), in one transaction. The API path (seed.ts) is used for the functional suites;
 * 100,000 audited API calls would take too long.
 */
import { randomUUID } from 'node:crypto';
import { insertTenant } from '../../../src/sidecar/modules/tenants/tenants.store';
import { insertJob } from '../../../src/sidecar/jobs/jobs.store';
import type { JobsTable } from '../../../src/sidecar/kernel/database/schema';
import type { JobPlan, JobStatus, Tenant } from '../../../src/contract';
import { demoTenants, type SeedTenant } from './seed';
import { openSidecarDatabase } from '../../../src/sidecar/app';

/** Tenant jobs a history is made of: type and its two steps. */
const JOB_KINDS = [
  { type: 'tenant.drain', steps: ['mark', 'wait'] },
  { type: 'tenant.suspend', steps: ['mark', 'apply'] },
  { type: 'tenant.resume', steps: ['mark', 'apply'] },
  { type: 'tenant.reconcile', steps: ['read', 'apply'] },
] as const;

/**
 * Finished jobs (succeeded, one in 7 failed, one in 11 cancelled) on the fleet's tenants, one a minute
 * back from `now`, spread over every environment like the tenants. Finished, so no worker picks them up.
 */
function jobRows(fleet: SeedTenant[], n: number, now: number): Array<{ row: JobsTable; steps: JobPlan['steps'] }> {
  const out: Array<{ row: JobsTable; steps: JobPlan['steps'] }> = [];
  for (let i = 0; i < n; i++) {
    const tenant = fleet[(i * 7) % fleet.length];
    const kind = JOB_KINDS[i % JOB_KINDS.length];
    const status: JobStatus = i % 7 === 3 ? 'failed' : i % 11 === 5 ? 'cancelled' : 'succeeded';
    const created = new Date(now - (n - i) * 60_000).toISOString();
    const finished = new Date(now - (n - i) * 60_000 + 30_000).toISOString();
    const steps = kind.steps.map((name, index) => ({ index, name, title: `Step ${name}`, compensation: null }));
    const plan: JobPlan = {
      type: kind.type,
      environment: tenant.environment,
      tenantId: tenant.id,
      target: tenant.id,
      steps,
      preflight: [{ name: 'tenant-exists', ok: true, message: 'The tenant exists', measured: tenant.status }],
      diff: [],
      blocked: false,
      approvalRequired: false,
      planHash: randomUUID(),
    };
    const error =
      status === 'failed'
        ? {
            code: 'step_failed',
            message: 'The platform refused the change',
            remediation: 'Retry the job',
            step: 'apply',
          }
        : null;
    out.push({
      steps,
      row: {
        id: randomUUID(),
        type: kind.type,
        status,
        active: 0,
        environment: tenant.environment,
        tenant_id: tenant.id,
        lock_key: `tenant:${tenant.id}`,
        target: tenant.id,
        params: JSON.stringify({ tenantId: tenant.id }),
        reason: 'seeded history',
        source: JSON.stringify({ kind: 'api', ref: 'bench' }),
        requested_by_login: 'admin',
        requested_by_org: 1,
        approval: JSON.stringify({
          required: false,
          status: 'not_required',
          planHash: plan.planHash,
          approvedBy: null,
          approvedAt: null,
        }),
        plan: JSON.stringify(plan),
        context: '{}',
        current_step: status === 'succeeded' ? steps.length : 1,
        step_count: steps.length,
        cancel_requested: status === 'cancelled' ? 1 : 0,
        error: error ? JSON.stringify(error) : null,
        request_id: randomUUID(),
        created_at: created,
        updated_at: finished,
        started_at: created,
        finished_at: finished,
        lease_owner: null,
        lease_expires_at: null,
        fence: 1,
      },
    });
  }
  return out;
}

/** `n` tenants (demoTenants) and `opts.jobs` finished jobs on them. */
export async function bulkSeedSqlite(path: string, n: number, opts: { jobs?: number } = {}): Promise<{ ms: number }> {
  const t0 = Date.now();
  const db = await openSidecarDatabase({ kind: 'sqlite', path });
  const now = new Date().toISOString();
  try {
    const fleet = demoTenants(n);
    await db.db.transaction().execute(async (tx) => {
      for (const s of fleet) {
        const t: Tenant = {
          id: s.id,
          displayName: s.displayName,
          plan: s.plan,
          environment: s.environment,
          organizationId: randomUUID(),
          applicationId: randomUUID(),
          labels: { team: s.id.split('-')[0], tier: s.plan },
          quotas: { requestsPerSecond: 100, storageGb: 10, maxConnections: 50 },
          featureFlags: { killSwitch: s.status === 'suspended' },
          contacts: [],
          status: s.status,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await insertTenant(tx, t);
      }
      for (const j of jobRows(fleet, opts.jobs ?? 0, Date.parse(now))) await insertJob(tx, j.row, j.steps);
    });
  } finally {
    await db.close();
  }
  return { ms: Date.now() - t0 };
}
