/** Entitlement rules: one row per (subject → scope) mapping. */
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

export const entitlementsMigrations: NumberedMigration[] = [
  {
    id: '010_entitlements',
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('entitlement_rules')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('scope_type', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => text(c.notNull()))
        .addColumn('updated_at', 'text', (c) => text(c.notNull()))
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('entitlement_rules_subject')
        .on('entitlement_rules')
        .columns(['subject_type', 'subject'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('entitlement_rules').ifExists().execute();
    },
  },
];
