/**
 * Seed script for large fleets (benchmarks): writes tenants straight into a fresh sidecar SQLite file
 * with the sidecar's own store module (same schema, migrations and row mapping), in one transaction.
 * The API path (seed.ts) is used for the functional suites; 100,000 audited API calls would take too long.
 */
import { randomUUID } from 'node:crypto';
import { insertTenant } from '../../../src/sidecar/modules/tenants/tenants.store';
import type { Tenant } from '../../../src/contract';
import { demoTenants } from './seed';
import { openSidecarDatabase } from '../../../src/sidecar/app';

export async function bulkSeedSqlite(path: string, n: number): Promise<{ ms: number }> {
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
    });
  } finally {
    await db.close();
  }
  return { ms: Date.now() - t0 };
}
