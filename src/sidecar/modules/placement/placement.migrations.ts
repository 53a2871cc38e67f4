/**
 * Placement tables, written for SQLite and PostgreSQL; on
 * PostgreSQL the sort keys use the "C" collation so keyset order is byte order on both.
 */
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

export const placementMigrations: NumberedMigration[] = [
  {
    id: '004_placement',
    formerIds: ['002_placement'],
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('placement_shards')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('capacity', 'double precision', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('placement_assignments')
        .addColumn('tenant_id', 'text', (c) => text(c.notNull()))
        .addColumn('kind', 'text', (c) => text(c.notNull()))
        .addColumn('shard_id', 'text', (c) => text(c.notNull()))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('placement_assignments_pk', ['tenant_id', 'kind'])
        .execute();
      await db.schema
        .createIndex('placement_assignments_shard')
        .on('placement_assignments')
        .columns(['shard_id', 'tenant_id', 'kind'])
        .execute();
      await db.schema
        .createIndex('placement_assignments_kind')
        .on('placement_assignments')
        .columns(['kind', 'tenant_id'])
        .execute();
      await db.schema
        .createTable('placement_history')
        .addColumn('tenant_id', 'text', (c) => text(c.notNull()))
        .addColumn('kind', 'text', (c) => text(c.notNull()))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('shard_id', 'text', (c) => c.notNull())
        .addColumn('previous_shard_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('job_id', 'text')
        .addPrimaryKeyConstraint('placement_history_pk', ['tenant_id', 'kind', 'revision'])
        .execute();
    },
    async down(db) {
      for (const t of ['placement_history', 'placement_assignments', 'placement_shards']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  },
  {
    id: '014_placement_outbox',
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('placement_outbox_batches')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('job_id', 'text', (c) => text(c))
        .addColumn('step', 'text', (c) => text(c.notNull()))
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // One batch per job step: a replayed step finds what it staged instead of staging it again.
      await db.schema
        .createIndex('placement_outbox_batches_job_step')
        .on('placement_outbox_batches')
        .columns(['job_id', 'step'])
        .unique()
        .execute();
      await db.schema
        .createTable('placement_outbox')
        .addColumn('batch_id', 'text', (c) => text(c.notNull()))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text')
        .addPrimaryKeyConstraint('placement_outbox_pk', ['batch_id', 'seq'])
        .execute();
      await db.schema.createIndex('placement_outbox_status').on('placement_outbox').columns(['status']).execute();
    },
    async down(db) {
      for (const t of ['placement_outbox', 'placement_outbox_batches']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  },
];
