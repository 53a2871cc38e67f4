/**
 * Schema migrations, provided in code (no files to ship) and written to run on SQLite and PostgreSQL.
 * On PostgreSQL, sortable text columns use the "C" collation so ordering (and thus keyset cursors)
 * is byte order, the same as SQLite's BINARY.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { jobsMigration } from '../../jobs/jobs.migrations';
import { placementMigration } from '../../modules/placement/placement.migrations';
import { isolationMigration } from '../../modules/isolation/isolation.store';
import { alertsMigration } from '../../modules/operations/operations.migrations';
import { GENESIS_HASH, type StoreKind } from './schema';

function migrations(kind: StoreKind): Record<string, Migration> {
  const collate = (c: { modifyEnd: (e: ReturnType<typeof sql>) => unknown }) =>
    kind === 'postgres' ? c.modifyEnd(sql`collate "C"`) : c;
  return {
    '001_tenants_audit_idempotency': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('tenants')
          .addColumn('id', 'text', (c) => collate(c.primaryKey()) as typeof c)
          .addColumn('display_name', 'text', (c) => collate(c.notNull()) as typeof c)
          .addColumn('plan', 'text', (c) => c.notNull())
          .addColumn('environment', 'text', (c) => c.notNull())
          .addColumn('organization_id', 'text', (c) => c.notNull())
          .addColumn('application_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => collate(c.notNull()) as typeof c)
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => collate(c.notNull()) as typeof c)
          .addColumn('updated_at', 'text', (c) => collate(c.notNull()) as typeof c)
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
            (c) => collate(c.notNull().references('tenants.id').onDelete('cascade')) as typeof c
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

        await db.schema
          .createTable('audit_entries')
          .addColumn('seq', 'integer', (c) => c.primaryKey())
          .addColumn('ts', 'text', (c) => collate(c.notNull()) as typeof c)
          .addColumn('actor_login', 'text', (c) => c.notNull())
          .addColumn('actor_org_id', 'integer', (c) => c.notNull())
          .addColumn('actor_role', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target_type', 'text', (c) => c.notNull())
          .addColumn('target_id', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('job_id', 'text')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('details', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('audit_target_seq')
          .on('audit_entries')
          .columns(['target_type', 'target_id', 'seq'])
          .execute();
        await db.schema.createIndex('audit_actor_seq').on('audit_entries').columns(['actor_login', 'seq']).execute();
        await db.schema.createIndex('audit_job_seq').on('audit_entries').columns(['job_id', 'seq']).execute();

        await db.schema
          .createTable('audit_head')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();

        await db.schema
          .createTable('idempotency_keys')
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('request_hash', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('status_code', 'integer')
          .addColumn('response_body', 'text')
          .addColumn('created_at', 'text', (c) => collate(c.notNull()) as typeof c)
          .addColumn('locked_at', 'text', (c) => collate(c.notNull()) as typeof c)
          .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
          .execute();
        await db.schema.createIndex('idempotency_created').on('idempotency_keys').column('created_at').execute();
      },
      async down(db: Kysely<any>) {
        for (const t of ['idempotency_keys', 'audit_head', 'audit_entries', 'tenant_labels', 'tenants']) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    '002_placement': placementMigration(kind),
    '003_jobs': jobsMigration(kind),
    '004_alerts': alertsMigration(kind),
    '004_isolation': isolationMigration(kind),
    '005_tenant_status_sort_indexes': {
      // The status pills filter by one status and sort: walk (status, sort column, id) instead of sorting.
      async up(db: Kysely<any>) {
        for (const col of ['display_name', 'created_at', 'updated_at']) {
          await db.schema
            .createIndex(`tenants_status_${col}_id`)
            .on('tenants')
            .columns(['status', col, 'id'])
            .execute();
        }
      },
      async down(db: Kysely<any>) {
        for (const col of ['display_name', 'created_at', 'updated_at']) {
          await db.schema.dropIndex(`tenants_status_${col}_id`).ifExists().execute();
        }
      },
    },
  };
}

export async function migrateToLatest(db: Kysely<any>, kind: StoreKind): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(kind) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String((error as Error)?.message ?? error)}`
    );
  }
}
