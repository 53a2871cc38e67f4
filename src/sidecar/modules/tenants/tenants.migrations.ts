/** Tenants and their labels (one row per label, so label filters use an index on both stores). */
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';
import type { TenantsTable } from '../../kernel/database/schema';
import { rowToTenant, tenantDocument } from './tenants.store';

const BACKFILL_BATCH = 500;

export const tenantsMigrations: NumberedMigration[] = [
  {
    id: '003_tenants',
    formerIds: ['001_tenants_audit_idempotency'],
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('display_name', 'text', (c) => text(c.notNull()))
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('organization_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => text(c.notNull()))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => text(c.notNull()))
        .addColumn('updated_at', 'text', (c) => text(c.notNull()))
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('quotas', 'text', (c) => c.notNull())
        .addColumn('feature_flags', 'text', (c) => c.notNull())
        .addColumn('contacts', 'text', (c) => c.notNull())
        .execute();
      // Keyset pagination: one composite index per sort field, ending in the id tie-break.
      for (const col of ['display_name', 'created_at', 'updated_at', 'status']) {
        await db.schema.createIndex(`tenants_${col}_id`).on('tenants').columns([col, 'id']).execute();
      }
      await db.schema.createIndex('tenants_environment_id').on('tenants').columns(['environment', 'id']).execute();
      await db.schema.createIndex('tenants_plan_id').on('tenants').columns(['plan', 'id']).execute();

      await db.schema
        .createTable('tenant_labels')
        .addColumn(
          'tenant_id',
          'text',
          (c) => text(c.notNull().references('tenants.id').onDelete('cascade')) as typeof c
        )
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tenant_labels_pk', ['tenant_id', 'key'])
        .execute();
      await db.schema
        .createIndex('tenant_labels_key_value')
        .on('tenant_labels')
        .columns(['key', 'value', 'tenant_id'])
        .execute();
    },
    async down(db) {
      for (const t of ['tenant_labels', 'tenants']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  },
  {
    id: '008_tenant_status_sort_indexes',
    formerIds: ['005_tenant_status_sort_indexes'],
    // The status pills filter by one status and sort: walk (status, sort column, id) instead of sorting.
    async up(db) {
      for (const col of ['display_name', 'created_at', 'updated_at']) {
        await db.schema.createIndex(`tenants_status_${col}_id`).on('tenants').columns(['status', col, 'id']).execute();
      }
    },
    async down(db) {
      for (const col of ['display_name', 'created_at', 'updated_at']) {
        await db.schema.dropIndex(`tenants_status_${col}_id`).ifExists().execute();
      }
    },
  },
  {
    id: '016_tenant_documents',
    // Each tenant's contract JSON beside its columns (tenants.store.ts tenantDocument), filled here for
    // existing rows and written by every tenant write from then on: a list page joins stored texts.
    async up(db, kind) {
      await db.schema.alterTable('tenants').addColumn('document', 'text').execute();
      let after = '';
      for (;;) {
        const rows = (await db
          .selectFrom('tenants')
          .selectAll()
          .where('id', '>', after)
          .orderBy('id')
          .limit(BACKFILL_BATCH)
          .execute()) as TenantsTable[];
        // One transaction per batch where the migration itself is not one (SQLite runs DDL outside).
        const fill = async (ex: typeof db) => {
          for (const row of rows) {
            await ex
              .updateTable('tenants')
              .set({ document: tenantDocument(rowToTenant(row)) })
              .where('id', '=', row.id)
              .execute();
          }
        };
        await (db.isTransaction ? fill(db) : db.transaction().execute(fill));
        if (rows.length < BACKFILL_BATCH) break;
        after = rows[rows.length - 1].id;
      }
      // SQLite cannot add NOT NULL to an existing column; there the writers (tenantToRow) guarantee it.
      if (kind === 'postgres') {
        await db.schema
          .alterTable('tenants')
          .alterColumn('document', (c) => c.setNotNull())
          .execute();
      }
    },
    async down(db) {
      await db.schema.alterTable('tenants').dropColumn('document').execute();
    },
  },
  {
    id: '017_tenant_counts_index',
    // The overview's counts group by (status, environment): with this covering index they read the
    // index alone instead of every row (each row carries its stored document since 016), and a scoped
    // count checks ids against the index instead of the table.
    async up(db) {
      await db.schema
        .createIndex('tenants_status_environment_id')
        .on('tenants')
        .columns(['status', 'environment', 'id'])
        .execute();
    },
    async down(db) {
      await db.schema.dropIndex('tenants_status_environment_id').ifExists().execute();
    },
  },
];
