/**
 * The alert inbox table. One row per Alertmanager fingerprint
 * (deduplicated); `event_ts` is the time of the state the row holds (startsAt while firing, endsAt
 * once resolved): it orders the inbox and decides which of two out-of-order deliveries wins.
 */
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

export const operationsMigrations: NumberedMigration[] = [
  {
    id: '006_alerts',
    formerIds: ['004_alerts'],
    async up(db, kind) {
      const text = sortable(kind);
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
    async down(db) {
      await db.schema.dropTable('alerts').ifExists().execute();
    },
  },
];
