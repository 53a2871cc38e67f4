/**
 * Fast bulk seeding of tenants: into a migrated SQLite file (one transaction, one prepared
 * statement), or through the app's own database handle (PostgreSQL: multi-row inserts in one
 * transaction). Tenant i is the same either way.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { TENANT_STATUSES, ENVIRONMENTS, PLANS, DEFAULT_QUOTAS, type Tenant } from '../src/contract';
import { openSqlite, type Database } from '../src/sidecar/kernel/database/database';
import { tenantToRow } from '../src/sidecar/modules/tenants/tenants.store';

const WORDS = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'stark',
  'wayne',
  'tyrell',
  'cyberdyne',
  'hooli',
  'pied',
  'piper',
  'vandelay',
  'wonka',
  'soylent',
  'aperture',
];

const START = Date.parse('2024-01-01T00:00:00.000Z');

/** The i-th seeded tenant (labels `region` and `team=team-${i % 40}`). */
function seededTenant(i: number): Tenant {
  const word = WORDS[i % WORDS.length];
  const ts = new Date(START + i * 60_000).toISOString();
  const region = ['eu-west', 'us-east', 'ap-south'][i % 3];
  return {
    id: `${word}-${String(i).padStart(6, '0')}`,
    displayName: `${word[0].toUpperCase()}${word.slice(1)} ${WORDS[(i * 7) % WORDS.length]} ${i}`,
    plan: PLANS[i % PLANS.length],
    environment: ENVIRONMENTS[i % ENVIRONMENTS.length],
    organizationId: randomUUID(),
    applicationId: randomUUID(),
    labels: { region, team: `team-${i % 40}` },
    quotas: DEFAULT_QUOTAS,
    featureFlags: { killSwitch: false },
    contacts: [{ name: 'Ops', email: `ops+${i}@example.com`, role: 'technical' }],
    status: TENANT_STATUSES[i % 10 < 7 ? 1 : i % TENANT_STATUSES.length],
    version: 1,
    createdAt: ts,
    updatedAt: ts,
  };
}

export async function seedTenants(path: string, n: number): Promise<void> {
  const db = openSqlite(path);
  try {
    const insert = db.prepare(
      `insert into tenants (id, display_name, plan, environment, organization_id, application_id, status, version, created_at, updated_at, labels, quotas, feature_flags, contacts, document)
       values (@id, @display_name, @plan, @environment, @organization_id, @application_id, @status, @version, @created_at, @updated_at, @labels, @quotas, @feature_flags, @contacts, @document)`
    );
    const label = db.prepare('insert into tenant_labels (tenant_id, key, value) values (?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const t = seededTenant(i);
        insert.run(tenantToRow(t));
        for (const [k, v] of Object.entries(t.labels)) label.run(t.id, k, v);
      }
    })();
    db.pragma('optimize');
    db.exec('analyze');
  } finally {
    db.close();
  }
}

/** The same tenants through the app's database (any store): batches of multi-row inserts in one transaction. */
export async function seedTenantsInto(database: Database, n: number, batch = 1000): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (let from = 0; from < n; from += batch) {
      const tenants = Array.from({ length: Math.min(batch, n - from) }, (_, k) => seededTenant(from + k));
      await trx.insertInto('tenants').values(tenants.map(tenantToRow)).execute();
      await trx
        .insertInto('tenant_labels')
        .values(
          tenants.flatMap((t) => Object.entries(t.labels).map(([key, value]) => ({ tenant_id: t.id, key, value })))
        )
        .execute();
    }
  });
  if (database.kind === 'postgres') await sql`analyze tenants, tenant_labels`.execute(database.db);
}
