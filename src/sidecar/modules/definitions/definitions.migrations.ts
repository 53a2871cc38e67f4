/**
 * Definitions: stored bundle versions (immutable: name, version and the content hash of the bundle),
 * what ran in each environment (one row per activation, newest last; a promotion or revert job
 * activates once, keyed by its job id) and tenant overrides of effect providers.
 */
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

export const definitionsMigrations: NumberedMigration[] = [
  {
    id: '013_definitions',
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('definition_bundles')
        .addColumn('name', 'text', (c) => text(c.notNull()))
        .addColumn('version', 'text', (c) => text(c.notNull()))
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('bundle', 'text', (c) => c.notNull())
        .addColumn('validation', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => text(c.notNull()))
        .addPrimaryKeyConstraint('definition_bundles_pk', ['name', 'version'])
        .execute();
      await db.schema
        .createTable('definition_activations')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('environment', 'text', (c) => text(c.notNull()))
        .addColumn('bundle_name', 'text', (c) => text(c.notNull()))
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('promoted_at', 'text', (c) => c.notNull())
        .addColumn('promoted_by', 'text', (c) => c.notNull())
        .addColumn('healthy', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('definition_activations_env_seq')
        .on('definition_activations')
        .columns(['bundle_name', 'environment', 'seq'])
        .unique()
        .execute();
      await db.schema
        .createTable('definition_overrides')
        .addColumn('tenant_id', 'text', (c) => text(c.notNull()))
        .addColumn('bundle_name', 'text', (c) => text(c.notNull()))
        .addColumn('effect_providers', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('definition_overrides_pk', ['tenant_id', 'bundle_name'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('definition_overrides').execute();
      await db.schema.dropTable('definition_activations').execute();
      await db.schema.dropTable('definition_bundles').execute();
    },
  },
];
