/**
 * The alert inbox table . One row per Alertmanager fingerprint
 * (deduplicated); `event_ts` is the time of the state the row holds (startsAt while firing, endsAt
 * once resolved): it orders the inbox and decides which of two out-of-order deliveries wins.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreKind } from '../../kernel/database/schema';
import type { NumberedMigration } from '../../kernel/database/migrations';

function alertsMigration(kind: StoreKind): Migration {
  const text = (c: any) => (kind === 'postgres' ? c.modifyEnd(sql`collate "C"`) : c); // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    async up(db: Kysely<any>) {
      // eslint-disable-line @typescript-eslint/no-explicit-any
      await db.schema
        .createTable('alerts')
        .addColumn('fingerprint', 'text', (c) => text(c.primaryKey()))
        .addColumn('alertname', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('event_ts', 'text', (c) => text(c.notNull()))
        .addColumn('severity', 'text')
        .addColumn('summary', 'text')
        .addColumn('runbook_url', 'text')
        .addColumn('tenant_id', 'text')
        .addColumn('shard', 'text')
        .addColumn('service', 'text')
        .addColumn('environment', 'text')
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('generator_url', 'text')
        .execute();
      // Inbox order (firing first, newest first) and the same order per tenant.
      await db.schema
        .createIndex('alerts_active_event')
        .on('alerts')
        .columns(['active', 'event_ts', 'fingerprint'])
        .execute();
      await db.schema
        .createIndex('alerts_tenant_active_event')
        .on('alerts')
        .columns(['tenant_id', 'active', 'event_ts', 'fingerprint'])
        .execute();
    },
    async down(db: Kysely<any>) {
      // eslint-disable-line @typescript-eslint/no-explicit-any
      await db.schema.dropTable('alerts').ifExists().execute();
    },
  };
}

export const operationsMigrations: NumberedMigration[] = [
  {
    id: '006_alerts',
    formerIds: ['004_alerts'],
    up: (db, kind) => alertsMigration(kind).up(db),
    down: (db, kind) => alertsMigration(kind).down?.(db) ?? Promise.resolve(),
  },
];
