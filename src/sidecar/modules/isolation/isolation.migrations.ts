/** Isolation verdict changes per tenant. SQLite and PostgreSQL ("C" collation on sort keys, as elsewhere). */
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

export const isolationMigrations: NumberedMigration[] = [
  {
    id: '007_isolation',
    formerIds: ['004_isolation'],
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('isolation_verdict_changes')
        .addColumn('tenant_id', 'text', (c) => text(c.notNull()))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('previous_verdict', 'text')
        .addColumn('changed_at', 'text', (c) => text(c.notNull()))
        .addColumn('failing', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('isolation_verdict_changes_pk', ['tenant_id', 'seq'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('isolation_verdict_changes').ifExists().execute();
    },
  },
];
