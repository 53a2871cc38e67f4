/** The audit chain's tables: the entries and the single head row appenders serialize on. */
import { GENESIS_HASH } from '../../kernel/audit/auditChain';
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

export const auditMigrations: NumberedMigration[] = [
  {
    id: '002_audit_chain',
    formerIds: ['001_tenants_audit_idempotency'],
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('audit_entries')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => text(c.notNull()))
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
    },
    async down(db) {
      for (const t of ['audit_head', 'audit_entries']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  },
];
