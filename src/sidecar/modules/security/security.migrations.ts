/** The security log's table: refused requests, newest first by (ts, id). */
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

export const securityMigrations: NumberedMigration[] = [
  {
    id: '009_security_events',
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('security_events')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('ts', 'text', (c) => text(c.notNull()))
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('action', 'text')
        .addColumn('login', 'text')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('security_events_ts_id').on('security_events').columns(['ts', 'id']).execute();
    },
    async down(db) {
      await db.schema.dropTable('security_events').execute();
    },
  },
];
