/**
 * Versioned config: every version of every document (kind × scope), append-only — triggers on both
 * stores refuse any UPDATE or DELETE of a version — and the version applied per environment.
 */
import { sql } from 'kysely';
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

const REFUSAL = 'config versions are append-only';

export const configMigrations: NumberedMigration[] = [
  {
    id: '012_config',
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('config_versions')
        .addColumn('kind', 'text', (c) => text(c.notNull()))
        .addColumn('scope', 'text', (c) => text(c.notNull()))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('restored_from', 'integer')
        .addPrimaryKeyConstraint('config_versions_pk', ['kind', 'scope', 'version'])
        .execute();
      await db.schema
        .createTable('config_applied')
        .addColumn('kind', 'text', (c) => text(c.notNull()))
        .addColumn('scope', 'text', (c) => text(c.notNull()))
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('config_applied_pk', ['kind', 'scope', 'environment'])
        .execute();
      await db.schema
        .createIndex('config_applied_env')
        .on('config_applied')
        .columns(['environment', 'scope'])
        .execute();
      if (kind === 'postgres') {
        await sql`create function config_versions_append_only() returns trigger language plpgsql as $$
          begin raise exception '${sql.raw(REFUSAL)}'; end $$`.execute(db);
        await sql`create trigger config_versions_append_only before update or delete on config_versions
          for each row execute function config_versions_append_only()`.execute(db);
      } else {
        for (const op of ['update', 'delete']) {
          await sql`create trigger ${sql.raw(`config_versions_no_${op}`)} before ${sql.raw(op)} on config_versions
            begin select raise(abort, '${sql.raw(REFUSAL)}'); end`.execute(db);
        }
      }
    },
    async down(db, kind) {
      await db.schema.dropTable('config_applied').execute();
      await db.schema.dropTable('config_versions').execute();
      if (kind === 'postgres') await sql`drop function if exists config_versions_append_only()`.execute(db);
    },
  },
];
