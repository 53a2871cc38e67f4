/**
 * Job tables. `jobs` holds one row per job with its lease and
 * fencing token; `job_steps` one row per step. A partial unique index on `lock_key` allows at most
 * one active job per target (tenant or workload). Written for SQLite and PostgreSQL.
 */
import { sql } from 'kysely';
import { sortable, type NumberedMigration } from '../kernel/database/migrations';

export const jobsMigrations: NumberedMigration[] = [
  {
    id: '005_jobs',
    formerIds: ['003_jobs'],
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text')
        .addColumn('lock_key', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('requested_by_login', 'text', (c) => c.notNull())
        .addColumn('requested_by_org', 'integer', (c) => c.notNull())
        .addColumn('approval', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('context', 'text', (c) => c.notNull())
        .addColumn('current_step', 'integer', (c) => c.notNull())
        .addColumn('step_count', 'integer', (c) => c.notNull())
        .addColumn('cancel_requested', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => text(c.notNull()))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('fence', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_list').on('jobs').columns(['active', 'created_at', 'id']).execute();
      await db.schema.createIndex('jobs_claim').on('jobs').columns(['status', 'lease_expires_at']).execute();
      await db.schema.createIndex('jobs_tenant').on('jobs').columns(['tenant_id', 'active', 'created_at']).execute();
      await db.schema
        .createIndex('jobs_one_active_per_target')
        .on('jobs')
        .column('lock_key')
        .unique()
        .where(sql.ref('active'), '=', 1)
        .execute();
      await db.schema
        .createTable('job_steps')
        .addColumn('job_id', 'text', (c) => text(c.notNull().references('jobs.id').onDelete('cascade')))
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('observed', 'text')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('job_steps_pk', ['job_id', 'idx'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('job_steps').ifExists().execute();
      await db.schema.dropTable('jobs').ifExists().execute();
    },
  },
];
