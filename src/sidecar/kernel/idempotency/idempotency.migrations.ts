/** The idempotency key table: a mutation's stored response, replayed for the same key and body. */
import { sortable, type NumberedMigration } from '../database/migrations';

export const idempotencyMigrations: NumberedMigration[] = [
  {
    id: '001_idempotency_keys',
    formerIds: ['001_tenants_audit_idempotency'],
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('response_body', 'text')
        .addColumn('created_at', 'text', (c) => text(c.notNull()))
        .addColumn('locked_at', 'text', (c) => text(c.notNull()))
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_created').on('idempotency_keys').column('created_at').execute();
    },
    async down(db) {
      await db.schema.dropTable('idempotency_keys').ifExists().execute();
    },
  },
];
