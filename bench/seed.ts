/** Fast bulk seeding of tenants into a migrated SQLite file (one transaction, one prepared statement). */
import { randomUUID } from 'node:crypto';
import { TENANT_STATUSES, ENVIRONMENTS, PLANS, DEFAULT_QUOTAS, type Tenant } from '../src/contract';
import { openSqlite } from '../src/sidecar/kernel/database/database';
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

export async function seedTenants(path: string, n: number): Promise<void> {
  const db = openSqlite(path);
  try {
    const insert = db.prepare(
      `insert into tenants (id, display_name, plan, environment, organization_id, application_id, status, version, created_at, updated_at, labels, quotas, feature_flags, contacts, document)
       values (@id, @display_name, @plan, @environment, @organization_id, @application_id, @status, @version, @created_at, @updated_at, @labels, @quotas, @feature_flags, @contacts, @document)`
    );
    const label = db.prepare('insert into tenant_labels (tenant_id, key, value) values (?, ?, ?)');
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const word = WORDS[i % WORDS.length];
        const ts = new Date(start + i * 60_000).toISOString();
        const region = ['eu-west', 'us-east', 'ap-south'][i % 3];
        const t: Tenant = {
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
