/**
 * Table types for kysely. Timestamps are stored as ISO-8601 UTC text with millisecond precision
 * (`Date#toISOString`, fixed width), so they sort and compare identically on SQLite and PostgreSQL
 * and round-trip exactly into cursors and audit hashes. JSON documents are stored as text for the
 * same portability; everything that is filtered or sorted on has its own column.
 */
import type { Kysely, Transaction } from 'kysely';

export interface TenantsTable {
  id: string;
  display_name: string;
  plan: string;
  environment: string;
  organization_id: string;
  application_id: string;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** JSON: labels, quotas, featureFlags, contacts. */
  labels: string;
  quotas: string;
  feature_flags: string;
  contacts: string;
  /**
   * The tenant as the contract's JSON (tenantDocument of the row's own columns), written with every
   * change of the row, so a list page is assembled from stored text instead of parse → serialize.
   */
  document: string;
}

/** One row per tenant label, so label filters use an index on both stores. */
export interface TenantLabelsTable {
  tenant_id: string;
  key: string;
  value: string;
}

export interface AuditEntriesTable {
  seq: number;
  ts: string;
  actor_login: string;
  actor_org_id: number;
  actor_role: string | null;
  action: string;
  target_type: string;
  target_id: string;
  reason: string | null;
  request_id: string;
  job_id: string | null;
  outcome: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** Single row (id = 1): the chain head. Appenders update it first, which serializes them (row lock on PG). */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  state: 'in_progress' | 'completed';
  status_code: number | null;
  response_body: string | null;
  created_at: string;
  /** ISO time the current attempt started; an in-progress key older than the lock timeout may be taken over. */
  locked_at: string;
}

export interface JobsTable {
  id: string;
  type: string;
  status: string;
  active: number;
  environment: string;
  tenant_id: string | null;
  lock_key: string;
  target: string;
  params: string;
  reason: string;
  source: string;
  requested_by_login: string;
  requested_by_org: number;
  approval: string;
  plan: string;
  context: string;
  current_step: number;
  step_count: number;
  cancel_requested: number;
  error: string | null;
  request_id: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  fence: number;
}

export interface JobStepsTable {
  job_id: string;
  idx: number;
  name: string;
  title: string;
  status: string;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  observed: string | null;
  error: string | null;
}

export interface PlacementShardsTable {
  id: string;
  kind: string;
  region: string;
  labels: string;
  capacity: number;
  version: string;
  status: string;
  revision: number;
  updated_at: string;
}

export interface PlacementAssignmentsTable {
  tenant_id: string;
  kind: string;
  shard_id: string;
  revision: number;
  generation: number;
  updated_at: string;
}

export interface PlacementHistoryTable {
  tenant_id: string;
  kind: string;
  revision: number;
  shard_id: string;
  previous_shard_id: string | null;
  at: string;
  actor: string;
  reason: string | null;
  job_id: string | null;
}

export interface IsolationVerdictChangesTable {
  tenant_id: string;
  /** 1, 2, … per tenant; (tenant_id, seq) is the key, so two replicas cannot record the same change twice. */
  seq: number;
  verdict: string;
  previous_verdict: string | null;
  changed_at: string;
  /** JSON array of the check ids that did not pass. */
  failing: string;
}

export interface SecurityEventsTable {
  id: string;
  ts: string;
  decision: string;
  status: number;
  message: string;
  method: string;
  route: string;
  action: string | null;
  login: string | null;
  request_id: string;
}

export interface AlertsTable {
  fingerprint: string;
  alertname: string;
  status: 'firing' | 'resolved';
  /** 1 while firing, 0 once resolved. */
  active: number;
  event_ts: string;
  severity: string | null;
  summary: string | null;
  runbook_url: string | null;
  tenant_id: string | null;
  shard: string | null;
  service: string | null;
  environment: string | null;
  /** JSON object of the alert's labels. */
  labels: string;
  starts_at: string;
  ends_at: string | null;
  received_at: string;
  generator_url: string | null;
}

