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

export interface DB {
  tenants: TenantsTable;
  tenant_labels: TenantLabelsTable;
  audit_entries: AuditEntriesTable;
  audit_head: AuditHeadTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type Db = Kysely<DB>;
/** A query executor: the database or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;
export type StoreKind = 'sqlite' | 'postgres';

export const GENESIS_HASH = '0'.repeat(64);
