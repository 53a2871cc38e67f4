/** Isolation verdict changes per tenant. SQLite and PostgreSQL ("C" collation on sort keys, as elsewhere). */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { NumberedMigration } from '../../kernel/database/migrations';
import type { StoreKind } from '../../kernel/database/schema';

function isolationMigration(kind: StoreKind): Migration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const text = (c: any) => (kind === 'postgres' ? c.modifyEnd(sql`collate "C"`) : c);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
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
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable('isolation_verdict_changes').ifExists().execute();
    },
  };
}

export const isolationMigrations: NumberedMigration[] = [
  {
    id: '007_isolation',
    formerIds: ['004_isolation'],
    up: (db, kind) => isolationMigration(kind).up(db),
    down: (db, kind) => isolationMigration(kind).down?.(db) ?? Promise.resolve(),
  },
];