export interface EntitlementRulesTable {
  id: string;
  /** `team` or `role`. */
  subject_type: string;
  /** The team name or the org role. */
  subject: string;
  /** `all`, `environments`, `labels` or `tenants` (also inside `scope`). */
  scope_type: string;
  /** JSON: the contract's EntitlementScope. */
  scope: string;
  description: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface DeploymentsTable {
  id: string;
  job_id: string;
  kind: string;
  environment: string;
  /** JSON array of shard ids. */
  shards: string;
  from_version: string;
  /** JSON: per shard, what ran before (deployment, version, replicas, revision). */
  from_state: string;
  to_version: string;
  /** JSON DeployStrategy. */
  strategy: string;
  status: string;
  /** 1 until the deployment reaches a terminal status. */
  active: number;
  /** JSON DeployStep[]. */
  steps: string;
  current_step: number;
  /** JSON TrafficSample of the stable track before the deploy, null until measured. */
  baseline: string | null;
  outcome_reason: string | null;
  pause_requested: number;
  abort_requested: number;
  abort_reason: string | null;
  requested_by: string;
  reason: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface DeploymentRolloutsTable {
  deployment_id: string;
  step_index: number;
  passed: number;
  /** JSON GateEvaluation. */
  evaluation: string;
  evaluated_at: string;
}

export interface DeployFreezesTable {
  id: string;
  /** `global` or an environment. */
  scope: string;
  reason: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  lifted_at: string | null;
}

/** Every table of the sidecar's database, whichever module owns its migration. */
/** One immutable version of a config document (kind × scope); the store refuses update and delete. */
export interface ConfigVersionsTable {
  kind: string;
  scope: string;
  version: number;
  schema_version: number;
  /** JSON of the document. */
  value: string;
  author: string;
  reason: string;
  created_at: string;
  hash: string;
  restored_from: number | null;
}

/** The version of a config document applied in an environment (written by the config.apply job). */
export interface ConfigAppliedTable {
  kind: string;
  scope: string;
  environment: string;
  version: number;
  job_id: string;
  applied_at: string;
}

export interface DB {
  tenants: TenantsTable;
  tenant_labels: TenantLabelsTable;
  audit_entries: AuditEntriesTable;
  audit_head: AuditHeadTable;
  idempotency_keys: IdempotencyKeysTable;
  jobs: JobsTable;
  job_steps: JobStepsTable;
  placement_shards: PlacementShardsTable;
  placement_assignments: PlacementAssignmentsTable;
  placement_history: PlacementHistoryTable;
  placement_outbox_batches: PlacementOutboxBatchesTable;
  placement_outbox: PlacementOutboxTable;
  isolation_verdict_changes: IsolationVerdictChangesTable;
  alerts: AlertsTable;
  security_events: SecurityEventsTable;
  entitlement_rules: EntitlementRulesTable;
  deployments: DeploymentsTable;
  deployment_rollouts: DeploymentRolloutsTable;
  deploy_freezes: DeployFreezesTable;
  config_versions: ConfigVersionsTable;
  config_applied: ConfigAppliedTable;
  definition_bundles: DefinitionBundlesTable;
  definition_activations: DefinitionActivationsTable;
  definition_overrides: DefinitionOverridesTable;
}

/** One immutable bundle version (JSON text of the parsed bundle and its validation). */
export interface DefinitionBundlesTable {
  name: string;
  version: string;
  hash: string;
  bundle: string;
  validation: string;
  uploaded_by: string;
  uploaded_at: string;
}

/** A bundle version made current in an environment (by a promotion or revert job, or the demo seed). */
export interface DefinitionActivationsTable {
  id: string;
  environment: string;
  bundle_name: string;
  version: string;
  hash: string;
  /** Order of activations per (bundle, environment); the highest is current. */
  seq: number;
  promoted_at: string;
  promoted_by: string;
  healthy: number;
}

export interface DefinitionOverridesTable {
  tenant_id: string;
  bundle_name: string;
  /** JSON array of effect provider definitions. */
  effect_providers: string;
  updated_at: string;
  updated_by: string;
}

/** One staged set of placement writes: committed with its audit entry, applied by the outbox relay. */
export interface PlacementOutboxBatchesTable {
  id: string;
  /** The job and step that staged it (one batch per job step; null outside a job). */
  job_id: string | null;
  step: string;
  /** JSON: what the step reports besides the writes (e.g. deferred moves). */
  summary: string;
  created_at: string;
}

/** One placement write of a batch, applied to the placement store once (compare-and-set on the revision read when staged). */
export interface PlacementOutboxTable {
  batch_id: string;
  seq: number;
  /** JSON of the write (see placementOutbox.ts). */
  op: string;
  /** pending → applied (the store holds it) or superseded (another writer changed the record first). */
  status: string;
  applied_at: string | null;
}

export type Db = Kysely<DB>;
/** A query executor: the database or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;
export type StoreKind = 'sqlite' | 'postgres';
