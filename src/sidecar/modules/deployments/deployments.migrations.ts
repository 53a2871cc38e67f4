/**
 * Deployments: one row per rollout (its plan, progress, control flags and outcome), the gate
 * evaluations of its canary steps (one per step: a replayed step finds its evaluation already
 * there), and deploy freezes.
 */
import { sortable, type NumberedMigration } from '../../kernel/database/migrations';

export const deploymentsMigrations: NumberedMigration[] = [
  {
    id: '011_deployments',
    async up(db, kind) {
      const text = sortable(kind);
      await db.schema
        .createTable('deployments')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('job_id', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('shards', 'text', (c) => c.notNull())
        .addColumn('from_version', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text', (c) => c.notNull())
        .addColumn('to_version', 'text', (c) => c.notNull())
        .addColumn('strategy', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('steps', 'text', (c) => c.notNull())
        .addColumn('current_step', 'integer', (c) => c.notNull())
        .addColumn('baseline', 'text')
        .addColumn('outcome_reason', 'text')
        .addColumn('pause_requested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('abort_requested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('abort_reason', 'text')
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => text(c.notNull()))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createIndex('deployments_active_created')
        .on('deployments')
        .columns(['active', 'created_at', 'id'])
        .execute();
      await db.schema
        .createTable('deployment_rollouts')
        .addColumn('deployment_id', 'text', (c) => text(c.notNull()))
        .addColumn('step_index', 'integer', (c) => c.notNull())
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('evaluation', 'text', (c) => c.notNull())
        .addColumn('evaluated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('deployment_rollouts_pk', ['deployment_id', 'step_index'])
        .execute();
      await db.schema
        .createTable('deploy_freezes')
        .addColumn('id', 'text', (c) => text(c.primaryKey()))
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => text(c.notNull()))
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('lifted_at', 'text')
        .execute();
      await db.schema.createIndex('deploy_freezes_expires').on('deploy_freezes').column('expires_at').execute();
    },
    async down(db) {
      await db.schema.dropTable('deploy_freezes').execute();
      await db.schema.dropTable('deployment_rollouts').execute();
      await db.schema.dropTable('deployments').execute();
    },
  },
];
